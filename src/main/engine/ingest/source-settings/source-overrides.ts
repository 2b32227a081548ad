// What Settings → Sources changed, stored in state.db's settings table (one JSON document under
// "sources.overrides"), layered over the configuration file by source-layers.ts. An item maps
// its id to its whole configuration (secrets included: state.db is as private as the
// configuration file) or to null: a file item removed in Settings.
import type { Device } from '../../../../shared/domain';
import type { HttpIngestConfig, KafkaSourceConfig, MqttSourceConfig } from '../../../../shared/source-config';
import type { StateDb } from '../../state/state-db';

const KEY = 'sources.overrides';

export interface SourceOverrides {
  mqtt: Record<string, MqttSourceConfig | null>;
  kafka: Record<string, KafkaSourceConfig | null>;
  devices: Record<string, Device | null>;
  http?: HttpIngestConfig;
  autoRegister?: boolean;
}

export function emptyOverrides(): SourceOverrides {
  return { mqtt: {}, kafka: {}, devices: {} };
}

export function loadOverrides(db: StateDb, log: (message: string) => void): SourceOverrides {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return emptyOverrides();
  try {
    const stored = JSON.parse(row.value) as Partial<SourceOverrides>;
    return { ...emptyOverrides(), ...stored };
  } catch (err) {
    // Never expected (only this module writes it); starting from the file beats not starting.
    log(`state.db ${KEY} is unreadable (${(err as Error).message}); using the configuration file only`);
    return emptyOverrides();
  }
}

export function saveOverrides(db: StateDb, overrides: SourceOverrides): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify(overrides));
}
