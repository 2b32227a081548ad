// Backups: a consistent copy of history (one DuckDB snapshot) and state (SQLite's online
// backup) into a folder while ingest goes on, plus a manifest. Restoring is copying the two
// files back into a stopped engine's data directory (`watchfloor restore`). A backup that does
// not finish (cancelled, or failed) removes what it wrote: a folder holds a whole backup or none.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../shared/errors';
import type { HistoryStore } from './history/history-store';
import type { StateDb } from './state/state-db';

export const BACKUP_FILES = ['history.duckdb', 'state.db'] as const;

/** better-sqlite3's own step size: pages copied between two checks for cancellation. */
const BACKUP_PAGES_PER_STEP = 100;

export async function backupData(
  dir: string,
  history: HistoryStore,
  state: StateDb,
  meta: { version: string; at: number },
  progress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const f of BACKUP_FILES) {
    if (existsSync(join(dir, f))) throw new EngineError('INVALID_STATE', `${dir} already holds a backup (${f})`);
  }
  try {
    signal?.throwIfAborted();
    // Throwing from the progress callback ends SQLite's online backup between two steps.
    await state.backup(join(dir, 'state.db'), {
      progress: () => {
        signal?.throwIfAborted();
        return BACKUP_PAGES_PER_STEP;
      },
    });
    progress(0.2);
    await history.backupTo(join(dir, 'history.duckdb'), signal);
    progress(0.95);
    signal?.throwIfAborted();
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(
        {
          kind: 'watchfloor-backup',
          version: meta.version,
          createdAt: new Date(meta.at).toISOString(),
          files: BACKUP_FILES,
        },
        null,
        2,
      ),
    );
  } catch (err) {
    for (const f of [...BACKUP_FILES, 'history.duckdb.wal', 'manifest.json']) rmSync(join(dir, f), { force: true });
    throw signal?.aborted ? signal.reason : err;
  }
}
