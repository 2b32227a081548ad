// The sources that run, by id, changed one at a time while the engine runs. Stopping a source
// drains the pipeline around it: what it had submitted is made durable (and so acknowledged —
// MQTT PUBACKs, Kafka offsets) before the connection closes, and anything that arrives while
// it closes is flushed after. A replacement that fails to start gives way to the old source.
import type { IngestSource } from '../ingest-source';
import { SOURCE_KIND_SET, type SourceKindSet, type SourceSpec } from '../kinds/source-kinds';

export interface SourceRunnerDeps {
  /** Builds a source; undefined when it cannot run here (no broker to connect to). */
  create(spec: SourceSpec): IngestSource | undefined;
  drain(): Promise<void>;
  log(message: string): void;
  /** The source kinds; the registered ones unless a test brings its own. */
  kinds?: SourceKindSet;
}

interface Running {
  spec: SourceSpec;
  key: string;
  source: IngestSource;
}

const keyOf = (spec: SourceSpec) => `${spec.kind}\0${JSON.stringify(spec.config)}`;

export class SourceRunner {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: SourceRunnerDeps) {}

  list(): IngestSource[] {
    return [...this.running.values()].map((r) => r.source);
  }

  has(id: string): boolean {
    return this.running.has(id);
  }

  /**
   * Starts each source in turn (engine start-up). A source from the configuration file that
   * cannot start fails start-up, as a bad file does; one saved in Settings is logged and left
   * stopped, so the engine still starts and Settings can correct it.
   */
  async startAll(specs: readonly (SourceSpec & { fromSettings?: boolean })[]): Promise<void> {
    for (const spec of specs) {
      try {
        await this.start(spec);
      } catch (err) {
        if (!spec.fromSettings) throw err;
        this.deps.log(
          `${spec.config.id}: saved in Settings but cannot start (${(err as Error).message}); left stopped`,
        );
      }
    }
  }

  /**
   * Makes source `id` run as `spec` (undefined: not at all). Unchanged is a no-op; changed is
   * stopped, then started anew. When the new one cannot start, the old one is started again
   * and the error is thrown.
   */
  async replace(id: string, spec: SourceSpec | undefined): Promise<void> {
    const old = this.running.get(id);
    if (old && spec && old.key === keyOf(spec)) return;
    if (old && spec && this.overlaps(old.spec, spec)) {
      // The new one takes over before the old one lets go (see EngineSourceKind.overlaps).
      await this.start(spec);
      await this.retire(old);
      return;
    }
    if (old) await this.stop(id);
    if (!spec) return;
    try {
      await this.start(spec);
    } catch (err) {
      if (old) {
        this.deps.log(`${id}: the new settings did not start (${(err as Error).message}); the previous ones run again`);
        await this.start(old.spec).catch((e: unknown) =>
          this.deps.log(`${id}: could not restart: ${(e as Error).message}`),
        );
      }
      throw err;
    }
  }

  private overlaps(before: SourceSpec, after: SourceSpec): boolean {
    if (before.kind !== after.kind) return false;
    const kind = (this.deps.kinds ?? SOURCE_KIND_SET).get(after.kind);
    return kind.overlaps?.(before.config, after.config) ?? false;
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id);
  }

  private async start(spec: SourceSpec): Promise<void> {
    const source = this.deps.create(spec);
    if (!source) return;
    try {
      await source.start();
    } catch (err) {
      await source.stop().catch(() => {});
      throw err;
    }
    this.running.set(spec.config.id, { spec, key: keyOf(spec), source });
  }

  private async stop(id: string): Promise<void> {
    const r = this.running.get(id);
    if (!r) return;
    this.running.delete(id);
    await this.retire(r);
  }

  private async retire(r: Running): Promise<void> {
    // Durable first, so what was delivered is acknowledged before the connection goes.
    await this.deps.drain();
    await r.source.stop();
    await this.deps.drain();
  }
}
