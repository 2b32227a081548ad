// Layers Settings over the configuration file: file items by id, replaced by an edited copy or
// hidden by a removal; items added in Settings after them. Every item keeps where it came from.
// Sources are layered per registered kind, the same way for every kind; a single-instance kind
// (HTTP ingest) is the file's or, once Settings changed it, Settings' ("edited").
import type { Device } from '../../../../shared/domain';
import type { ReadingTimes } from '../../../../shared/source-config';
import type { SettingOrigin, SourceConfigBase } from '../../../../shared/sources/source-kind';
import {
  SINGLE_SOURCE_KIND_NAMES,
  SOURCE_KIND_NAMES,
  type SingleSourceConfigOf,
  type SingleSourceKindName,
  type SourceConfigOf,
  type SourceKindName,
} from '../../../../shared/sources/source-kinds';
import { overridesOf, singleOverrideOf, type SourceOverrides } from './source-overrides';

export interface Layered<T> {
  item: T;
  origin: SettingOrigin;
}

/** The sources of every kind (mqtt, kafka, …; http), then the settings that are not sources. */
export type EffectiveSources = { [K in SourceKindName]: Layered<SourceConfigOf<K>>[] } & {
  [K in SingleSourceKindName]: Layered<SingleSourceConfigOf<K>>;
} & {
  devices: Layered<Device>[];
  autoRegister: Layered<boolean>;
  readingTimes: Layered<ReadingTimes>;
};

/** What the file (with environment and flags) says, before Settings; a kind it leaves out has none. */
export type FileSources = { readonly [K in SourceKindName]?: readonly SourceConfigOf<K>[] } & {
  readonly [K in SingleSourceKindName]: SingleSourceConfigOf<K>;
} & {
  devices: readonly Device[];
  autoRegister: boolean;
  readingTimes: ReadingTimes;
};

function layerList<T extends { id: string }>(file: readonly T[], over: Record<string, T | null>): Layered<T>[] {
  const out: Layered<T>[] = [];
  const fileIds = new Set<string>();
  for (const item of file) {
    fileIds.add(item.id);
    if (!(item.id in over)) out.push({ item, origin: 'file' });
    else if (over[item.id] === null) out.push({ item, origin: 'removed' });
    else out.push({ item: over[item.id]!, origin: 'edited' });
  }
  for (const [id, item] of Object.entries(over)) {
    if (!fileIds.has(id) && item) out.push({ item, origin: 'settings' });
  }
  return out;
}

/** The layered sources of one kind, whatever its config type. */
export function layeredOf(effective: EffectiveSources, kind: string): Layered<SourceConfigBase>[] {
  return (effective as unknown as Record<string, Layered<SourceConfigBase>[] | undefined>)[kind] ?? [];
}

/** A single-instance kind as it applies, whatever its config type. */
export function singleOf(effective: EffectiveSources, kind: string): Layered<unknown> {
  return (effective as unknown as Record<string, Layered<unknown>>)[kind]!;
}

function fileOf(file: FileSources, kind: string): readonly SourceConfigBase[] {
  return (file as unknown as Record<string, readonly SourceConfigBase[] | undefined>)[kind] ?? [];
}

function layerSingle(file: FileSources, over: SourceOverrides, kind: string): Layered<unknown> {
  const edited = singleOverrideOf(over, kind);
  if (edited) return { item: edited, origin: 'edited' };
  return { item: (file as unknown as Record<string, unknown>)[kind], origin: 'file' };
}

export function layerSources(
  file: FileSources,
  over: SourceOverrides,
  kinds: readonly string[] = SOURCE_KIND_NAMES,
  singles: readonly string[] = SINGLE_SOURCE_KIND_NAMES,
): EffectiveSources {
  const sources = Object.fromEntries(kinds.map((k) => [k, layerList(fileOf(file, k), overridesOf(over, k))]));
  const single = Object.fromEntries(singles.map((k) => [k, layerSingle(file, over, k)]));
  return {
    ...(sources as { [K in SourceKindName]: Layered<SourceConfigOf<K>>[] }),
    ...(single as { [K in SingleSourceKindName]: Layered<SingleSourceConfigOf<K>> }),
    devices: layerList(file.devices, over.devices),
    autoRegister:
      over.autoRegister === undefined
        ? { item: file.autoRegister, origin: 'file' }
        : { item: over.autoRegister, origin: 'edited' },
    readingTimes: over.readingTimes
      ? { item: over.readingTimes, origin: 'edited' }
      : { item: file.readingTimes, origin: 'file' },
  };
}

/** The items that apply (removed file items do not). */
export function active<T>(list: readonly Layered<T>[]): T[] {
  return list.filter((l) => l.origin !== 'removed').map((l) => l.item);
}
