// A section of the configuration saved from the UI: kept whole in state.db's `settings` table
// under its key, with when it was saved, and read back through the section's own schema. A saved
// copy that no longer parses (written by another version) is left where it is and the file's
// section applies, with one line in the log saying why.
import type { z } from 'zod';
import type { StateDb } from './state-db';

export interface StoredSetting<T> {
  config: T;
  updatedAt: number;
}

export function loadSetting<T>(
  db: StateDb,
  key: string,
  schema: z.ZodType<T>,
  what: string,
  log: (message: string) => void,
): StoredSetting<T> | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    const raw = JSON.parse(row.value) as { config: unknown; updatedAt: number };
    const parsed = schema.safeParse(raw.config);
    if (parsed.success) return { config: parsed.data, updatedAt: raw.updatedAt };
    log(`saved ${what} settings are no longer valid (${parsed.error.issues[0]?.message}); using the file's`);
  } catch (err) {
    log(`saved ${what} settings are unreadable (${String(err)}); using the file's`);
  }
  return undefined;
}

export function saveSetting<T>(db: StateDb, key: string, config: T, at: number): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify({ config, updatedAt: at }));
}

export function clearSetting(db: StateDb, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}
