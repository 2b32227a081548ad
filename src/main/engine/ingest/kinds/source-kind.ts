// What every kind of source declares on the engine side, next to its shared schemas: how its
// view hides its secrets and a save keeps them (toward the host they were saved for only), what
// to check before it runs beyond its schema (TLS files readable, topics that compile), how to
// create it and how to test a connection. Its health is the created source's own. The generic
// parts — ids unique across kinds, layering over the file, Settings, the runner — never branch
// on a kind's name. Kinds are registered once, in source-kinds.ts. A single-instance kind (HTTP
// ingest) declares less: its view, secrets and checks, and its health entry.
import type { SourceTestResult } from '../../../../shared/contract/sources';
import type { SourceHealth } from '../../../../shared/domain';
import type {
  SettingOrigin,
  SingleSourceKindSchemas,
  SourceConfigBase,
  SourceKindSchemas,
} from '../../../../shared/sources/source-kind';
import type { IngestSource } from '../ingest-source';
import type { InProcessBroker } from '../mqtt-source';
import type { Pipeline } from '../pipeline';
import type { SparkplugSessionDeps } from '../sparkplug/sparkplug-session';

/** A problem with one field, at its path from the source ("url", "tls.ca"), like the schema's own. */
export interface Issue {
  path: string;
  message: string;
}

/** Where sources run: what checks and connection tests need to know of this engine. */
export interface SourceContext {
  /** The embedded broker's URL, or null when it is off. */
  embeddedBrokerUrl: string | null;
}

/** What a created source is given. */
export interface SourceDeps {
  pipeline: Pipeline;
  log: (message: string) => void;
  clock: () => number;
  /** Identifies this installation to brokers (client ids, consumer sessions). */
  stationId: string;
  /** The embedded broker, taken in-process by sources on it; undefined when it is off. */
  broker: InProcessBroker | undefined;
  /** Where Sparkplug B births (new signals) and deaths (devices offline) are reported. */
  sparkplug: Pick<SparkplugSessionDeps, 'onBirth' | 'onDeath'>;
}

/**
 * One kind of source on the engine side. Methods (not function properties) on purpose: the
 * registry holds each kind with its own config type, and the generic code hands every method
 * a config its kind's schema has parsed.
 */
export interface EngineSourceKind<C extends SourceConfigBase = SourceConfigBase, V = unknown, S = unknown> {
  /** The shared declaration: name, label, schemas. */
  readonly schemas: SourceKindSchemas;
  /** What clients see of a configured source: secrets replaced by whether they are set. */
  view(config: C, origin: SettingOrigin): V;
  /**
   * The source a save or test stands for: stored secrets fill in what it left out — toward the
   * host they were saved for only; otherwise an issue at the secret's field says why. The
   * result is parsed with the kind's schema next.
   */
  withSecrets(save: S, stored: C | undefined): { source: unknown; issues: Issue[] };
  /** Problems the schema cannot see, checked before anything running is touched. */
  checks(config: C, context: SourceContext): Issue[];
  /** The source, not started; undefined when it has nothing to connect to here. */
  create(config: C, deps: SourceDeps): IngestSource | undefined;
  /** Connects as the source would, without saving or touching the running one. */
  test(config: C, context: SourceContext): Promise<SourceTestResult>;
  /**
   * Whether a replacement may start before the old one stops, so nothing published meanwhile is
   * missed (no broker session to take over). Absent: stop, then start.
   */
  overlaps?(before: C, after: C): boolean;
}

/**
 * A single-instance kind on the engine side (HTTP ingest). The engine does not run it: a
 * transport serves it (src/main/server/ingest), reading its configuration from Settings on each
 * request, so there is nothing to create, start or test here. What remains is what Settings and
 * health need.
 */
export interface EngineSingleSourceKind<C = unknown, V = unknown, S = unknown> {
  /** The shared declaration: name, label, title, schemas. */
  readonly schemas: SingleSourceKindSchemas;
  /** What clients see: secrets replaced by whether they are set (or a fingerprint). */
  view(config: C, origin: SettingOrigin): V;
  /** The configuration a save stands for: stored secrets kept, added or removed as it says. */
  withSecrets(save: S, stored: C): { source: unknown; issues: Issue[] };
  /** Problems the schema cannot see; absent when there are none to look for. */
  checks?(config: C, context: SourceContext): Issue[];
  /** Its entry in health (id and kind: the kind's name), or undefined while it is off. */
  health(config: C, pipeline: Pick<Pipeline, 'counters'>): SourceHealth | undefined;
}
