// Compacted rollups (issue 20: rollups and readings together at most one byte per reading). A
// rollup partial (n, sum, min, max, m2) of readings stored as integers over one 10^e
// (readings-store.ts) is kept as integers too: sum, min and max in the readings' units and,
// for the spread, m2_c = n·Σx² − (Σx)² — n²·variance in those units, an integer. DuckDB bit-packs
// their deltas; as doubles sum and m2 took ALPRD at ~8 bytes each (measured: docs/benchmarks.md).
// The integer form stays exact and mergeable: parts merge as S = Σsᵢ and, since
// (m2_cᵢ + sᵢ²)/nᵢ = Σx² of part i exactly, M = N·Σ((m2_cᵢ + sᵢ²)/nᵢ) − S², in HUGEINT.
//
// Readings that are not integers, or whose integers could overflow (|x| ≥ 2^31 in the readings'
// units), go into a partial of their own that keeps the doubles of before (sum_f, min_f, max_f,
// m2_f; e NULL), as do rollups written before schema 3 and integer partials whose m2_c would not
// fit a BIGINT. The views rollup_1m, rollup_1h and rollup_1d show the
// columns every reader used (series_id, bucket, n, sum, min, max, m2) whatever the form.
//
// A partial's bucket is stored as its slot — the bucket's start over the tier's width (minutes
// since 1970 for 1m) — and the views give both. The store keeps each series' partials in a run
// and alternates their direction (storeOrder), so nearly every group of 2,048 partials DuckDB
// bit-packs holds a series boundary: bucket starts in ms step by ±60,000 there (17 bits a
// partial), slots by ±1 (2 bits). Measured at 100 M readings: rollup_1m's bucket column 0.039 →
// 0.006 bytes per reading (schema 4; docs/benchmarks.md). Readers that filter by time filter the
// slot too (slotRange): DuckDB prunes row groups by a stored column's bounds, not by a product.
// The same boundaries cost min and max their level: one series' minutes sit thousands of units
// from the next one's, so the store keeps them as offsets from the partial's mean (min_d =
// min_c − sum_c // n, max_d likewise: a few bits, whatever the level), and m2 as m2_q = m2_c // n
// (m2_c ≡ −sum_c² mod n gives the remainder back). Both exact. Partials go in and out of the
// store in the form above (sum_c, min_c, max_c, m2_c; bucket in ms): insertPartials encodes,
// storedPartials and the views decode.
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS } from '../../../shared/contract';
import { pow10Sql, STORED_VALUE, storeOrder } from './readings-store';

export const ROLLUP_STORES = { '1m': 'rollup_1m_store', '1h': 'rollup_1h_store', '1d': 'rollup_1d_store' } as const;
type RollupTier = keyof typeof ROLLUP_STORES;
const TIERS = Object.keys(ROLLUP_STORES) as RollupTier[];

const STORE_COLUMNS = `series_id INTEGER NOT NULL, slot BIGINT NOT NULL, n UINTEGER NOT NULL, e UTINYINT,
  sum_c BIGINT, min_d BIGINT, max_d BIGINT, m2_q BIGINT, sum_f DOUBLE, min_f DOUBLE, max_f DOUBLE, m2_f DOUBLE`;

/**
 * Integer partials count fewer readings than this, so that (sum_c mod n)² fits a BIGINT when m2_c
 * is decoded (⌊√(2^63 − 1)⌋ + 1; a bucket of more — 35,000 readings a second all day — keeps the
 * doubles). Decoding in HUGEINT instead took 20× as long (0.54 s against 23 ms over 1.67 M
 * partials) and a CASE between the two ~0.5 ms more to plan per query.
 */
const BIGINT_SQUARE_LIMIT = 3_037_000_500;

/** Readings' integers take the integer rollup form below this magnitude: no sum or square overflows. */
export const SMALL = 2 ** 31;

/** A readings_store row's scale when it counts in an integer partial; NULL when it goes to the doubles. */
const INT_SCALE = `CASE WHEN abs(value_c) < ${SMALL} THEN e END`;

export interface RollupInputs {
  /** The reading as a double: a column where the source has one (cheaper than the stored form's expression). */
  value?: string;
  /** The row's scale for an integer partial, NULL for the doubles: a column where the source has one. */
  intScale?: string;
  /**
   * Adds a last column `sq`, an integer partial's Σx² (HUGEINT; NULL for the doubles), so that
   * mergeStoredSelect(…, { squares: true }) sums it instead of deriving it from m2_c per partial
   * (a HUGEINT division per row: compaction's hour and day merges took 4× longer for it).
   */
  squares?: boolean;
}

export const CREATE_ROLLUP_STORES = TIERS.map(
  (t) => `CREATE TABLE IF NOT EXISTS ${ROLLUP_STORES[t]} (${STORE_COLUMNS});`,
).join('\n');

/** A stored partial's integers from the store's columns (min_d, max_d, m2_q: see the top). */
const DECODED = {
  min: '(min_d + sum_c // n)',
  max: '(max_d + sum_c // n)',
  // m2_c = n·m2_q + (−sum_c² mod n), in BIGINT: n < BIGINT_SQUARE_LIMIT.
  m2: '(m2_q * n + (n - ((sum_c % n) * (sum_c % n)) % n) % n)',
};

/** A stored partial's sum, min, max and m2 as doubles, whichever form it has. */
function partialDoubles(): { sum: string; min: string; max: string; m2: string } {
  const p = pow10Sql('e');
  return {
    sum: `coalesce(sum_c::DOUBLE / ${p}, sum_f)`,
    min: `coalesce(${DECODED.min}::DOUBLE / ${p}, min_f)`,
    max: `coalesce(${DECODED.max}::DOUBLE / ${p}, max_f)`,
    m2: `coalesce(${DECODED.m2}::DOUBLE / n / ${p} / ${p}, m2_f)`,
  };
}

/** A tier's store decoded: its slot, the bucket in ms and the partial's integers (sum_c, min_c, max_c, m2_c). */
function decodedStore(tier: RollupTier): string {
  return `SELECT series_id, slot, slot * ${TIER_WIDTH_MS[tier]} AS bucket, n, e, sum_c, ${DECODED.min} AS min_c,
    ${DECODED.max} AS max_c, ${DECODED.m2} AS m2_c, sum_f, min_f, max_f, m2_f FROM ${ROLLUP_STORES[tier]}`;
}

// One projection over the store, each integer decoded in place: no CASE, which DuckDB plans per
// query (pow10Sql; BIGINT_SQUARE_LIMIT).
export const CREATE_ROLLUP_VIEWS = TIERS.map((t) => {
  const d = partialDoubles();
  return `CREATE OR REPLACE VIEW rollup_${t} AS SELECT series_id, slot, slot * ${TIER_WIDTH_MS[t]} AS bucket, n,
    ${d.sum} AS sum, ${d.min} AS min, ${d.max} AS max, ${d.m2} AS m2 FROM ${ROLLUP_STORES[t]};`;
}).join('\n');

/** The condition on a rollup's `slot` (store or view) that holds for buckets starting in [fromMs, toMs). */
export function slotRange(tier: RollupTier, fromMs: number, toMs: number): string {
  const w = TIER_WIDTH_MS[tier];
  return `slot >= ${Math.ceil(fromMs / w)} AND slot < ${Math.ceil(toMs / w)}`;
}

/**
 * Inserts partials in the integer form (storedRollupSelect, mergeStoredSelect, storedPartials:
 * `bucket` in ms, sum_c, min_c, max_c, m2_c) into the tier's store, encoded (slot, min_d, max_d,
 * m2_q), in the store's order. `exclude` names columns of `select` that are not stored (`sq`).
 */
export function insertPartials(
  tier: RollupTier,
  select: string,
  exclude: readonly string[] = [],
  into: string = ROLLUP_STORES[tier],
): string {
  const except = exclude.length > 0 ? ` EXCLUDE (${exclude.join(', ')})` : '';
  return `INSERT INTO ${into} SELECT *${except} REPLACE (bucket // ${TIER_WIDTH_MS[tier]} AS bucket,
      min_c - sum_c // n AS min_c, max_c - sum_c // n AS max_c, m2_c // n AS m2_c)
    FROM (${select}) ORDER BY ${storeOrder('bucket')}`;
}

/** The tier's stored partials in the integer form insertPartials takes (`bucket` in ms). */
export function storedPartials(tier: RollupTier, where = 'TRUE'): string {
  return `SELECT * EXCLUDE (slot) FROM (${decodedStore(tier)}) WHERE ${where}`;
}

/**
 * The partial's integer form from an aggregate row keyed by form: e set — integers (s, mn, mx,
 * q = Σx²) of one scale, kept as integers when m = n·q − s² fits a BIGINT and n is under
 * BIGINT_SQUARE_LIMIT, else as the doubles they give; e NULL — the doubles aggregated (sf, mnf,
 * mxf, m2f).
 */
function pickForm(squares = false): string {
  const p = pow10Sql('e');
  const int = (x: string) => `CASE WHEN fits THEN ${x}::BIGINT END`;
  const dbl = (f: string, fromInt: string) => `CASE WHEN e IS NULL THEN ${f} WHEN NOT fits THEN ${fromInt} END`;
  return `series_id, bucket, n, CASE WHEN fits THEN e END AS e, ${int('s')} AS sum_c, ${int('mn')} AS min_c,
    ${int('mx')} AS max_c, ${int('m')} AS m2_c, ${dbl('sf', `s::DOUBLE / ${p}`)} AS sum_f,
    ${dbl('mnf', `mn::DOUBLE / ${p}`)} AS min_f, ${dbl('mxf', `mx::DOUBLE / ${p}`)} AS max_f,
    ${dbl('m2f', `m::DOUBLE / n / ${p} / ${p}`)} AS m2_f${squares ? ', CASE WHEN fits THEN q END AS sq' : ''}`;
}

/** Wraps an aggregate by (series_id, bucket, e) with m and whether the integers fit. */
function formed(aggregate: string, squares = false): string {
  return `SELECT ${pickForm(squares)} FROM (
      SELECT *, e IS NOT NULL AND n < ${BIGINT_SQUARE_LIMIT} AND try_cast(m AS BIGINT) IS NOT NULL AS fits FROM (
        SELECT *, n * q - s * s AS m FROM (${aggregate})))`;
}

/**
 * Rollup partials, in the store's columns, of readings_store rows of `source` (good and
 * uncertain quality) in buckets of `widthMs`: per bucket one partial of the readings that are
 * integers below 2^31 of one scale, and one of the others as doubles (a bucket mixing them has
 * two partials; queries merge partials anyway). The doubles are aggregated only over the rows
 * that need them. Sums of such integers and of their squares fit DuckDB's sum of BIGINT (it adds
 * into HUGEINT), so no row is cast.
 */
export function storedRollupSelect(
  source: string,
  widthMs: number,
  where = 'TRUE',
  { value = STORED_VALUE, intScale = INT_SCALE, squares = false }: RollupInputs = {},
): string {
  const dbl = (agg: string) => `${agg} FILTER (e IS NULL)`;
  return formed(
    `SELECT series_id, ts - ts % ${widthMs} AS bucket, e, count(*)::UINTEGER AS n, sum(value_c) AS s,
      min(value_c) AS mn, max(value_c) AS mx, sum(CASE WHEN e IS NOT NULL THEN value_c * value_c END) AS q,
      ${dbl('sum(v)')} AS sf, ${dbl('min(v)')} AS mnf, ${dbl('max(v)')} AS mxf,
      coalesce(${dbl('var_pop(v)')}, 0) * count(*) AS m2f
    FROM (SELECT series_id, ts, value_c, ${intScale} AS e, ${value} AS v
      FROM ${source} WHERE quality < 2 AND (${where}))
    GROUP BY 1, 2, 3`,
    squares,
  );
}

/**
 * Merges stored partials of `source` (the store's columns) into coarser buckets, integers with
 * integers of the same scale (exactly), doubles with doubles (m2 as Σm2ᵢ + Σ(sumᵢ²/nᵢ) − (Σsumᵢ)²/Σnᵢ).
 * With `squares` the source has storedRollupSelect's `sq` column (Σx² of each integer partial).
 */
export function mergeStoredSelect(source: string, widthMs: number, { squares = false } = {}): string {
  const q = squares ? 'sum(sq)' : 'sum((m2_c::HUGEINT + sum_c::HUGEINT * sum_c) // n)';
  return formed(`SELECT series_id, bucket - bucket % ${widthMs} AS bucket, e, sum(n)::UINTEGER AS n,
      sum(sum_c::HUGEINT) AS s, min(min_c) AS mn, max(max_c) AS mx, ${q} AS q,
      sum(sum_f) AS sf, min(min_f) AS mnf, max(max_f) AS mxf,
      greatest(sum(m2_f) + sum(sum_f * sum_f / n) - sum(sum_f) * sum(sum_f) / sum(n), 0) AS m2f
    FROM ${source} GROUP BY 1, 2, 3`);
}

/**
 * Schema 3: rollup tables of version 2 (doubles) become the stores' double form as they are —
 * their buckets may hold readings long expired, so nothing is recomputed — with the views in
 * their place. One transaction per file, so a crash leaves the tables as they were.
 */
export async function moveRollupTablesToStore(db: DuckDBConnection, tables: ReadonlySet<string>): Promise<void> {
  const old = TIERS.filter((t) => tables.has(`rollup_${t}`));
  if (old.length === 0) return;
  await db.run('BEGIN TRANSACTION');
  try {
    for (const t of old) {
      await db.run(`INSERT INTO ${ROLLUP_STORES[t]} (series_id, slot, n, sum_f, min_f, max_f, m2_f)
        SELECT series_id, bucket // ${TIER_WIDTH_MS[t]}, n, sum, min, max, m2 FROM rollup_${t}
        ORDER BY ${storeOrder('bucket')}`);
      await db.run(`DROP TABLE rollup_${t}`);
    }
    await db.run(CREATE_ROLLUP_VIEWS);
    await db.run('COMMIT');
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    throw err;
  }
}

/**
 * Schema 4: stores of schema 3 keep the bucket's start in ms and min, max and m2 as they are;
 * each is rewritten once encoded (insertPartials), in the store's order, and the views (which
 * named the old columns) are made again by the caller. One transaction per file, so a crash
 * leaves the stores as they were.
 */
export async function moveRollupStoresToSlots(db: DuckDBConnection): Promise<boolean> {
  const stores = Object.values(ROLLUP_STORES).map((t) => `'${t}'`);
  const old = new Set(
    (
      (
        await db.runAndReadAll(`SELECT table_name FROM duckdb_columns()
          WHERE column_name = 'bucket' AND table_name IN (${stores.join(', ')})`)
      ).getRowsJS() as [string][]
    ).map(([t]) => t),
  );
  if (old.size === 0) return false;
  await db.run('BEGIN TRANSACTION');
  try {
    for (const t of TIERS) await db.run(`DROP VIEW IF EXISTS rollup_${t}`);
    for (const t of TIERS.filter((tier) => old.has(ROLLUP_STORES[tier]))) {
      const table = ROLLUP_STORES[t];
      // An integer partial of too many readings to decode in BIGINT takes its doubles, as pickForm does.
      const p = pow10Sql('e');
      await db.run(`UPDATE ${table} SET sum_f = sum_c::DOUBLE / ${p}, min_f = min_c::DOUBLE / ${p},
        max_f = max_c::DOUBLE / ${p}, m2_f = m2_c::DOUBLE / n / ${p} / ${p}, e = NULL, sum_c = NULL,
        min_c = NULL, max_c = NULL, m2_c = NULL WHERE e IS NOT NULL AND n >= ${BIGINT_SQUARE_LIMIT}`);
      await db.run(`CREATE TABLE ${table}_v4 (${STORE_COLUMNS})`);
      await db.run(insertPartials(t, `SELECT * FROM ${table}`, [], `${table}_v4`));
      await db.run(`DROP TABLE ${table}`);
      await db.run(`ALTER TABLE ${table}_v4 RENAME TO ${table}`);
    }
    await db.run('COMMIT');
    return true;
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    throw err;
  }
}
