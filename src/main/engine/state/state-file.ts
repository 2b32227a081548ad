// Opens state.db only when it is the state file this data directory was kept with. state.db
// carries an id (settings key `state.id`) and history.duckdb records it; a state file that is
// missing, empty (a truncated copy), damaged or another installation's while history records
// one would otherwise start silently with devices, alarms and dead letters gone. The engine
// refuses instead, naming the file and the two ways out: restore a backup, or start with a new
// state explicitly (`--new-state`: the broken file is moved aside, never deleted).
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EngineError } from '../../../shared/errors';
import { moveAside } from './move-aside';
import { openStateDb, type StateDb } from './state-db';

export const STATE_FILE = 'state.db';
/** SQLite's companions of state.db: without their database they are harmful. */
const JOURNALS = ['state.db-wal', 'state.db-shm', 'state.db-journal'];
const ID_KEY = 'state.id';

export interface StateFileOptions {
  /** The id history.duckdb recorded for its state file; null when it records none (new, or older). */
  recordedId: string | null;
  /** `--new-state`: a state file that would be refused is moved aside and a new one created. */
  replaceBroken: boolean;
  log: (message: string) => void;
}

type Examined =
  { kind: 'absent' } | { kind: 'empty' } | { kind: 'damaged'; reason: string } | { kind: 'sound'; id: string | null };

/** Looks at state.db without creating or changing it. */
export function examineStateFile(file: string): Examined {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'damaged', reason: oneLine((err as Error).message) };
  }
  if (size === 0) return { kind: 'empty' };
  let db: StateDb | undefined;
  try {
    // Read-only: examining must not change anything (a read-write close would checkpoint and
    // delete a WAL that may hold the newest commits of a damaged file).
    db = new Database(file, { fileMustExist: true, readonly: true });
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') return { kind: 'damaged', reason: oneLine(String(check)) };
    return { kind: 'sound', id: readStateId(db) };
  } catch (err) {
    return { kind: 'damaged', reason: oneLine((err as Error).message) };
  } finally {
    db?.close();
  }
}

/** The state file's id, or null for a new file or one from before ids. */
export function readStateId(db: StateDb): string | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get();
  if (!table) return null;
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(ID_KEY) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Why the examined state file may not be opened as is, or undefined when it may. */
export function stateRefusal(examined: Examined, recordedId: string | null): string | undefined {
  switch (examined.kind) {
    case 'absent':
      return recordedId ? 'is missing, but history.duckdb records that this data directory had one' : undefined;
    case 'empty':
      return recordedId ? 'is empty (0 bytes), but history.duckdb records that this data directory had one' : undefined;
    case 'damaged':
      return `is damaged (${examined.reason})`;
    case 'sound':
      return recordedId && examined.id !== recordedId
        ? `is not the state file history.duckdb was kept with (state ${examined.id ?? 'without an id'}, history expects ${recordedId})`
        : undefined;
  }
}

/** Opens (creating or migrating) state.db after the checks above; returns it with its id. */
export function openStateFile(dataDir: string, options: StateFileOptions): { db: StateDb; id: string } {
  const file = join(dataDir, STATE_FILE);
  const examined = examineStateFile(file);
  const refusal = stateRefusal(examined, options.recordedId);
  if (refusal && !options.replaceBroken) {
    throw new EngineError(
      'INVALID_STATE',
      `${file} ${refusal}. Restore a backup with \`watchfloor restore <backup> --data ${dataDir}\`, or start once with --new-state for a new, empty state (devices and settings saved in Settings, alarms and dead letters are lost; history is kept; the old file is moved aside)`,
    );
  }
  // Journals without their database would be replayed into a new one: they go too.
  const broken = refusal || examined.kind === 'absent' || examined.kind === 'empty';
  const aside = broken
    ? moveAside(dataDir, refusal ? [STATE_FILE, ...JOURNALS] : JOURNALS, 'pre-new-state')
    : undefined;
  if (refusal) options.log(`${file} ${refusal}; starting with a new state (--new-state)`);
  if (aside) options.log(`moved ${aside.moved.join(', ')} to ${aside.folder}`);

  const db = openStateDb(dataDir);
  let id = readStateId(db);
  if (!id) {
    id = randomUUID();
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(ID_KEY, id);
  }
  return { db, id };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
