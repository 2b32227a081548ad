// Compaction: moves readings_hot into readings_store, sorted by series, and writes the rollup
// partials of the moved rows — in one transaction on its own connection, so the writer keeps
// appending meanwhile (rows appended after the transaction's snapshot stay in readings_hot).
// Readings inside a live bad-data range (an open fault labelled while it lasts) are moved like
// any other but left out of the rollups: `keep` turns the hot rows' series and times into the
// SQL condition that holds outside those ranges (history-labels.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS } from '../../../shared/contract';
import { markColdDays } from './cold-rewrite';
import { scaleSelect, storeOrder, storeSelect } from './readings-store';
import { insertPartials, mergeStoredSelect, storedRollupSelect } from './rollup-store';

/**
 * Per series in the hot rows: id, oldest and newest ts → a SQL condition on (series_id, ts). It
 * may write to `db` in compaction's transaction (which labels the rollups reflect: rollup-labels.ts).
 */
export type KeepCondition = (db: DuckDBConnection, spans: readonly [number, number, number][]) => Promise<string>;

export function compactHot(db: DuckDBConnection, keep?: KeepCondition): Promise<number> {
  return moveIntoStore(db, 'readings_hot', keep, { clear: true });
}

/**
 * Moves the rows of `source` (a table in readings' columns: series_id, ts, value, quality) into
 * the compacted store with their rollups, in one transaction; `clear` empties the source after.
 * `form`, the same rows in readings_store's form and the value (storeSelect with keepValue) in
 * the store's order (storeOrder: series, then time): the store takes them as they come,
 * unsorted again — the lake import's way, which stores its deduplicated rows directly, never
 * through readings_hot: the rows are written once, and no hot blocks are left free in the file
 * for each imported row (issue 20).
 */
export async function moveIntoStore(
  db: DuckDBConnection,
  source: string,
  keep: KeepCondition | undefined,
  { clear, form }: { clear: boolean; form?: string },
): Promise<number> {
  await db.run('BEGIN TRANSACTION');
  try {
    const moved = (await db.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${source}`)).getRowsJS()[0]![0] as number;
    if (moved === 0) {
      await db.run('COMMIT');
      return 0;
    }
    // The rows in their stored form (scaled integers: readings-store.ts) for the store and the
    // rollups — `form` where the caller has it; else each series' scale once, in a table of one
    // row per series, and the rows read joined to it for the store and again for the rollups,
    // never copied in between.
    let rows: string;
    if (form === undefined) {
      await db.run(`CREATE OR REPLACE TEMP TABLE compact_scale AS ${scaleSelect(source)}`);
      rows = `(${storeSelect(source, 'TRUE', { keepValue: true, scale: 'compact_scale' })}) r`;
      await db.run(
        `INSERT INTO readings_store ${storeSelect(source, 'TRUE', { scale: 'compact_scale' })} ORDER BY ${storeOrder()}`,
      );
    } else {
      // In the store's order already: a projection of a table's scan keeps the order its rows
      // were written in (preserve_insertion_order, on by default), so they are not sorted again.
      rows = `(${form}) r`;
      await db.run(`INSERT INTO readings_store SELECT * EXCLUDE (value, int_scale) FROM ${rows}`);
    }
    // Minutes from the raw rows; hours and days from the minutes, a fraction of the rows.
    let where = 'TRUE';
    if (keep) {
      const spans = (
        await db.runAndReadAll(`SELECT series_id, min(ts)::DOUBLE, max(ts)::DOUBLE FROM ${source} GROUP BY 1`)
      ).getRowsJS() as [number, number, number][];
      where = await keep(db, spans);
    }
    // The doubles' aggregates run whether or not a row needs them: a filter per row costs less
    // than counting such rows first, which computed every row's stored form once more (issue
    // 20: 100 M readings imported in 20.8 s against 22.1 s).
    const inputs = { value: 'value', intScale: 'int_scale', squares: true };
    await db.run(
      `CREATE OR REPLACE TEMP TABLE compact_1m AS ${storedRollupSelect(rows, TIER_WIDTH_MS['1m'], where, inputs)}`,
    );
    if (form === undefined) await db.run('DROP TABLE compact_scale');
    await db.run(insertPartials('1m', 'SELECT * FROM compact_1m', ['sq']));
    for (const tier of ['1h', '1d'] as const) {
      await db.run(insertPartials(tier, mergeStoredSelect('compact_1m', TIER_WIDTH_MS[tier], { squares: true })));
    }
    await db.run('DROP TABLE compact_1m');
    await db.run(`UPDATE series SET last_ts = greatest(coalesce(series.last_ts, m.ts), m.ts)
      FROM (SELECT series_id, max(ts) AS ts FROM ${source} GROUP BY 1) m WHERE series.id = m.series_id`);
    if (clear) {
      // Live rows arrive in batches of a few minutes: their days get a cold rewrite once complete.
      await markColdDays(db, source);
      await db.run(`DELETE FROM ${source}`);
    }
    await db.run('COMMIT');
    return moved;
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    throw err;
  }
}
