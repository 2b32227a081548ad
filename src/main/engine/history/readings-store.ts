// Compacted raw readings (issue 20: at most one byte per reading on disk). DuckDB stores a
// DOUBLE column with ALP at about 2 bytes per reading for plant data with two decimals; the same
// values as integers in hundredths are bit-packed on their deltas (DELTA_FOR), under one byte.
// So the physical table `readings_store` keeps a value as `value_c`, an integer count of 10^-e,
// when that integer divided by 10^e gives back the very same double — IEEE division of two
// exactly representable numbers is correctly rounded, so it is the double the reading had — and
// as the double itself in `value_f` otherwise (NaN, ±Inf, −0, more than MAX_DECIMALS decimals,
// too large). The view `readings` shows the old columns (series_id, ts, value, quality): every
// reader (queries, exports, labels, the lake) is unchanged, and filters on series_id and ts
// reach the table's scan through it.
//
// Decision (the scale): e is chosen per series for each batch written (a compaction, one
// device-day of a lake import), the fewest decimals exact for all the series' rows in the batch,
// not one scale (100) for every table. A whole-number signal at 100 would cost ~7 bits more per
// reading of deltas that are all multiples of 100, and a signal with three decimals would go
// to value_f (ALP, ~2 bytes) instead of integers in thousandths. e is constant along a series'
// run of rows, so its column is run-length encoded to nearly nothing (measured:
// docs/benchmarks.md, issue 20). It is per batch, not per row: a row with fewer decimals than
// its neighbours (50.10 among 50.13s) keeps the batch's e, so deltas stay small.
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Beyond ±1e100 no instrument measures anything, and history's statistics of such values (the
 * variance of a minute's readings) overflow a double: DuckDB stops with "VARPOP is out of range"
 * and the compaction or import holding them could never finish. Ingest refuses such a reading
 * (pipeline.ts), a lake import the group of device folders holding one (lake-import.ts).
 */
export const MAX_READING_MAGNITUDE = 1e100;

/** The most decimals kept as integers; finer values are stored as doubles. */
export const MAX_DECIMALS = 6;

/**
 * 10^e as an exact DOUBLE, for a column or expression e in 0…MAX_DECIMALS: DuckDB's `**` is the C
 * library's pow, whose result is the exact double wherever that exists (10^0…10^22 do; the
 * bit-for-bit test in readings-store.test.ts reads every decimals count back through it). A
 * CASE over the seven values gave the same doubles but cost every query that reads the store
 * ~0.15 ms to plan per use — the rollup views use it five times: 1-series 24 h at 100 M
 * readings 2.2–2.9 → 1.4–1.8 ms in process (issue 20).
 */
export function pow10Sql(e: string): string {
  return `(10.0::DOUBLE ** ${e})`;
}

/** The fewest decimals k for which round(v·10^k)/10^k is v and the integer is safe; NULL for none. */
function decimalsSql(v: string): string {
  const steps = Array.from({ length: MAX_DECIMALS + 1 }, (_, k) => {
    const p = `${10 ** k}::DOUBLE`;
    return `WHEN abs(${v}) < ${2 ** 53 / 10 ** k}::DOUBLE AND round(${v} * ${p}) / ${p} = ${v} THEN ${k}`;
  }).join(' ');
  return `(CASE WHEN NOT isfinite(${v}) OR (${v} = 0 AND signbit(${v})) THEN NULL ${steps} END)`;
}

export const CREATE_READINGS_STORE = `CREATE TABLE IF NOT EXISTS readings_store (
  series_id INTEGER NOT NULL, ts BIGINT NOT NULL, e UTINYINT, value_c BIGINT, value_f DOUBLE,
  quality UTINYINT NOT NULL)`;

/** A reading's value from its stored form: the integer over 10^e, or the double kept as it was. */
export const STORED_VALUE = `coalesce(value_c::DOUBLE / ${pow10Sql('e')}, value_f)`;

export const CREATE_READINGS_VIEW = `CREATE OR REPLACE VIEW readings AS
  SELECT series_id, ts, ${STORED_VALUE} AS value, quality FROM readings_store`;

/**
 * The order rows are written to the store in — rollup partials too, with `time` 'bucket': by
 * series, and each series' run in time order, forward for even ids and backward for odd ones.
 *
 * Decision (issue 20): DuckDB bit-packs a column's deltas in groups of 2,048 rows, each group as
 * wide as its widest delta. Runs all written forward jump back at every series boundary, from
 * the end of the batch's span to its start (a day: 86.4 M ms), so that group of timestamps is
 * packed at 27 bits — 6.9 KB, against next to nothing for a steady 1 s series. Runs alternating
 * in direction meet where one ends and the next begins (deltas +1000, ~0, −1000 ms: 11 bits).
 * On the 100 M-reading store: the readings' timestamps from 0.213 to 0.100 bytes per reading,
 * the readings 0.923 → 0.781 (docs/benchmarks.md). Nothing reads the store in its row order:
 * queries bucket rows in typed arrays by time (point-buckets.ts), exports and lakes sort
 * (ORDER BY), and the import's check for repeated rows compares neighbours either way.
 */
export function storeOrder(time = 'ts'): string {
  return `series_id, CASE WHEN series_id % 2 = 0 THEN ${time} ELSE -${time} END`;
}

/**
 * The rows of `source` (readings' columns: series_id, ts, value, quality) in readings_store's
 * columns, each series' e the fewest decimals exact for all of its rows there. Every integer is
 * checked to give back the value bit for bit (−0 and non-finite values never take that path).
 * `keepValue` adds the double and the row's scale for an integer rollup partial (int_scale, as
 * rollup-store.ts's INT_SCALE) as last columns: compaction's rollups read them.
 *
 * Two passes over `source`: one aggregate gives each series' e and 10^e (the decimals ladder runs
 * there only), then each row's integer is round(value·10^e), kept when dividing it back gives the
 * value — the very division the view reads with — and the sign (−0 is not 0); a row with more
 * decimals than its series' e fails that test and keeps its double. `scale`, a table as
 * scaleSelect gives it for these rows (compaction's): the rows are read once, joined to it, and
 * the aggregate is not run again. `scaleById`, an expression of `series_id` giving e
 * (scaleByIdSql): the same without a join, so the rows keep the order of `source` (the lake
 * import's, sorted already).
 */
export function storeSelect(
  source: string,
  where = 'TRUE',
  { keepValue = false, scale, scaleById }: { keepValue?: boolean; scale?: string; scaleById?: string } = {},
): string {
  const rows = `(SELECT series_id, ts, value, quality FROM ${source} WHERE ${where})`;
  const scaled = scale
    ? `c AS (SELECT d.series_id, d.ts, d.value, d.quality, s.e, s.p, try_cast(round(d.value * s.p) AS BIGINT) AS v
      FROM ${rows} d JOIN ${scale} s ON s.series_id = d.series_id)`
    : scaleById
      ? `d AS (SELECT series_id, ts, value, quality, ${scaleById} AS e FROM ${rows}),
    c AS (SELECT series_id, ts, value, quality, e, ${pow10Sql('e')} AS p,
        try_cast(round(value * ${pow10Sql('e')}) AS BIGINT) AS v FROM d)`
      : `s AS (${scaleSelect(source, where)}),
    c AS (SELECT d.series_id, d.ts, d.value, d.quality, s.e, s.p, try_cast(round(d.value * s.p) AS BIGINT) AS v
      FROM ${rows} d JOIN s ON s.series_id = d.series_id)`;
  return `WITH ${scaled},
    x AS (SELECT *, v IS NOT NULL AND v::DOUBLE / p = value AND signbit(value) = (v < 0) AS exact FROM c)
    SELECT series_id, ts, CASE WHEN exact THEN e END AS e, CASE WHEN exact THEN v END AS value_c,
      CASE WHEN exact THEN NULL ELSE value END AS value_f, quality${keepValue ? `, value, CASE WHEN exact AND abs(v) < ${2 ** 31} THEN e END AS int_scale` : ''}
    FROM x`;
}

/**
 * Each series of `source` (readings' columns) with its e — the fewest decimals exact for all of
 * its rows there — and p = 10^e: one aggregate, the decimals ladder's only pass. Compaction keeps
 * it as a small table (one row per series) that storeSelect's `scale` joins the rows to, once for
 * the store and once for the rollups, instead of a copy of the rows in their stored form.
 * `value_count`: the rows counted, or with `distinct` the distinct values — the ladder then runs once
 * a value, not once a row. The same e either way (a repeated value adds nothing to the maximum;
 * −0, the one value equal to another, has no decimals to add).
 */
export function scaleSelect(source: string, where = 'TRUE', { distinct = false } = {}): string {
  const values = `(SELECT ${distinct ? 'DISTINCT ' : ''}series_id, value FROM ${source} WHERE ${where})`;
  return `SELECT series_id, e, ${pow10Sql('e')} AS p, value_count FROM (
    SELECT series_id, coalesce(max(${decimalsSql('value')}), 0) AS e, count(*)::DOUBLE AS value_count FROM ${values} GROUP BY 1)`;
}

/** The widest span of series ids scaleByIdSql writes out as a list. */
const SCALE_LIST_MAX = 10_000;

/**
 * e by series id as an expression of `series_id` — a constant list indexed by the id, so every
 * row costs one lookup and keeps its place — for the series of one batch ([id, e] each, as
 * scaleSelect gives them); undefined when their ids are spread too widely for one list.
 */
export function scaleByIdSql(scales: readonly (readonly [number, number])[]): string | undefined {
  if (scales.length === 0) return undefined;
  const ids = scales.map(([id]) => id);
  const lo = Math.min(...ids);
  const hi = Math.max(...ids);
  if (hi - lo >= SCALE_LIST_MAX) return undefined;
  const list: string[] = new Array<string>(hi - lo + 1).fill('NULL');
  for (const [id, e] of scales) list[id - lo] = String(e);
  return `([${list.join(',')}]::UTINYINT[])[series_id - ${lo - 1}]`;
}

/**
 * Consecutive series ids ([id, rows] each, in id order) in groups of at most `limit` rows (a
 * larger series alone), as [first id, last id]: a statement each bounds the memory of its sort.
 */
export function groupSeries(counts: readonly (readonly [number, number])[], limit: number): [number, number][] {
  const groups: [number, number][] = [];
  let rows = 0;
  for (const [id, n] of counts) {
    const last = groups[groups.length - 1];
    if (last && rows + n <= limit) {
      last[1] = id;
      rows += n;
    } else {
      groups.push([id, id]);
      rows = n;
    }
  }
  return groups;
}

/** Rows per statement when an old table is copied into readings_store (bounds the sort's memory). */
const MIGRATE_ROWS = 4_000_000;

/**
 * Schema 3: moves a version-2 `readings` table (value DOUBLE) into readings_store in series
 * order, a group of series per statement, drops it and puts the view in its place — in one
 * transaction, so a crash leaves the version-2 table as it was. The caller checkpoints after, so
 * the old table's blocks are freed for the file.
 */
export async function moveReadingsTableToStore(db: DuckDBConnection): Promise<void> {
  const counts = (
    await db.runAndReadAll('SELECT series_id, count(*)::DOUBLE FROM readings GROUP BY 1 ORDER BY 1')
  ).getRowsJS() as [number, number][];
  const groups = groupSeries(counts, MIGRATE_ROWS);
  await db.run('BEGIN TRANSACTION');
  try {
    await db.run(CREATE_READINGS_STORE);
    for (const [from, to] of groups) {
      await db.run(
        `INSERT INTO readings_store ${storeSelect('readings', `series_id BETWEEN ${from} AND ${to}`)} ORDER BY ${storeOrder()}`,
      );
    }
    await db.run('DROP TABLE readings');
    await db.run(CREATE_READINGS_VIEW);
    await db.run('COMMIT');
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    throw err;
  }
}
