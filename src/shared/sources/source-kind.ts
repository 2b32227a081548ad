// What every kind of source declares on the shared side, where the engine, the configuration
// file and the renderer all read it: its name and label, its configuration schema (secrets
// included, as the file and state.db hold it), the view clients get (secrets replaced by whether
// they are set), what a save or a test sends (secrets optional: left out keeps the stored one),
// and the rule saying where a stored secret may go. Most kinds are lists of sources with ids
// (MQTT, Kafka); a single-instance kind (HTTP ingest, the engine's one listener) is one section
// with no id. The kinds are listed once, in source-kinds.ts; the builders below turn those lists
// into the contract's and the file's schemas.
import { z } from 'zod';

/**
 * Where an item comes from: the configuration file (and environment / flags), Settings, or the
 * file's item edited in Settings (reverting drops the edit). `removed` items are file items
 * removed in Settings: listed so they can be restored.
 */
export const SettingOrigin = z.enum(['file', 'settings', 'edited', 'removed']);
export type SettingOrigin = z.infer<typeof SettingOrigin>;

/** A write-only secret as a view shows it. */
export const SecretState = z.object({ set: z.boolean() });

/** Every source has an id (its dead letters, health entry and client ids) and can be turned off. */
export interface SourceConfigBase {
  id: string;
  enabled: boolean;
}

export interface SourceKindSchemas<
  K extends string = string,
  C extends z.ZodType<SourceConfigBase> = z.ZodType<SourceConfigBase>,
  V extends z.ZodType = z.ZodType,
  S extends z.ZodType = z.ZodType,
> {
  /** The name in the contract, the configuration file (`sources.<kind>`) and health. */
  readonly kind: K;
  /** How people call it: "MQTT", "Kafka" (messages, Settings → Sources, the Sources view). */
  readonly label: string;
  /** One source as the configuration file and Settings store it, secrets included. */
  readonly config: C;
  /** What clients see: secrets replaced by whether they are set, and where it comes from. */
  readonly view: V;
  /** What a save or test sends: a secret left out keeps the stored one. */
  readonly save: S;
  /** The configuration file's `sources.<kind>` when the file says nothing. */
  readonly fileDefault: readonly z.input<C>[];
}

/** Declares a kind, keeping its literal name and exact schemas for the types built from the list. */
export function defineSourceKind<
  const K extends string,
  C extends z.ZodType<SourceConfigBase>,
  V extends z.ZodType,
  S extends z.ZodType,
>(kind: SourceKindSchemas<K, C, V, S>): SourceKindSchemas<K, C, V, S> {
  return kind;
}

/**
 * A kind with exactly one instance, served by the engine itself (HTTP ingest: POST /ingest/* on
 * its server): one section in the configuration file (`sources.<kind>`), in `sources.settings`
 * and in Settings → Sources — no list, no id, nothing to add, remove, turn on per item or test.
 * A save is `{ kind, <kind>: save }`; a revert is `{ kind }`; health names it by its kind.
 */
export interface SingleSourceKindSchemas<
  K extends string = string,
  C extends z.ZodType = z.ZodType,
  V extends z.ZodType = z.ZodType,
  S extends z.ZodType = z.ZodType,
> {
  /** The name in the contract, the configuration file (`sources.<kind>`), and health (kind and id). */
  readonly kind: K;
  /** How the Sources view names it beside "MQTT" and "Kafka": "HTTP". */
  readonly label: string;
  /** Its section in Settings → Sources and its messages: "HTTP ingest". */
  readonly title: string;
  /** Its configuration as the file and Settings store it, secrets included. */
  readonly config: C;
  /** What clients see: secrets replaced by whether they are set (or a fingerprint), and where it comes from. */
  readonly view: V;
  /** What a save sends: secrets added or removed, never listed. */
  readonly save: S;
  /** The configuration file's `sources.<kind>` when the file says nothing. */
  readonly fileDefault: z.input<C>;
}

/** Declares a single-instance kind, keeping its literal name and exact schemas. */
export function defineSingleSourceKind<
  const K extends string,
  C extends z.ZodType,
  V extends z.ZodType,
  S extends z.ZodType,
>(kind: SingleSourceKindSchemas<K, C, V, S>): SingleSourceKindSchemas<K, C, V, S> {
  return kind;
}

type AnyKind = SourceKindSchemas<string, z.ZodType<SourceConfigBase>, z.ZodType, z.ZodType>;
type Kinds = readonly [AnyKind, ...AnyKind[]];
type AnySingleKind = SingleSourceKindSchemas<string, z.ZodType, z.ZodType, z.ZodType>;
type SingleKinds = readonly [AnySingleKind, ...AnySingleKind[]];
type Named = readonly [{ readonly kind: string }, ...{ readonly kind: string }[]];

export type KindNames<T extends Named> = { [I in keyof T]: T[I]['kind'] };

export function kindNames<const T extends Named>(kinds: T): KindNames<T> {
  return kinds.map((k) => k.kind) as KindNames<T>;
}

/** `{ mqtt: z.array(MqttSourceView), … }`: every configured source of each kind, as clients see it. */
export function viewLists<const T extends Kinds>(kinds: T): { [E in T[number] as E['kind']]: z.ZodArray<E['view']> } {
  return Object.fromEntries(kinds.map((k) => [k.kind, z.array(k.view)])) as never;
}

/** `{ mqtt: z.array(MqttSourceConfig).prefault([{}]), … }`: the configuration file's `sources` section. */
export function fileLists<const T extends Kinds>(
  kinds: T,
): { [E in T[number] as E['kind']]: z.ZodPrefault<z.ZodArray<E['config']>> } {
  return Object.fromEntries(kinds.map((k) => [k.kind, z.array(k.config).prefault([...k.fileDefault])])) as never;
}

type SourceOption<E extends AnyKind> = z.ZodObject<
  { kind: z.ZodLiteral<E['kind']>; source: E['save'] },
  z.core.$strict
>;

/** One `{ kind, source }` option per kind, for the discriminated unions of sources.save and sources.test. */
export function sourceOptions<const T extends Kinds>(kinds: T): { [I in keyof T]: SourceOption<T[I]> } {
  return kinds.map((k) => z.object({ kind: z.literal(k.kind), source: k.save }).strict()) as never;
}

/** `{ http: HttpIngestView, … }`: each single-instance kind as clients see it. */
export function singleViews<const T extends SingleKinds>(kinds: T): { [E in T[number] as E['kind']]: E['view'] } {
  return Object.fromEntries(kinds.map((k) => [k.kind, k.view])) as never;
}

/** `{ http: HttpIngestConfig.prefault({}), … }`: each single-instance kind's section of the configuration file. */
export function singleFileSections<const T extends SingleKinds>(
  kinds: T,
): { [E in T[number] as E['kind']]: z.ZodPrefault<E['config']> } {
  return Object.fromEntries(kinds.map((k) => [k.kind, k.config.prefault(k.fileDefault)])) as never;
}

type SingleSaveOption<E extends AnySingleKind> = z.ZodObject<
  { kind: z.ZodLiteral<E['kind']> } & { [P in E['kind']]: E['save'] },
  z.core.$strict
>;

/** One `{ kind, <kind>: save }` option per single-instance kind, for the discriminated union of sources.save. */
export function singleSaveOptions<const T extends SingleKinds>(kinds: T): { [I in keyof T]: SingleSaveOption<T[I]> } {
  return kinds.map((k) => z.object({ kind: z.literal(k.kind), [k.kind]: k.save }).strict()) as never;
}
