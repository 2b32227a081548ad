// Cold rewrite of complete days (issue 20: at most one byte per reading). Live readings reach
// readings_store one compaction at a time (every 5 min: history-options.ts), each a batch sorted
// by (series_id, ts) — so a series' run is ~300 rows and nearly every group of 2048 values that
// DuckDB bit-packs holds several series boundaries, where ts jumps back ~5 min and value_c to
// another series' level: the group's width is set by those jumps (measured: 5.7 B/reading for a
// live-filled store against 1.77 for one imported in whole device-days; docs/benchmarks.md).
//
// Decision (the unit): a UTC day. Compaction records the days it wrote to (rows `cold_day:<ms>` of
// `meta`: a table of its own took a block and its key another, 0.5 MB in a small file); once a
// day has ended and COLD_GRACE_MS more have passed (late readings of the day are compacted by
// then; a later one marks the day again and it is rewritten again), its rows are read back through
// the view `readings`, put in the store's form again — each series' scale chosen for the whole day
// (readings-store.ts), so batches that had picked different scales no longer alternate — and
// written in one run per series, in the store's order (storeOrder), in place of the small batches.
//
// Safety: the day goes a group of series at a time (≤ COLD_CHUNK_ROWS rows), each group in one
// transaction on the maintenance connection — its rows copied to a temp table, deleted from the
// store, inserted back sorted, committed together — so a crash or an error leaves every group
// either as it was or rewritten, the same rows with the same values either way; the day's mark
// goes with its last group, so an interrupted day is taken up again whole at the next run (a
// rewritten group is rewritten again, harmlessly). One transaction per group, not per day: the
// WAL holds a group's deleted row ids (8 bytes each), never a whole day of a large plant's.
// The writer only appends to readings_hot and is never blocked; retention, label rebuilds and
// compaction run on the same maintenance queue, one at a time with this; exports and queries
// read a snapshot, before or after a group. Retention, labels, exports and the lake read the
// same rows. The rollups already hold these readings (they are per bucket): they are not
// computed again, but the day's partials are written in one run per series as well, and its
// integer partials — one per bucket and compaction, 12 an hour and 288 a day in the 1h and 1d
// tiers (0.17 B/reading of a live-filled store) — merged into one per bucket, exactly, in the
// last transaction, which also takes the day's mark.
//
// Space: when the last group of a day commits, every row group that held the day only is wholly
// deleted; the CHECKPOINT after each day (skipped when another write is open; DuckDB's automatic
// one then does it) drops them and their blocks become free, and the next compactions and days'
// rewrites reuse them, so the file does not grow by a rewrite each day (measured in the cold
// bench: docs/benchmarks.md).
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS } from '../../../shared/contract';
import { groupSeries, storeOrder, storeSelect } from './readings-store';
import { insertPartials, mergeStoredSelect, ROLLUP_STORES, slotRange, storedPartials } from './rollup-store';

export const DAY_MS = 86_400_000;
/** A day is rewritten once it has been over for this long. */
export const COLD_GRACE_MS = 60 * 60_000;
/** At most this many rows per transaction of a day's rewrite (bounds the temp table and the WAL). */
export const COLD_CHUNK_ROWS = 4_000_000;
/** Days rewritten per hourly run: a backlog (a file from before) never holds compaction up for long. */
export const COLD_DAYS_PER_RUN = 2;

const KEY = 'cold_day:';
/** meta's key saying the days of a file from before the cold rewrite have been marked. */
const MARKED = 'cold_days_marked';

/** The marked days as a query (column `day`, BIGINT). */
export const COLD_DAYS = `(SELECT CAST(substr(key, ${KEY.length + 1}) AS BIGINT) AS day FROM meta WHERE key LIKE '${KEY}%')`;

/** The UTC day (its first ms) of a ts column or expression, also for times before 1970. */
export function daySql(ts: string): string {
  return `(${ts} - ((${ts} % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS})`;
}

/**
 * A file from before the cold rewrite: marks the days that live compaction wrote — those whose
 * hours have several rollup partials per series (a compaction writes one per hour it touches,
 * every 5 min; a lake import one per device-day). An imported day is in whole runs already:
 * rewriting it gains nothing (measured: 0.94 → 0.97 B/reading of readings_store, block tails).
 */
export async function markFragmentedDays(db: DuckDBConnection): Promise<void> {
  const marked = (await db.runAndReadAll(`SELECT 1 FROM meta WHERE key = '${MARKED}'`)).getRowsJS();
  if (marked.length > 0) return;
  await db.run(`INSERT OR IGNORE INTO meta SELECT '${KEY}' || day, '' FROM (
    SELECT ${daySql(`slot * ${TIER_WIDTH_MS['1h']}`)} AS day FROM rollup_1h_store
    GROUP BY 1 HAVING count(*) >= 2 * count(DISTINCT (series_id, slot)))`);
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('${MARKED}', '1')`);
}

/** Records the days the rows of `source` fall on as needing a cold rewrite (compaction calls it). */
export async function markColdDays(db: DuckDBConnection, source: string): Promise<void> {
  await db.run(`INSERT OR IGNORE INTO meta SELECT DISTINCT '${KEY}' || ${daySql('ts')}, '' FROM ${source}`);
}

export interface ColdDay {
  /** The day's first ms (UTC). */
  day: number;
  rows: number;
  /** Transactions (groups of series) it took. */
  groups: number;
}

export interface ColdRewriteOptions {
  graceMs?: number;
  chunkRows?: number;
  /** Called between the statements of a group (tests: a throw there is a crash mid-way). */
  step?: (what: 'copied' | 'deleted' | 'inserted' | 'rollups') => void | Promise<void>;
  /** Rewrites at most this many days per call (the rest wait for the next run, an hour later). */
  maxDays?: number;
}

/** Rewrites every marked day that ended at least graceMs before `now`, oldest first. */
export async function rewriteColdDays(
  db: DuckDBConnection,
  now: number,
  { graceMs = COLD_GRACE_MS, chunkRows = COLD_CHUNK_ROWS, step, maxDays = COLD_DAYS_PER_RUN }: ColdRewriteOptions = {},
): Promise<ColdDay[]> {
  const days = (
    await db.runAndReadAll(
      `SELECT day::DOUBLE FROM ${COLD_DAYS} WHERE day + ${DAY_MS + graceMs} <= ${now} ORDER BY day`,
    )
  ).getRowsJS() as [number][];
  const done: ColdDay[] = [];
  for (const [day] of days.slice(0, maxDays)) {
    done.push(await rewriteDay(db, day, chunkRows, step));
    // Gives the day's wholly deleted row groups back as free blocks now, for the next writes.
    await db.run('CHECKPOINT').catch(() => {});
  }
  return done;
}

async function rewriteDay(
  db: DuckDBConnection,
  day: number,
  chunkRows: number,
  step: ColdRewriteOptions['step'],
): Promise<ColdDay> {
  const inDay = `ts >= ${day} AND ts < ${day + DAY_MS}`;
  const counts = (
    await db.runAndReadAll(
      `SELECT series_id, count(*)::DOUBLE FROM readings_store WHERE ${inDay} GROUP BY 1 ORDER BY 1`,
    )
  ).getRowsJS() as [number, number][];
  const groups = groupSeries(counts, chunkRows);
  let rows = 0;
  for (const [from, to] of groups) {
    const where = `series_id BETWEEN ${from} AND ${to} AND ${inDay}`;
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(`CREATE OR REPLACE TEMP TABLE cold_rows AS ${storeSelect('readings', where)}`);
      await step?.('copied');
      const deleted = Number((await db.runAndReadAll(`DELETE FROM readings_store WHERE ${where}`)).rowsChanged);
      await step?.('deleted');
      const inserted = Number(
        (await db.runAndReadAll(`INSERT INTO readings_store SELECT * FROM cold_rows ORDER BY ${storeOrder()}`))
          .rowsChanged,
      );
      if (inserted !== deleted) throw new Error(`cold rewrite: ${inserted} rows written for ${deleted} taken`);
      await step?.('inserted');
      await db.run('DROP TABLE cold_rows');
      await db.run('COMMIT');
      rows += inserted;
    } catch (err) {
      await db.run('ROLLBACK').catch(() => {});
      await db.run('DROP TABLE IF EXISTS cold_rows').catch(() => {});
      throw err;
    }
  }
  await mergeDayRollups(db, day, step);
  return { day, rows, groups: groups.length };
}

/**
 * The day's rollups of every tier in one run per series too, with one partial per series, bucket
 * and scale — in one transaction with the day's mark. Compaction wrote a partial per bucket and
 * compaction (an hour had 12, a day 288 of them) in runs of a few buckets per series. Integer
 * partials merge exactly (rollup-store.ts); partials kept as doubles are moved as they are, so
 * no double is summed in another order than before.
 */
async function mergeDayRollups(db: DuckDBConnection, day: number, step: ColdRewriteOptions['step']): Promise<void> {
  await db.run('BEGIN TRANSACTION');
  try {
    for (const tier of ['1m', '1h', '1d'] as const) {
      const inDay = slotRange(tier, day, day + DAY_MS);
      await db.run(`CREATE OR REPLACE TEMP TABLE cold_rollup AS
        ${mergeStoredSelect(`(${storedPartials(tier, `e IS NOT NULL AND ${inDay}`)})`, TIER_WIDTH_MS[tier])}
        UNION ALL ${storedPartials(tier, `e IS NULL AND ${inDay}`)}`);
      await db.run(`DELETE FROM ${ROLLUP_STORES[tier]} WHERE ${inDay}`);
      await db.run(insertPartials(tier, 'SELECT * FROM cold_rollup'));
      await db.run('DROP TABLE cold_rollup');
    }
    await step?.('rollups');
    await db.run(`DELETE FROM meta WHERE key = '${KEY}${day}'`);
    await db.run('COMMIT');
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    await db.run('DROP TABLE IF EXISTS cold_rollup').catch(() => {});
    throw err;
  }
}
