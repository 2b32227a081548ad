// What Settings → Sources changed, stored in state.db's settings table (one JSON document under
// "sources.overrides"), layered over the configuration file by source-layers.ts. An item maps
// its id to its whole configuration (secrets included: the row is sealed at rest, see
// state/sealed-settings.ts) or to null: a file item removed in Settings.
import type { ZodType } from 'zod';
import { Device } from '../../../../shared/domain';
import { ReadingTimes } from '../../../../shared/source-config';
import type {
  SingleSourceKindSchemas,
  SourceConfigBase,
  SourceKindSchemas,
} from '../../../../shared/sources/source-kind';
import {
  SINGLE_SOURCE_KINDS,
  SOURCE_KINDS,
  type SingleSourceConfigOf,
  type SingleSourceKindName,
  type SourceConfigOf,
  type SourceKindName,
} from '../../../../shared/sources/source-kinds';
import { readSetting, writeSetting } from '../../state/sealed-settings';
import type { StateDb } from '../../state/state-db';

const KEY = 'sources.overrides';

/**
 * Per source kind (mqtt, kafka, …) its items by id; per single-instance kind (http) its whole
 * configuration once Settings changed it; then devices and the settings that are not sources.
 */
export type SourceOverrides = { [K in SourceKindName]: Record<string, SourceConfigOf<K> | null> } & {
  [K in SingleSourceKindName]?: SingleSourceConfigOf<K>;
} & {
  devices: Record<string, Device | null>;
  autoRegister?: boolean;
  readingTimes?: ReadingTimes;
};

type Kinds = readonly Pick<SourceKindSchemas, 'kind' | 'label' | 'config'>[];
type SingleKinds = readonly Pick<SingleSourceKindSchemas, 'kind' | 'title' | 'config'>[];

export function emptyOverrides(kinds: Kinds = SOURCE_KINDS): SourceOverrides {
  return { ...Object.fromEntries(kinds.map((k) => [k.kind, {}])), devices: {} } as SourceOverrides;
}

/** The items Settings hold of one kind, whatever its config type (created empty when missing). */
export function overridesOf(over: SourceOverrides, kind: string): Record<string, SourceConfigBase | null> {
  const all = over as unknown as Record<string, Record<string, SourceConfigBase | null> | undefined>;
  return (all[kind] ??= {});
}

/** What Settings hold of a single-instance kind; undefined when the file's applies. */
export function singleOverrideOf(over: SourceOverrides, kind: string): unknown {
  return (over as unknown as Record<string, unknown>)[kind];
}

/** Sets (or, with undefined, drops) what Settings hold of a single-instance kind. */
export function setSingleOverride(over: SourceOverrides, kind: string, config: unknown): void {
  const all = over as unknown as Record<string, unknown>;
  if (config === undefined) delete all[kind];
  else all[kind] = config;
}

/** Keeps the stored items the current schemas accept; a newer or damaged one is dropped and logged. */
function checked<T>(
  stored: unknown,
  schema: ZodType<T>,
  what: string,
  log: (message: string) => void,
): Record<string, T | null> {
  const out: Record<string, T | null> = {};
  if (typeof stored !== 'object' || stored === null) return out;
  for (const [id, item] of Object.entries(stored)) {
    if (item === null) {
      out[id] = null;
      continue;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) out[id] = parsed.data;
    else
      log(`settings: ${what} ${id} saved in Settings is no longer valid (${parsed.error.issues[0]?.message}); ignored`);
  }
  return out;
}

export function loadOverrides(
  db: StateDb,
  log: (message: string) => void,
  kinds: Kinds = SOURCE_KINDS,
  singles: SingleKinds = SINGLE_SOURCE_KINDS,
): SourceOverrides {
  const text = readSetting(db, KEY);
  if (text === undefined) return emptyOverrides(kinds);
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    // Never expected (only this module writes it); starting from the file beats not starting.
    log(`state.db ${KEY} is unreadable (${(err as Error).message}); using the configuration file only`);
    return emptyOverrides(kinds);
  }
  const single: Record<string, unknown> = {};
  for (const k of singles) {
    if (stored[k.kind] === undefined) continue;
    const parsed = k.config.safeParse(stored[k.kind]);
    if (parsed.success) single[k.kind] = parsed.data;
    else log(`settings: ${k.title} saved in Settings is no longer valid; ignored`);
  }
  const times = stored.readingTimes === undefined ? undefined : ReadingTimes.safeParse(stored.readingTimes);
  if (times && !times.success) log('settings: reading times saved in Settings are no longer valid; ignored');
  const sources = Object.fromEntries(
    kinds.map((k) => [k.kind, checked(stored[k.kind], k.config, `${k.label} source`, log)]),
  );
  return {
    ...(sources as { [K in SourceKindName]: Record<string, SourceConfigOf<K> | null> }),
    devices: checked(stored.devices, Device, 'device', log),
    ...(single as { [K in SingleSourceKindName]?: SingleSourceConfigOf<K> }),
    ...(typeof stored.autoRegister === 'boolean' ? { autoRegister: stored.autoRegister } : {}),
    ...(times?.success ? { readingTimes: times.data } : {}),
  };
}

export function saveOverrides(db: StateDb, overrides: SourceOverrides): void {
  writeSetting(db, KEY, JSON.stringify(overrides));
}
