// Opening history.duckdb: the connections, the schema's migrations, and giving free blocks back
// to the disk. DuckDB reuses a file's free blocks for new data but never shortens the file, so
// blocks freed once in bulk stay on disk: the old tables after the move to the compact stores
// (schema 3), a retention run after the raw retention was shortened, the readings_hot of a
// large live backlog. In steady running the free blocks are few and reused (compaction's
// DELETE of readings_hot, a day of retention): those stay.
//
// Decision (issue 20): when, after the migrations, more than REWRITE_SHARE of the file's blocks
// are free and they are at least REWRITE_MIN_BYTES, the file is copied table by table into a
// fresh file (COPY FROM DATABASE, insertion order kept, so sorted stores stay sorted), the copy's
// row counts are checked against the original, and it replaces the original by rename — at
// start, before any reading is taken, so nothing runs beside it and nothing accepted can be
// lost: until the rename the original is untouched, and a copy left by a crash is removed at
// the next start. A rewrite that fails (no room on the disk for the copy) is logged and the
// original opened as it is. A running engine does not rewrite itself; the next start does.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { closeConnections, openConnections, type HistoryConnections } from './history-connections';
import { migrateHistory } from './history-schema';
import { sqlString } from './lake';

export const REWRITE_SHARE = 0.25;
export const REWRITE_MIN_BYTES = 8 * 1024 * 1024;

export interface FileBlocks {
  blockSize: number;
  total: number;
  free: number;
}

export async function fileBlocks(db: HistoryConnections['writer']): Promise<FileBlocks> {
  const [blockSize, total, free] = (
    await db.runAndReadAll(
      'SELECT block_size::DOUBLE, total_blocks::DOUBLE, free_blocks::DOUBLE FROM pragma_database_size()',
    )
  ).getRowsJS()[0] as [number, number, number];
  return { blockSize, total, free };
}

function worthRewriting(b: FileBlocks): boolean {
  return b.free > b.total * REWRITE_SHARE && b.free * b.blockSize >= REWRITE_MIN_BYTES;
}

/** Opens the file, migrates its schema, and rewrites it first when it keeps many free blocks. */
export async function openHistoryFile(
  file: string,
  options: Record<string, string>,
  log: (message: string) => void,
  rewrite: (file: string, copy: string, options: Record<string, string>) => Promise<void> = rewriteFile,
): Promise<HistoryConnections> {
  const copy = `${file}.rewrite`;
  rmSync(copy, { force: true });
  rmSync(`${copy}.wal`, { force: true });
  let db = await openConnections(file, options);
  await migrateHistory(db.writer);
  const blocks = await fileBlocks(db.writer);
  if (!worthRewriting(blocks)) return db;
  const mib = (n: number) => `${Math.round((n * blocks.blockSize) / 1048576)} MiB`;
  log(`history: ${mib(blocks.free)} of ${mib(blocks.total)} in ${basename(file)} are free blocks; rewriting the file`);
  await db.writer.run('CHECKPOINT');
  closeConnections(db);
  try {
    await rewrite(file, copy, options);
  } catch (err) {
    // The original is untouched until the rename: a copy that cannot be made (a nearly full disk
    // has no room for it) costs only the space, never the start.
    rmSync(copy, { force: true });
    rmSync(`${copy}.wal`, { force: true });
    log(`history: could not rewrite ${basename(file)} (${(err as Error).message}); keeping it as it is`);
    return openConnections(file, options);
  }
  db = await openConnections(file, options);
  const after = await fileBlocks(db.writer);
  log(`history: ${basename(file)} rewritten, ${mib(after.total)}`);
  return db;
}

/** Copies every table of `file` into a fresh `copy`, checks the counts, and puts it in place. */
async function rewriteFile(file: string, copy: string, options: Record<string, string>): Promise<void> {
  if (existsSync(`${file}.wal`)) throw new Error(`${file}.wal is left after a checkpoint; not rewriting`);
  const instance = await DuckDBInstance.create(copy, options);
  const db = await instance.connect();
  try {
    await db.run(`ATTACH ${sqlString(file)} AS watchfloor_old (READ_ONLY)`);
    const name = (await db.runAndReadAll('SELECT current_database()')).getRowsJS()[0]![0] as string;
    await db.run(`COPY FROM DATABASE watchfloor_old TO "${name}"`);
    const tables = (
      await db.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE database_name = 'watchfloor_old'")
    ).getRowsJS() as [string][];
    for (const [t] of tables) {
      const [a, b] = (
        await db.runAndReadAll(
          `SELECT (SELECT count(*) FROM watchfloor_old."${t}")::DOUBLE, (SELECT count(*) FROM "${name}"."${t}")::DOUBLE`,
        )
      ).getRowsJS()[0] as [number, number];
      if (a !== b) throw new Error(`rewriting ${basename(file)}: ${t} has ${b} rows in the copy, ${a} in the file`);
    }
    await db.run('DETACH watchfloor_old');
    await db.run('CHECKPOINT');
  } catch (err) {
    db.closeSync();
    instance.closeSync();
    rmSync(copy, { force: true });
    rmSync(`${copy}.wal`, { force: true });
    throw err;
  }
  db.closeSync();
  instance.closeSync();
  if (existsSync(`${copy}.wal`)) throw new Error(`${copy}.wal is left after a checkpoint; not replacing ${file}`);
  renameSync(copy, file);
}
