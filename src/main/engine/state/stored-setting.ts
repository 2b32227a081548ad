// A section of the configuration saved from the UI: kept whole in state.db's `settings` table
// under its key, with when it was saved, and read back through the section's own schema. A saved
// copy that no longer parses (written by another version) is left where it is and the file's
// section applies, with one line in the log saying why. Rows with secrets are sealed at rest
// (sealed-settings.ts); one that cannot be opened reads as absent (start-up says why, once).
import type { z } from 'zod';
import { readSetting, writeSetting } from './sealed-settings';
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
  const text = readSetting(db, key);
  if (text === undefined) return undefined;
  try {
    const raw = JSON.parse(text) as { config: unknown; updatedAt: number };
    const parsed = schema.safeParse(raw.config);
    if (parsed.success) return { config: parsed.data, updatedAt: raw.updatedAt };
    log(`saved ${what} settings are no longer valid (${parsed.error.issues[0]?.message}); using the file's`);
  } catch (err) {
    log(`saved ${what} settings are unreadable (${String(err)}); using the file's`);
  }
  return undefined;
}

export function saveSetting<T>(db: StateDb, key: string, config: T, at: number): void {
  writeSetting(db, key, JSON.stringify({ config, updatedAt: at }));
}

export function clearSetting(db: StateDb, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}
