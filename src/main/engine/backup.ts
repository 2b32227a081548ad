// Backups: a consistent copy of history (one DuckDB snapshot) and state (SQLite's online
// backup) into a folder while ingest goes on, plus a manifest. Restoring is copying the two
// files back into a stopped engine's data directory (`watchfloor restore`).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../shared/errors';
import type { HistoryStore } from './history/history-store';
import type { StateDb } from './state/state-db';

export const BACKUP_FILES = ['history.duckdb', 'state.db'] as const;

export async function backupData(
  dir: string,
  history: HistoryStore,
  state: StateDb,
  meta: { version: string; at: number },
  progress: (fraction: number) => void,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const f of BACKUP_FILES) {
    if (existsSync(join(dir, f))) throw new EngineError('INVALID_STATE', `${dir} already holds a backup (${f})`);
  }
  await state.backup(join(dir, 'state.db'));
  progress(0.2);
  await history.backupTo(join(dir, 'history.duckdb'));
  progress(0.95);
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
}
