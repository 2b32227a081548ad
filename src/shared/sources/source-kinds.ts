// The source kinds, listed once for the whole tree: the contract, the configuration file, health
// and the renderer read this list; the engine (src/main/engine/ingest/kinds/source-kinds.ts) and
// the renderer (views/settings/sources/source-forms.ts) register one module per name in it, and
// the type checker refuses a kind missing on either side. Order is the order of Settings → Sources
// and of start-up. Adding a kind: docs/developer-guide.md, "How to add a source kind".
import { type z } from 'zod';
import { kafkaSourceKind } from './kafka-schema';
import { mqttSourceKind } from './mqtt-schema';
import { kindNames } from './source-kind';

export const SOURCE_KINDS = [mqttSourceKind, kafkaSourceKind] as const;

export type SourceKinds = typeof SOURCE_KINDS;
export type SourceKindName = SourceKinds[number]['kind'];
export const SOURCE_KIND_NAMES = kindNames(SOURCE_KINDS);

type KindOf<K extends SourceKindName> = Extract<SourceKinds[number], { kind: K }>;
/** One source of kind K as the file and Settings store it (secrets included). */
export type SourceConfigOf<K extends SourceKindName> = z.output<KindOf<K>['config']>;
export type SourceViewOf<K extends SourceKindName> = z.output<KindOf<K>['view']>;
export type SourceSaveOf<K extends SourceKindName> = z.output<KindOf<K>['save']>;
export type SourceSaveInputOf<K extends SourceKindName> = z.input<KindOf<K>['save']>;

export function sourceKind(kind: SourceKindName): SourceKinds[number] {
  return SOURCE_KINDS.find((k) => k.kind === kind)!;
}

export function isSourceKind(kind: string): kind is SourceKindName {
  return SOURCE_KINDS.some((k) => k.kind === kind);
}
