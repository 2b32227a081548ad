// A lake import checks its rows against what is stored only where a series of the device-day
// starts at or before its newest stored reading (issue 20: the check was a join over the whole
// store for every import). Whatever is stored — compacted, or still in the hot table — a row of
// the lake that is already there is counted as a duplicate and not stored twice, and the rest is.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistory, reading } from '../../../../test/support/history-fixture';
import type { HistoryStore } from './history-store';

const S = 1000;
let dir: string | undefined;
const stores: HistoryStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const series = (key: string, from: number, count: number, t0: number) =>
  Array.from({ length: count }, (_, i) => reading(key, t0 + (from + i) * S, Math.round((20 + i / 7) * 100) / 100));

describe('lake import', () => {
  it('skips rows stored already, compacted or hot, and stores the rest once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-lake-import-'));
    const t0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
    const source = await openHistory(join(dir, 'source'));
    stores.push(source);
    await source.append([
      ...series('press-1/temp', 0, 60, t0),
      ...series('press-2/temp', 0, 60, t0),
      ...series('press-3/temp', 0, 60, t0),
    ]);
    const lake = join(dir, 'lake');
    await source.exportLake(lake, 0, Date.now(), () => {});

    const target = await openHistory(join(dir, 'target'));
    stores.push(target);
    await target.append(series('press-1/temp', 30, 60, t0)); // seconds 30–89, compacted
    await target.compactNow();
    await target.append(series('press-2/temp', 50, 20, t0)); // seconds 50–69, still hot
    expect(target.hotRows).toBe(20);

    const result = await target.importLake(lake, () => {});
    expect(result).toEqual({ imported: 30 + 50 + 60, duplicates: 30 + 10 });
    expect(Object.fromEntries(await target.countBySeries())).toEqual({
      'press-1/temp': 90,
      'press-2/temp': 70,
      'press-3/temp': 60,
    });
    // Importing again finds every row stored.
    expect(await target.importLake(lake, () => {})).toEqual({ imported: 0, duplicates: 180 });
  });

  it('stores a lake written in any order, with repeated rows, once each and in the store order (series, then time)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-lake-import-'));
    // Three signals of one device, 1,000 readings each, written shuffled with 200 rows twice.
    const lake = join(dir, 'lake');
    const folder = join(lake, 'date=2026-11-02', 'device=press-1');
    mkdirSync(folder, { recursive: true });
    const writer = await DuckDBInstance.create(':memory:');
    const c = await writer.connect();
    await c.run(`COPY (
        WITH r AS (SELECT 's' || (i % 3) AS signal, TIMESTAMP '2026-11-02 00:00:00' + INTERVAL (i // 3) SECOND AS time,
          round(50 + (i % 97) / 10, 1) AS value, 'good' AS quality FROM range(3000) t(i))
        SELECT * FROM (SELECT * FROM r UNION ALL (SELECT * FROM r USING SAMPLE 200 ROWS (reservoir, 7))) ORDER BY hash(time, signal, value))
      TO '${join(folder, 'data.parquet')}' (FORMAT parquet)`);
    c.closeSync();
    writer.closeSync();

    const target = await openHistory(join(dir, 'target'));
    stores.push(target);
    expect(await target.importLake(lake, () => {})).toEqual({ imported: 3000, duplicates: 200 });
    await target.stop();
    stores.length = 0;
    const db = await (await DuckDBInstance.create(join(dir, 'target', 'history.duckdb'))).connect();
    // In the file's row order: one run per series, each in time order — forward for even ids,
    // backward for odd ones (storeOrder: what makes the timestamps compress at series boundaries).
    const [ids, runs, outOfOrder, backwards, rows] = (
      await db.runAndReadAll(`SELECT string_agg(DISTINCT series_id::VARCHAR, ',' ORDER BY series_id::VARCHAR),
          count(*) FILTER (WHERE ps IS NULL OR series_id <> ps)::INT,
          count(*) FILTER (WHERE series_id = ps AND CASE WHEN series_id % 2 = 0 THEN ts <= pt ELSE ts >= pt END)::INT,
          count(*) FILTER (WHERE series_id = ps AND ts < pt)::INT, count(*)::INT
        FROM (SELECT series_id, ts, lag(series_id) OVER (ORDER BY rowid) AS ps, lag(ts) OVER (ORDER BY rowid) AS pt
          FROM readings_store)`)
    ).getRowsJS()[0] as [string, number, number, number, number];
    // Series 1 and 3 (1,000 readings each) are written backward: 999 steps back each.
    expect({ ids, runs, outOfOrder, backwards, rows }).toEqual({
      ids: '1,2,3',
      runs: 3,
      outOfOrder: 0,
      backwards: 1998,
      rows: 3000,
    });
    db.closeSync();
  });

  it('writes each series of a device in one run across its dates, not one run per date or per group', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-lake-import-'));
    // Two devices of two signals over three dates, 500 readings a date each.
    const lake = join(dir, 'lake');
    const writer = await DuckDBInstance.create(':memory:');
    const c = await writer.connect();
    for (const date of ['2026-11-01', '2026-11-02', '2026-11-03']) {
      for (const device of ['press-1', 'press-2']) {
        const folder = join(lake, `date=${date}`, `device=${device}`);
        mkdirSync(folder, { recursive: true });
        await c.run(`COPY (SELECT 's' || (i % 2) AS signal, TIMESTAMP '${date} 23:00:00' + INTERVAL (i // 2) SECOND AS time,
            (i % 13)::DOUBLE AS value, 'good' AS quality FROM range(1000) t(i))
          TO '${join(folder, 'data.parquet')}' (FORMAT parquet)`);
      }
    }
    c.closeSync();
    writer.closeSync();

    // Groups of at most 4,000 rows: press-1's 3,000, then press-2's 3,000 in a group of their
    // own — not its first date beside press-1 and the rest in the next group.
    const target = await openHistory(join(dir, 'target'), { importGroupRows: 4000 });
    stores.push(target);
    expect(await target.importLake(lake, () => {})).toEqual({ imported: 6000, duplicates: 0 });
    await target.stop();
    stores.length = 0;
    const db = await (await DuckDBInstance.create(join(dir, 'target', 'history.duckdb'))).connect();
    const [runs, rows] = (
      await db.runAndReadAll(`SELECT count(*) FILTER (WHERE ps IS NULL OR series_id <> ps)::INT, count(*)::INT
        FROM (SELECT series_id, lag(series_id) OVER (ORDER BY rowid) AS ps FROM readings_store)`)
    ).getRowsJS()[0] as [number, number];
    // Four series, four runs (one a date made twelve; press-2 cut between groups, six).
    expect({ runs, rows }).toEqual({ runs: 4, rows: 6000 });
    db.closeSync();
  });

  it('imports Parquet files lying loose in a date folder beside the device folders, and skips empty folders', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-lake-import-'));
    const lake = join(dir, 'lake');
    // A device folder without a Parquet file (an export that failed part-way), and a date without any.
    mkdirSync(join(lake, 'date=2026-11-01', 'device=press-0'), { recursive: true });
    mkdirSync(join(lake, 'date=2026-10-31'), { recursive: true });
    const writer = await DuckDBInstance.create(':memory:');
    const c = await writer.connect();
    for (const date of ['2026-11-01', '2026-11-02']) {
      const folder = join(lake, `date=${date}`, 'device=press-1');
      mkdirSync(folder, { recursive: true });
      await c.run(`COPY (SELECT 's0' AS signal, TIMESTAMP '${date} 00:00:00' + INTERVAL (i) SECOND AS time,
          i::DOUBLE AS value, 'good' AS quality FROM range(100) t(i)) TO '${join(folder, 'data.parquet')}' (FORMAT parquet)`);
      // A file of another device, with its device as a column (no device= folder).
      await c.run(`COPY (SELECT 'press-9' AS device, 's0' AS signal, TIMESTAMP '${date} 00:00:00' + INTERVAL (i) SECOND AS time,
          i::DOUBLE / 4 AS value, 'good' AS quality FROM range(50) t(i)) TO '${join(lake, `date=${date}`, 'extra.parquet')}' (FORMAT parquet)`);
    }
    c.closeSync();
    writer.closeSync();

    const target = await openHistory(join(dir, 'target'), { importGroupRows: 220 });
    stores.push(target);
    expect(await target.importLake(lake, () => {})).toEqual({ imported: 300, duplicates: 0 });
    expect(Object.fromEntries(await target.countBySeries())).toEqual({ 'press-1/s0': 200, 'press-9/s0': 100 });
  });

  it('refuses a device folder holding values beyond ±1e100, naming the first and its count; groups before it stay imported', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-lake-import-'));
    const lake = join(dir, 'lake');
    const writer = await DuckDBInstance.create(':memory:');
    const c = await writer.connect();
    // Groups of at most 250 rows: press-1's two dates (200 rows), then press-2 and press-3 of
    // the second date. press-2 holds the first huge readings (two), press-3 one more.
    for (const [date, device, huge] of [
      ['2026-11-01', 'press-1', []],
      ['2026-11-02', 'press-1', []],
      ['2026-11-02', 'press-2', [5, 6]],
      ['2026-11-02', 'press-3', [7]],
    ] as const) {
      const folder = join(lake, `date=${date}`, `device=${device}`);
      mkdirSync(folder, { recursive: true });
      // Two in one minute: their variance overflowed the rollup ("VARPOP is out of range").
      await c.run(`COPY (SELECT 's0' AS signal, TIMESTAMP '${date} 00:00:00' + INTERVAL (i) SECOND AS time,
          CASE WHEN i IN (${[-1, ...huge].join(', ')}) THEN 1e200 * (i - 4) ELSE i / 10 END::DOUBLE AS value, 'good' AS quality
          FROM range(100) t(i)) TO '${join(folder, 'data.parquet')}' (FORMAT parquet)`);
    }
    c.closeSync();
    writer.closeSync();

    const target = await openHistory(join(dir, 'target'), { importGroupRows: 250 });
    stores.push(target);
    const refused = await target.importLake(lake, () => {}).catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(
      /date=2026-11-02[\\/]device=press-2: 2 reading\(s\) beyond ±1e100, the first press-2\/s0 at 2026-11-02T00:00:05\.000Z/,
    );
    // The first group is stored; nothing of the refused one is.
    expect(Object.fromEntries(await target.countBySeries())).toEqual({ 'press-1/s0': 200 });
  });
});
