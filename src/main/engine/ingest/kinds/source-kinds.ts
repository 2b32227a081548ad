// The engine's source kinds, registered once: one module per name in the shared kind lists
// (src/shared/sources/source-kinds.ts). The types below refuse a shared kind without its engine
// module. Everything else — Settings, the runner, health, the engine's start-up — goes through here.
import type { SourceConfigBase } from '../../../../shared/sources/source-kind';
import {
  SINGLE_SOURCE_KIND_NAMES,
  SOURCE_KIND_NAMES,
  type SingleSourceConfigOf,
  type SingleSourceKindName,
  type SingleSourceSaveOf,
  type SingleSourceViewOf,
  type SourceConfigOf,
  type SourceKindName,
  type SourceSaveOf,
  type SourceViewOf,
} from '../../../../shared/sources/source-kinds';
import type { IngestSource } from '../ingest-source';
import { cloudKind } from './cloud-kind';
import { httpIngestKind } from './http-ingest-kind';
import { kafkaKind } from './kafka-kind';
import { mqttKind } from './mqtt-kind';
import { prometheusKind } from './prometheus-kind';
import type { EngineSingleSourceKind, EngineSourceKind, SourceDeps } from './source-kind';

type Registry = {
  readonly [K in SourceKindName]: EngineSourceKind<SourceConfigOf<K>, SourceViewOf<K>, SourceSaveOf<K>>;
};

const ENGINE_SOURCE_KINDS: Registry = {
  mqtt: mqttKind,
  kafka: kafkaKind,
  prometheus: prometheusKind,
  cloud: cloudKind,
};

type SingleRegistry = {
  readonly [K in SingleSourceKindName]: EngineSingleSourceKind<
    SingleSourceConfigOf<K>,
    SingleSourceViewOf<K>,
    SingleSourceSaveOf<K>
  >;
};

const ENGINE_SINGLE_SOURCE_KINDS: SingleRegistry = {
  http: httpIngestKind,
};

/** The single-instance kinds, in the order of the shared list. */
export const SINGLE_SOURCE_KIND_LIST: readonly EngineSingleSourceKind[] = SINGLE_SOURCE_KIND_NAMES.map(
  (name) => ENGINE_SINGLE_SOURCE_KINDS[name] as EngineSingleSourceKind,
);

/** A source to run: its kind's name and its configuration, parsed with that kind's schema. */
export interface SourceSpec {
  kind: string;
  config: SourceConfigBase;
}

/** The kinds an engine knows, in the order of the shared list (Settings, start-up). */
export interface SourceKindSet {
  readonly all: readonly EngineSourceKind[];
  get(kind: string): EngineSourceKind;
}

export function sourceKindSet(kinds: readonly EngineSourceKind[]): SourceKindSet {
  const byName = new Map(kinds.map((k) => [k.schemas.kind, k]));
  return {
    all: kinds,
    get(kind) {
      const k = byName.get(kind);
      if (!k) throw new Error(`no source kind "${kind}" is registered`);
      return k;
    },
  };
}

export const SOURCE_KIND_SET = sourceKindSet(
  SOURCE_KIND_NAMES.map((name) => ENGINE_SOURCE_KINDS[name] as EngineSourceKind),
);

/** Builds one source (not started); undefined when it has nothing to connect to here. */
export function createSource(spec: SourceSpec, deps: SourceDeps): IngestSource | undefined {
  return SOURCE_KIND_SET.get(spec.kind).create(spec.config, deps);
}
