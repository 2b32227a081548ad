// What Settings → Sources changed, stored in state.db's settings table (one JSON document under
// "sources.overrides"), layered over the configuration file by source-layers.ts. An item maps
// its id to its whole configuration (secrets included: state.db is as private as the
// configuration file) or to null: a file item removed in Settings.
import type { ZodType } from 'zod';
import { Device } from '../../../../shared/domain';
import { HttpIngestConfig, ReadingTimes } from '../../../../shared/source-config';
import type { SourceConfigBase, SourceKindSchemas } from '../../../../shared/sources/source-kind';
import { SOURCE_KINDS, type SourceConfigOf, type SourceKindName } from '../../../../shared/sources/source-kinds';
import type { StateDb } from '../../state/state-db';

const KEY = 'sources.overrides';

/** Per source kind (mqtt, kafka, …) its items by id; then devices and the settings that are not sources. */
export type SourceOverrides = { [K in SourceKindName]: Record<string, SourceConfigOf<K> | null> } & {
  devices: Record<string, Device | null>;
  http?: HttpIngestConfig;
  autoRegister?: boolean;
  readingTimes?: ReadingTimes;
};

type Kinds = readonly Pick<SourceKindSchemas, 'kind' | 'label' | 'config'>[];

export function emptyOverrides(kinds: Kinds = SOURCE_KINDS): SourceOverrides {
  return { ...Object.fromEntries(kinds.map((k) => [k.kind, {}])), devices: {} } as SourceOverrides;
}

/** The items Settings hold of one kind, whatever its config type (created empty when missing). */
export function overridesOf(over: SourceOverrides, kind: string): Record<string, SourceConfigBase | null> {
  const all = over as unknown as Record<string, Record<string, SourceConfigBase | null> | undefined>;
  return (all[kind] ??= {});
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
): SourceOverrides {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return emptyOverrides(kinds);
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(row.value) as Record<string, unknown>;
  } catch (err) {
    // Never expected (only this module writes it); starting from the file beats not starting.
    log(`state.db ${KEY} is unreadable (${(err as Error).message}); using the configuration file only`);
    return emptyOverrides(kinds);
  }
  const http = stored.http === undefined ? undefined : HttpIngestConfig.safeParse(stored.http);
  if (http && !http.success) log('settings: HTTP ingest saved in Settings is no longer valid; ignored');
  const times = stored.readingTimes === undefined ? undefined : ReadingTimes.safeParse(stored.readingTimes);
  if (times && !times.success) log('settings: reading times saved in Settings are no longer valid; ignored');
  const sources = Object.fromEntries(
    kinds.map((k) => [k.kind, checked(stored[k.kind], k.config, `${k.label} source`, log)]),
  );
  return {
    ...(sources as { [K in SourceKindName]: Record<string, SourceConfigOf<K> | null> }),
    devices: checked(stored.devices, Device, 'device', log),
    ...(http?.success ? { http: http.data } : {}),
    ...(typeof stored.autoRegister === 'boolean' ? { autoRegister: stored.autoRegister } : {}),
    ...(times?.success ? { readingTimes: times.data } : {}),
  };
}

export function saveOverrides(db: StateDb, overrides: SourceOverrides): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify(overrides));
}
