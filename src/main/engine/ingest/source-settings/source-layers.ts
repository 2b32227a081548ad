// Layers Settings over the configuration file: file items by id, replaced by an edited copy or
// hidden by a removal; items added in Settings after them. Every item keeps where it came from.
// Sources are layered per registered kind, the same way for every kind.
import type { Device } from '../../../../shared/domain';
import type { HttpIngestConfig, ReadingTimes } from '../../../../shared/source-config';
import type { SettingOrigin, SourceConfigBase } from '../../../../shared/sources/source-kind';
import { SOURCE_KIND_NAMES, type SourceConfigOf, type SourceKindName } from '../../../../shared/sources/source-kinds';
import { overridesOf, type SourceOverrides } from './source-overrides';

export interface Layered<T> {
  item: T;
  origin: SettingOrigin;
}

/** The sources of every kind (mqtt, kafka, …), then the settings that are not sources. */
export type EffectiveSources = { [K in SourceKindName]: Layered<SourceConfigOf<K>>[] } & {
  devices: Layered<Device>[];
  http: Layered<HttpIngestConfig>;
  autoRegister: Layered<boolean>;
  readingTimes: Layered<ReadingTimes>;
};

/** What the file (with environment and flags) says, before Settings; a kind it leaves out has none. */
export type FileSources = { readonly [K in SourceKindName]?: readonly SourceConfigOf<K>[] } & {
  devices: readonly Device[];
  http: HttpIngestConfig;
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

function fileOf(file: FileSources, kind: string): readonly SourceConfigBase[] {
  return (file as unknown as Record<string, readonly SourceConfigBase[] | undefined>)[kind] ?? [];
}

export function layerSources(
  file: FileSources,
  over: SourceOverrides,
  kinds: readonly string[] = SOURCE_KIND_NAMES,
): EffectiveSources {
  const sources = Object.fromEntries(kinds.map((k) => [k, layerList(fileOf(file, k), overridesOf(over, k))]));
  return {
    ...(sources as { [K in SourceKindName]: Layered<SourceConfigOf<K>>[] }),
    devices: layerList(file.devices, over.devices),
    http: over.http ? { item: over.http, origin: 'edited' } : { item: file.http, origin: 'file' },
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
