// What Settings → Sources changed, stored in state.db's settings table (one JSON document under
// "sources.overrides"), layered over the configuration file by source-layers.ts. An item maps
// its id to its whole configuration (secrets included: state.db is as private as the
// configuration file) or to null: a file item removed in Settings.
import type { ZodType } from 'zod';
import { Device } from '../../../../shared/domain';
import { HttpIngestConfig, KafkaSourceConfig, MqttSourceConfig, ReadingTimes } from '../../../../shared/source-config';
import type { StateDb } from '../../state/state-db';

const KEY = 'sources.overrides';

export interface SourceOverrides {
  mqtt: Record<string, MqttSourceConfig | null>;
  kafka: Record<string, KafkaSourceConfig | null>;
  devices: Record<string, Device | null>;
  http?: HttpIngestConfig;
  autoRegister?: boolean;
  readingTimes?: ReadingTimes;
}

export function emptyOverrides(): SourceOverrides {
  return { mqtt: {}, kafka: {}, devices: {} };
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

export function loadOverrides(db: StateDb, log: (message: string) => void): SourceOverrides {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return emptyOverrides();
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(row.value) as Record<string, unknown>;
  } catch (err) {
    // Never expected (only this module writes it); starting from the file beats not starting.
    log(`state.db ${KEY} is unreadable (${(err as Error).message}); using the configuration file only`);
    return emptyOverrides();
  }
  const http = stored.http === undefined ? undefined : HttpIngestConfig.safeParse(stored.http);
  if (http && !http.success) log('settings: HTTP ingest saved in Settings is no longer valid; ignored');
  const times = stored.readingTimes === undefined ? undefined : ReadingTimes.safeParse(stored.readingTimes);
  if (times && !times.success) log('settings: reading times saved in Settings are no longer valid; ignored');
  return {
    mqtt: checked(stored.mqtt, MqttSourceConfig, 'MQTT source', log),
    kafka: checked(stored.kafka, KafkaSourceConfig, 'Kafka source', log),
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
