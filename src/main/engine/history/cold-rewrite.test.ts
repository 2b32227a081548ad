// The cold rewrite of complete days (cold-rewrite.ts) on a store filled as live compaction fills
// it — a batch every 30 minutes of data, sorted by series within each — with every kind of value
// the store keeps (two and three decimals, whole numbers, NaN, ±Inf, −0, uncertain and bad
// quality): every reading keeps its series, time, value (bit for bit) and quality, rollups are
// the same (the day's hour and day partials merged into one per bucket, exactly), the day takes
// fewer blocks, a day not yet over is left alone, and a rewrite
// that fails half-way leaves every reading as it was and the day still to do.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COLD_DAYS, COLD_GRACE_MS, DAY_MS, rewriteColdDays } from './cold-rewrite';
import { compactHot } from './compactor';
import { migrateHistory } from './history-schema';
import { HistoryStore } from './history-store';
import { allocColumns } from './reading-columns';

const DAY0 = Date.UTC(2026, 10, 2);
const SERIES = 40;
const STEP_MS = 5_000;
const BATCH_MS = 30 * 60_000;

let dir: string | undefined;
let instance: DuckDBInstance | undefined;
let db: DuckDBConnection;
afterEach(() => {
  db?.closeSync();
  instance?.closeSync();
  instance = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function open(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'wf-cold-'));
  instance = await DuckDBInstance.create(join(dir, 'history.duckdb'));
  db = await instance.connect();
  await migrateHistory(db);
  await db.run(`INSERT INTO series SELECT i, 'dev-' || (i // 10), 's' || (i % 10), NULL FROM range(${SERIES}) t(i)`);
}

/** Readings of [from, to) through readings_hot and compaction, one batch per BATCH_MS. */
async function liveFill(from: number, to: number): Promise<void> {
  for (let t = from; t < to; t += BATCH_MS) {
    // Series 0–29 a random walk in hundredths, 30–34 thousandths, 35–37 whole numbers, 38 odd
    // values (−0; NaN, ±Inf and 1e300 as bad quality, which rollups leave out) among hundredths, 39
    // uncertain and bad quality.
    await db.run(`INSERT INTO readings_hot
      SELECT s, ${t} + k * ${STEP_MS}, CASE
          WHEN s < 30 THEN round(100 + s + sin(k / 50 + s) * 3 + ((hash(s, k) % 21)::INTEGER - 10) / 100, 2)
          WHEN s < 35 THEN round((hash(s, k) % 100000)::INTEGER / 1000, 3)
          WHEN s < 38 THEN ((hash(s, k) % 500)::INTEGER)::DOUBLE
          WHEN s = 38 THEN CASE (k + ${t / STEP_MS}) % 97 WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN 'Infinity'::DOUBLE
            WHEN 2 THEN '-Infinity'::DOUBLE WHEN 3 THEN -0.0::DOUBLE WHEN 4 THEN 1e300 ELSE round(k / 7, 2) END
          ELSE round(k / 7, 2) END,
        CASE WHEN s = 39 THEN (k % 3)::UTINYINT WHEN s = 38 AND (k + ${t / STEP_MS}) % 97 IN (0, 1, 2, 4) THEN 2 ELSE 0 END
      FROM range(${SERIES}) a(s), range(${Math.min(BATCH_MS, to - t) / STEP_MS}) b(k)`);
    await compactHot(db);
  }
}

async function rows<T>(sql: string): Promise<T[]> {
  return (await db.runAndReadAll(sql)).getRowsJS() as T[];
}

/** Every reading (its bits, −0 and NaN included) and every rollup partial, as one fingerprint. */
async function fingerprint(): Promise<unknown[]> {
  const readings = await rows(
    `SELECT count(*)::DOUBLE, bit_xor(hash(series_id, ts, value::VARCHAR, signbit(value), quality)) FROM readings`,
  );
  const rollups = await rows(
    `SELECT count(*)::DOUBLE, bit_xor(hash(series_id, bucket, n, sum, min, max, m2)) FROM rollup_1m`,
  );
  return [...readings, ...rollups];
}

/** The 1h and 1d rollups merged per series and bucket, as a query merges their partials. */
async function coarseRollups(): Promise<Map<string, number[]>> {
  const list = await rows<[string, number, number, number, number, number, number]>(`
    SELECT t || ':' || series_id || ':' || bucket, sum(n)::DOUBLE, sum(sum), min(min), max(max),
      sum(m2) + sum(sum * sum / n) - sum(sum) * sum(sum) / sum(n)
    FROM (SELECT '1h' AS t, * FROM rollup_1h UNION ALL SELECT '1d', * FROM rollup_1d) GROUP BY t, series_id, bucket`);
  return new Map(list.map(([k, ...v]) => [k, v]));
}

async function usedBlocks(): Promise<number> {
  await db.run('CHECKPOINT');
  return Number((await rows<[number]>('SELECT used_blocks::DOUBLE FROM pragma_database_size()'))[0]![0]);
}

describe('cold rewrite of complete days', () => {
  it(
    'rewrites a live-filled day in one run per series: same readings, same rollups, fewer blocks',
    { timeout: 120_000 },
    async () => {
      await open();
      await liveFill(DAY0, DAY0 + DAY_MS + 2 * 3_600_000);
      const before = await fingerprint();
      const coarse = await coarseRollups();
      const blocksBefore = await usedBlocks();
      const oneHour = await rows(
        `SELECT ts::DOUBLE, value FROM readings WHERE series_id = 3 AND ts >= ${DAY0 + 3_600_000} AND ts < ${DAY0 + 7_200_000} ORDER BY ts`,
      );
      expect(await rows(`SELECT day::DOUBLE FROM ${COLD_DAYS} ORDER BY 1`)).toEqual([[DAY0], [DAY0 + DAY_MS]]);

      // Not yet: the day ended less than the grace ago.
      expect(await rewriteColdDays(db, DAY0 + DAY_MS + COLD_GRACE_MS - 1)).toEqual([]);
      const done = await rewriteColdDays(db, DAY0 + DAY_MS + COLD_GRACE_MS, { chunkRows: 200_000 });
      expect(done).toEqual([{ day: DAY0, rows: SERIES * (DAY_MS / STEP_MS), groups: 4 }]);

      expect(await fingerprint()).toEqual(before);
      // Hours and the day: one integer partial per series and bucket now, the same figures.
      const merged = await coarseRollups();
      expect(merged.size).toBe(coarse.size);
      for (const [key, [n, sum, min, max, m2]] of coarse) {
        const [n2, sum2, min2, max2, m22] = merged.get(key)!;
        // (+ 0: a −0 and a 0 are the same extreme; which one min() meets first may change.)
        expect([n2, min2! + 0, max2! + 0]).toEqual([n, min! + 0, max! + 0]);
        // Equal to the doubles' rounding (the merge of many double partials is the less exact one).
        expect(Math.abs(sum2! - sum!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(sum!)));
        expect(Math.abs(m22! - m2!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(m2!)));
      }
      const partials = await rows<[string, number]>(`SELECT t, max(c)::DOUBLE FROM (
          SELECT '1h' AS t, count(*) AS c FROM rollup_1h_store WHERE e IS NOT NULL AND slot < ${(DAY0 + DAY_MS) / 3_600_000} GROUP BY series_id, slot
          UNION ALL SELECT '1d', count(*) FROM rollup_1d_store WHERE e IS NOT NULL AND slot < ${(DAY0 + DAY_MS) / DAY_MS} GROUP BY series_id, slot)
        GROUP BY 1 ORDER BY 1`);
      expect(partials).toEqual([
        ['1d', 1],
        ['1h', 1],
      ]);
      expect(
        await rows(
          `SELECT ts::DOUBLE, value FROM readings WHERE series_id = 3 AND ts >= ${DAY0 + 3_600_000} AND ts < ${DAY0 + 7_200_000} ORDER BY ts`,
        ),
      ).toEqual(oneHour);
      // The day's rows lie in one run per series now: each series' rows of the day are consecutive.
      const runs = await rows<[number]>(`SELECT count(*)::DOUBLE FROM (
          SELECT series_id, lag(series_id) OVER (ORDER BY rowid) AS prev FROM readings_store WHERE ts < ${DAY0 + DAY_MS})
        WHERE prev IS DISTINCT FROM series_id`);
      expect(runs[0]![0]).toBe(SERIES);
      // Each series' scale is the day's now: one e per series.
      expect(
        await rows(
          `SELECT count(DISTINCT e)::DOUBLE FROM readings_store WHERE ts < ${DAY0 + DAY_MS} AND e IS NOT NULL GROUP BY series_id HAVING count(DISTINCT e) > 1`,
        ),
      ).toEqual([]);
      const blocksAfter = await usedBlocks();
      // (10 of the 40 series are hash noise that no layout compresses, and the rollups stay.)
      expect(blocksAfter).toBeLessThan(blocksBefore * 0.85);
      // The day still going on is left for later.
      expect(await rows(`SELECT day::DOUBLE FROM ${COLD_DAYS}`)).toEqual([[DAY0 + DAY_MS]]);
    },
  );

  it(
    'leaves every reading as it was when a rewrite fails half-way, and the day still to do',
    { timeout: 120_000 },
    async () => {
      await open();
      await liveFill(DAY0, DAY0 + DAY_MS);
      const before = await fingerprint();
      let deletes = 0;
      const crash = async () =>
        rewriteColdDays(db, DAY0 + 2 * DAY_MS, {
          chunkRows: 200_000,
          step: (what) => {
            if (what === 'deleted' && ++deletes === 3) throw new Error('crash between delete and insert');
          },
        });
      await expect(crash()).rejects.toThrow('crash between delete and insert');
      expect(await fingerprint()).toEqual(before);
      expect(await rows(`SELECT day::DOUBLE FROM ${COLD_DAYS}`)).toEqual([[DAY0]]);
      // A throw after the last group's insert, before its commit: nothing of that group is kept either.
      await expect(
        rewriteColdDays(db, DAY0 + 2 * DAY_MS, {
          chunkRows: 10_000_000,
          step: (what) => {
            if (what === 'inserted') throw new Error('crash before commit');
          },
        }),
      ).rejects.toThrow('crash before commit');
      expect(await fingerprint()).toEqual(before);
      expect(await rows(`SELECT day::DOUBLE FROM ${COLD_DAYS}`)).toEqual([[DAY0]]);
      // The readings rewritten, a throw before the rollups' merge commits: the day stays to do.
      await expect(
        rewriteColdDays(db, DAY0 + 2 * DAY_MS, {
          step: (what) => {
            if (what === 'rollups') throw new Error('crash in the rollups');
          },
        }),
      ).rejects.toThrow('crash in the rollups');
      expect(await fingerprint()).toEqual(before);
      expect(await rows(`SELECT day::DOUBLE FROM ${COLD_DAYS}`)).toEqual([[DAY0]]);
      // Taken up again whole at the next run.
      expect((await rewriteColdDays(db, DAY0 + 2 * DAY_MS)).map((d) => d.rows)).toEqual([SERIES * (DAY_MS / STEP_MS)]);
      expect(await fingerprint()).toEqual(before);
      expect(await rows(`SELECT count(*)::DOUBLE FROM ${COLD_DAYS}`)).toEqual([[0]]);
    },
  );

  it(
    'marks the days live compaction wrote in a file from before the rewrite, not imported ones',
    { timeout: 60_000 },
    async () => {
      await open();
      await liveFill(DAY0, DAY0 + 6 * 3_600_000);
      // A file made by this version is never marked at a start: its compactions mark their days.
      await db.run("DELETE FROM meta WHERE key LIKE 'cold_day:%'");
      await migrateHistory(db);
      expect(await rows(`SELECT count(*)::DOUBLE FROM ${COLD_DAYS}`)).toEqual([[0]]);
      // An imported day: one partial per series and hour (as moveIntoStore of a device-day writes).
      await db.run(`INSERT INTO rollup_1h_store (series_id, slot, n, e, sum_c, min_d, max_d, m2_q)
      SELECT s, ${(DAY0 + 3 * DAY_MS) / 3_600_000} + h, 720, 0, 1, 0, 1, 0 FROM range(5) a(s), range(24) b(h)`);
      await db.run("DELETE FROM meta WHERE key LIKE 'cold_day%'");
      await migrateHistory(db);
      expect(await rows(`SELECT day::DOUBLE FROM ${COLD_DAYS} ORDER BY 1`)).toEqual([[DAY0]]);
      // Once: a later start leaves the table as the rewrites left it.
      await db.run("DELETE FROM meta WHERE key LIKE 'cold_day:%'");
      await migrateHistory(db);
      expect(await rows(`SELECT count(*)::DOUBLE FROM ${COLD_DAYS}`)).toEqual([[0]]);
    },
  );

  it('runs through the history store: queries answer the same before and after', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-cold-store-'));
    let now = DAY0;
    const logs: string[] = [];
    const store = new HistoryStore(dir, { clock: () => now, log: (m) => logs.push(m) });
    await store.start();
    try {
      const ids = await store.ensureSeries(['pump-1/flow', 'pump-1/pressure', 'pump-2/flow']);
      for (let t = DAY0 - 3_600_000; t < DAY0 + DAY_MS + 3_600_000; t += 1_800_000) {
        const cols = allocColumns(ids.length * 180);
        for (let k = 0; k < 180; k++)
          for (const [i, id] of ids.entries()) {
            const j = cols.length++;
            cols.series[j] = id;
            cols.ts[j] = t + k * 10_000;
            cols.value[j] = Math.round(1000 * Math.sin((t + k * 10_000) / 3e6 + i)) / 100;
            cols.quality[j] = 0;
          }
        now = t + 1_800_000;
        await store.appendColumns(cols);
        await store.compactNow();
      }
      const ask = () =>
        Promise.all([
          store.query(['pump-1/flow', 'pump-2/flow'], DAY0 - 3_600_000, DAY0 + DAY_MS, 10_000, 'raw'),
          store.query(['pump-1/pressure'], DAY0, DAY0 + DAY_MS, 1000, '1m'),
          store.stats('pump-2/flow', DAY0 - 3_600_000, DAY0 + DAY_MS + 3_600_000),
        ]);
      const before = await ask();
      now = DAY0 + 2 * DAY_MS;
      const days = await store.rewriteColdDays();
      expect(days.map((d) => [d.day, d.rows])).toEqual([
        [DAY0 - DAY_MS, 3 * 360],
        [DAY0, 3 * 8640],
      ]);
      expect(logs.some((m) => m.includes('2026-11-02') && m.includes('rewritten'))).toBe(true);
      const after = await ask();
      expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
      // Statistics over raw rows are sums of doubles: another row order may move their last bit.
      const [s0, s1] = [before[2], after[2]];
      expect({ ...s1, avg: 0, stddev: 0, slopePerHour: 0 }).toEqual({ ...s0, avg: 0, stddev: 0, slopePerHour: 0 });
      for (const k of ['avg', 'stddev', 'slopePerHour'] as const) expect(s1[k]!).toBeCloseTo(s0[k]!, 12);
    } finally {
      await store.stop();
    }
  });

  it('is run by the store on its retention schedule once a day is over', { timeout: 30_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-cold-timer-'));
    let now = DAY0 + 3_600_000;
    const logs: string[] = [];
    const store = new HistoryStore(dir, { clock: () => now, log: (m) => logs.push(m), retentionIntervalMs: 100 });
    await store.start();
    try {
      const [id] = await store.ensureSeries(['pump-1/flow']);
      for (const from of [DAY0, DAY0 + 600_000]) {
        const cols = allocColumns(60);
        for (let k = 0; k < 60; k++) {
          cols.series[cols.length] = id!;
          cols.ts[cols.length] = from + k * 10_000;
          cols.value[cols.length] = k / 4;
          cols.quality[cols.length++] = 0;
        }
        await store.appendColumns(cols);
        await store.compactNow();
      }
      await new Promise((r) => setTimeout(r, 400));
      expect(logs.filter((m) => m.includes('rewritten'))).toEqual([]); // the day is not over
      now = DAY0 + DAY_MS + COLD_GRACE_MS;
      for (let i = 0; i < 50 && !logs.some((m) => m.includes('rewritten')); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(logs.filter((m) => m.includes('rewritten'))).toEqual([
        expect.stringMatching(/^history: 120 readings of 2026-11-02 rewritten in one run per series/),
      ]);
      expect(await store.totalReadings()).toBe(120);
    } finally {
      await store.stop();
    }
  });
});
