// A history file that keeps many free blocks (here: a version-2 file after its readings moved
// to the compact store) is rewritten at start, smaller, with every reading; one that keeps few
// is left alone, a copy a crash left behind is removed, and a copy that cannot be made (a full disk)
// leaves the file opened as it is.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeConnections } from './history-connections';
import { fileBlocks, openHistoryFile } from './history-file';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const ROWS = 3_000_000;

async function versionTwoFile(file: string): Promise<void> {
  const inst = await DuckDBInstance.create(file);
  const db = await inst.connect();
  await db.run(`CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
    INSERT INTO meta VALUES ('schema_version', '2');
    CREATE TABLE series (id INTEGER PRIMARY KEY, device VARCHAR NOT NULL, signal VARCHAR NOT NULL, last_ts BIGINT);
    CREATE TABLE readings (series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL, quality UTINYINT NOT NULL);
    INSERT INTO readings SELECT i % 50, 1700000000000 + (i // 50) * 1000, round(random() * 1e6) / 100, 0
      FROM range(${ROWS}) t(i);`);
  await db.run('CHECKPOINT');
  db.closeSync();
  inst.closeSync();
}

describe('openHistoryFile', () => {
  it(
    'rewrites a file whose blocks are mostly free, keeping every reading, and leaves a dense one alone',
    { timeout: 60_000 },
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'wf-history-file-'));
      const file = join(dir, 'history.duckdb');
      await versionTwoFile(file);
      const sum = async (db: Awaited<ReturnType<typeof openHistoryFile>>) =>
        (
          await db.writer.runAndReadAll(
            'SELECT count(*)::DOUBLE, sum(round(value * 100))::DOUBLE, bit_xor(hash(series_id, ts, value)) FROM readings',
          )
        ).getRowsJS()[0];
      const original = await (async () => {
        const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
        const db = await inst.connect();
        const r = (
          await db.runAndReadAll(
            'SELECT count(*)::DOUBLE, sum(round(value * 100))::DOUBLE, bit_xor(hash(series_id, ts, value)) FROM readings',
          )
        ).getRowsJS()[0];
        db.closeSync();
        inst.closeSync();
        return r;
      })();
      const before = statSync(file).size;
      writeFileSync(`${file}.rewrite`, 'left by a crash');
      const log: string[] = [];
      let db = await openHistoryFile(file, {}, (m) => log.push(m));
      expect(log.join('\n')).toMatch(/free blocks; rewriting the file[\s\S]*rewritten/);
      expect(existsSync(`${file}.rewrite`)).toBe(false);
      expect(await sum(db)).toEqual(original);
      const blocks = await fileBlocks(db.writer);
      expect(blocks.free).toBeLessThanOrEqual(blocks.total * 0.05 + 1);
      closeConnections(db);
      expect(statSync(file).size).toBeLessThan(before);

      log.length = 0;
      db = await openHistoryFile(file, {}, (m) => log.push(m));
      expect(log).toEqual([]);
      expect(await sum(db)).toEqual(original);
      closeConnections(db);
    },
  );

  it('opens the file as it is when the copy cannot be made', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-history-file-'));
    const file = join(dir, 'history.duckdb');
    await versionTwoFile(file);
    const log: string[] = [];
    const db = await openHistoryFile(
      file,
      {},
      (m) => log.push(m),
      async (_file, copy) => {
        writeFileSync(copy, 'half a copy');
        throw new Error('No space left on device');
      },
    );
    expect(log.join('\n')).toContain('could not rewrite history.duckdb (No space left on device); keeping it as it is');
    expect(existsSync(`${file}.rewrite`)).toBe(false);
    const [count] = (await db.writer.runAndReadAll('SELECT count(*)::DOUBLE FROM readings')).getRowsJS()[0] as [number];
    expect(count).toBe(ROWS);
    closeConnections(db);
  });
});
