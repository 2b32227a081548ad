// `watchfloor restore DIR`: puts a backup's history and state into a stopped engine's data
// directory. Nothing is deleted: files already there move aside into pre-restore-<time>/, so
// a restore over the wrong folder can be undone by moving them back.
// The restore is the first entry of the restored audit trail (with the head the replaced trail
// had), and moves the head anchor to it: the restored trail verifies, and the swap is on record.
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BACKUP_FILES } from '../../engine/backup';
import { readHead } from '../../engine/access/audit-chain';
import { AuditLog } from '../../engine/access/audit-log';
import { moveAside } from '../../engine/state/move-aside';
import { SECRETS_KEY_FILE } from '../../engine/state/secrets-key-file';
import { openStateDb, type StateDb } from '../../engine/state/state-db';
import { EngineError } from '../../../shared/errors';
import { expectArgs, LOCATION_OPTIONS, resolveConfig, type Command } from './command-line';
import { assertDataDirFree } from './engine-access';

/** The stores and the journals that belong to them; a journal without its database is harmful. */
const DATA_FILES = [
  'history.duckdb',
  'history.duckdb.wal',
  // Readings not yet committed to the history being replaced (journaled-commits.ts).
  'history.journal',
  'state.db',
  'state.db-wal',
  'state.db-shm',
  'state.db-journal',
];

interface Manifest {
  version: string;
  createdAt: string;
}

function readManifest(dir: string): Manifest {
  const file = join(dir, 'manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it has no manifest.json' : (err as Error).message;
    throw new EngineError('NOT_FOUND', `${dir} is not a Watchfloor backup: ${why}`);
  }
  const m = json as Partial<Manifest> & { kind?: unknown };
  if (m?.kind !== 'watchfloor-backup') {
    throw new EngineError(
      'BAD_REQUEST',
      `${file} is not a Watchfloor backup manifest (kind is not "watchfloor-backup")`,
    );
  }
  for (const f of BACKUP_FILES) {
    if (!existsSync(join(dir, f)))
      throw new EngineError('NOT_FOUND', `${dir} is an incomplete backup: ${f} is missing`);
  }
  return { version: String(m.version ?? 'unknown'), createdAt: String(m.createdAt ?? 'unknown') };
}

/** -1, 0, 1 on major.minor.patch; anything unparsable compares equal (no basis to refuse). */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1).map(Number);
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return 0;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/** Appends the restore to the restored state.db's audit trail; a failure is said, not fatal. */
function recordRestore(
  dataDir: string,
  details: { backup: string; madeAt: string; version: string; aside: string | null },
  log: (m: string) => void,
): void {
  const replacedHead = readHead(dataDir) ?? null;
  let db: StateDb | undefined;
  try {
    db = openStateDb(dataDir);
    new AuditLog(db, dataDir).append({
      actor: 'local',
      role: 'admin',
      client: 'command line',
      action: 'admin.restore',
      target: details.backup,
      outcome: 'ok',
      details: { ...details, replacedHead },
    });
  } catch (err) {
    log(`could not record the restore in the audit trail: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

export const restoreCommand: Command = {
  options: { ...LOCATION_OPTIONS, force: { type: 'boolean' } },
  async run(line, ctx) {
    const [source] = expectArgs(line, 'restore', ['DIR']);
    const backupDir = resolve(source!);
    const config = resolveConfig(line.values, ctx);
    const dataDir = config.dataDir;

    const manifest = readManifest(backupDir);
    // Schemas only migrate forward: a newer release's files may not open in this one.
    if (compareVersions(manifest.version, ctx.version) > 0 && line.values.force !== true) {
      throw new EngineError(
        'INVALID_STATE',
        `the backup was made by Watchfloor ${manifest.version}, newer than this ${ctx.version}; upgrade, or restore anyway with --force`,
      );
    }
    await assertDataDirFree(config, 'restoring');

    mkdirSync(dataDir, { recursive: true });
    const aside = moveAside(dataDir, DATA_FILES, 'pre-restore');
    if (aside) ctx.out(`moved the previous ${aside.moved.join(', ')} to ${aside.folder}`);
    for (const f of BACKUP_FILES) copyFileSync(join(backupDir, f), join(dataDir, f), constants.COPYFILE_EXCL);
    recordRestore(
      dataDir,
      { backup: backupDir, madeAt: manifest.createdAt, version: manifest.version, aside: aside?.folder ?? null },
      (m) => ctx.status.log(m),
    );
    ctx.out(
      `restored ${BACKUP_FILES.join(', ')} from ${backupDir} (made ${manifest.createdAt} by Watchfloor ${manifest.version}) into ${dataDir}`,
    );
    // Backups leave the data key out (a backup carrying its own key would protect nothing).
    if (!existsSync(join(dataDir, SECRETS_KEY_FILE))) {
      ctx.out(
        `${dataDir} has no ${SECRETS_KEY_FILE}: secrets saved in Settings (passwords, tokens) cannot be read here — ` +
          'copy secrets.key from the old machine before starting, or enter them again in Settings (docs/administration.md: Secrets at rest)',
      );
    }
    return 0;
  },
};
