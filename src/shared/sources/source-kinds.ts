// The source kinds, listed once for the whole tree: the contract, the configuration file, health
// and the renderer read these lists; the engine (src/main/engine/ingest/kinds/source-kinds.ts) and
// the renderer (views/settings/sources/source-forms.ts) register one module per name in them, and
// the type checker refuses a kind missing on either side. Order is the order of Settings → Sources
// (list kinds first, then the single-instance ones) and of start-up. Adding a kind:
// docs/developer-guide.md, "How to add a source kind".
import { type z } from 'zod';
import { cloudSourceKind } from './cloud-schema';
import { httpIngestKind } from './http-ingest-schema';
import { kafkaSourceKind } from './kafka-schema';
import { mqttSourceKind } from './mqtt-schema';
import { prometheusSourceKind } from './prometheus-schema';
import { kindNames } from './source-kind';
import * as names from './source-kind-names';

/** Kinds with a list of sources, each with its id. */
export const SOURCE_KINDS = [mqttSourceKind, kafkaSourceKind, prometheusSourceKind, cloudSourceKind] as const;

/** Kinds with exactly one instance, the engine's own: one section each, no ids. */
export const SINGLE_SOURCE_KINDS = [httpIngestKind] as const;

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

export type SingleSourceKinds = typeof SINGLE_SOURCE_KINDS;
export type SingleSourceKindName = SingleSourceKinds[number]['kind'];
export const SINGLE_SOURCE_KIND_NAMES = kindNames(SINGLE_SOURCE_KINDS);

// source-kind-names.ts lists the same names in the same order (for modules that must not load
// the schemas): a kind added here and not there, or the reverse, fails to compile.
const sameNames = <A extends readonly string[], B extends A>(a: A, b: B & (A extends B ? unknown : never)) => [a, b];
sameNames(SOURCE_KIND_NAMES, names.SOURCE_KIND_NAMES);
sameNames(SINGLE_SOURCE_KIND_NAMES, names.SINGLE_SOURCE_KIND_NAMES);

type SingleKindOf<K extends SingleSourceKindName> = Extract<SingleSourceKinds[number], { kind: K }>;
/** A single-instance kind's configuration as the file and Settings store it (secrets included). */
export type SingleSourceConfigOf<K extends SingleSourceKindName> = z.output<SingleKindOf<K>['config']>;
export type SingleSourceViewOf<K extends SingleSourceKindName> = z.output<SingleKindOf<K>['view']>;
export type SingleSourceSaveOf<K extends SingleSourceKindName> = z.output<SingleKindOf<K>['save']>;
export type SingleSourceSaveInputOf<K extends SingleSourceKindName> = z.input<SingleKindOf<K>['save']>;

export function isSingleSourceKind(kind: string): kind is SingleSourceKindName {
  return SINGLE_SOURCE_KINDS.some((k) => k.kind === kind);
}
