// Rollups in their compact form (rollup-store.ts) must say what the doubles said: the same
// count, min and max, the same sum and spread up to the doubles' own rounding, and partials that
// merge to exactly what one pass over the readings gives — late data and imports add partials to
// old buckets, and hourly and daily rows are merged from minutes.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { compactHot } from './compactor';
import { migrateHistory, rollupSelect, SCHEMA_VERSION } from './history-schema';
import { storeSelect } from './readings-store';
import { insertPartials, mergeStoredSelect, ROLLUP_STORES, storedPartials, storedRollupSelect } from './rollup-store';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % (24 * HOUR));

async function open(): Promise<DuckDBConnection> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  await migrateHistory(db);
  await db.run(`CREATE TABLE incoming (series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL,
    quality UTINYINT NOT NULL)`);
  return db;
}

/**
 * Series 1: a random walk in hundredths (the integer form); 2: values with 9 decimals (doubles);
 * 3: hundredths with one huge value in one minute (that minute as doubles); 4: whole numbers,
 * bad quality every 7th reading (left out).
 */
async function writeSeries(db: DuckDBConnection, seconds: number): Promise<void> {
  const app = await db.createAppender('incoming');
  let walk = 5000;
  for (let i = 0; i < seconds; i++) {
    walk += ((i * 7919) % 21) - 10;
    const ts = BigInt(T0 + i * 1000);
    const rows: [number, number, number][] = [
      [1, walk / 100, 0],
      [2, walk / 1e9 + 0.123456789, 0],
      [3, i === 90 ? 1e12 + 0.25 : -walk / 100, 1],
      [4, walk, i % 7 === 0 ? 2 : 0],
    ];
    for (const [s, v, q] of rows) {
      app.appendInteger(s);
      app.appendBigInt(ts);
      app.appendDouble(v);
      app.appendUTinyInt(q);
      app.endRow();
    }
  }
  app.closeSync();
}

type Row = [number, number, number, number, number, number, number];

/** Partials merged per series and bucket (a bucket may have an integer and a double partial). */
async function rows(db: DuckDBConnection, sql: string): Promise<Row[]> {
  return (
    await db.runAndReadAll(`SELECT series_id, bucket::DOUBLE, sum(n)::DOUBLE, sum(sum), min(min), max(max),
      greatest(sum(m2) + sum(sum * sum / n) - sum(sum) * sum(sum) / sum(n), 0)
      FROM (${sql}) GROUP BY 1, 2 ORDER BY 1, 2`)
  ).getRowsJS() as Row[];
}

/** A compact partial read as doubles, as the rollup views show it. */
function asDoubles(table: string): string {
  return `SELECT series_id, bucket, n, coalesce(sum_c::DOUBLE / 10 ** e, sum_f) AS sum, coalesce(min_c::DOUBLE / 10 ** e, min_f) AS min,
    coalesce(max_c::DOUBLE / 10 ** e, max_f) AS max, coalesce(m2_c::DOUBLE / n / 10 ** e / 10 ** e, m2_f) AS m2 FROM ${table}`;
}

function expectSame(actual: Row[], expected: Row[]): void {
  expect(actual.map((r) => r.slice(0, 3))).toEqual(expected.map((r) => r.slice(0, 3)));
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    expect([a[4], a[5]]).toEqual([e[4], e[5]]); // min and max: the very doubles
    expect(Math.abs(a[3] - e[3])).toBeLessThanOrEqual(1e-12 * Math.abs(e[3]) + 1e-9); // sums: up to the doubles' rounding
    expect(Math.abs(a[6] - e[6])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e[6])) + 1e-6);
  }
}

describe('compact rollups', () => {
  it('give the counts, extremes, sums and spreads the doubles gave, integers where exact', async () => {
    const db = await open();
    await writeSeries(db, 3 * 3600);
    await db.run(`CREATE TABLE stored AS ${storeSelect('incoming')}`);
    await db.run(`CREATE TABLE minutes AS ${storedRollupSelect('stored', MINUTE)}`);
    expectSame(await rows(db, asDoubles('minutes')), await rows(db, rollupSelect('incoming', MINUTE)));
    // Compaction's inputs (the value and the integer scale as columns) give the very same partials.
    await db.run(`CREATE TABLE kept AS ${storeSelect('incoming', 'TRUE', { keepValue: true })}`);
    const viaColumns = storedRollupSelect('kept', MINUTE, 'TRUE', { value: 'value', intScale: 'int_scale' });
    expectSame(await rows(db, asDoubles(`(${viaColumns})`)), await rows(db, asDoubles('minutes')));
    const ints = (sql: string) =>
      db
        .runAndReadAll(`SELECT * EXCLUDE (sum_f, min_f, max_f, m2_f) FROM (${sql}) ORDER BY ALL`)
        .then((r) => r.getRowsJS());
    expect(await ints(viaColumns)).toEqual(await ints('SELECT * FROM minutes'));
    const forms = (
      await db.runAndReadAll(
        'SELECT series_id, count(sum_c)::DOUBLE, count(sum_f)::DOUBLE FROM minutes GROUP BY 1 ORDER BY 1',
      )
    ).getRowsJS();
    // 180 minutes each: series 1 and 4 all integers, 2 all doubles, 3 integers and, in its huge
    // minute, a second partial of doubles for that one reading.
    expect(forms).toEqual([
      [1, 180, 0],
      [2, 0, 180],
      [3, 180, 1],
      [4, 180, 0],
    ]);
  });

  it('merge minutes into hours and days exactly as one pass over the readings does', async () => {
    const db = await open();
    await writeSeries(db, 3 * 3600);
    await db.run(`CREATE TABLE stored AS ${storeSelect('incoming')}`);
    // Minutes from two batches (as a late compaction adds partials to the same buckets).
    await db.run(`CREATE TABLE minutes AS ${storedRollupSelect('stored', MINUTE, 'ts % 2000 = 0')}
      UNION ALL ${storedRollupSelect('stored', MINUTE, 'ts % 2000 <> 0')}`);
    // The same minutes with their Σx² kept (compaction's form): merged from it, not from m2_c.
    const squares = { squares: true };
    await db.run(`CREATE TABLE squared AS ${storedRollupSelect('stored', MINUTE, 'ts % 2000 = 0', squares)}
      UNION ALL ${storedRollupSelect('stored', MINUTE, 'ts % 2000 <> 0', squares)}`);
    for (const width of [HOUR, 24 * HOUR]) {
      const merged = `SELECT * FROM (${mergeStoredSelect('minutes', width)})`;
      const direct = `SELECT * FROM (${storedRollupSelect('stored', width)})`;
      const ints = (sql: string) =>
        db
          .runAndReadAll(
            `SELECT series_id, bucket::DOUBLE, n::DOUBLE, e, sum_c::DOUBLE, min_c::DOUBLE, max_c::DOUBLE, m2_c::DOUBLE
             FROM (${sql}) WHERE e IS NOT NULL ORDER BY 1, 2`,
          )
          .then((r) => r.getRowsJS());
      const exact = await ints(merged);
      expect(exact.length).toBeGreaterThan(0);
      expect(exact).toEqual(await ints(direct));
      expect(await ints(mergeStoredSelect('squared', width, squares))).toEqual(exact);
      expectSame(await rows(db, asDoubles(`(${merged})`)), await rows(db, rollupSelect('incoming', width)));
    }
  });

  it('keep every partial exactly through the store (slots, offsets from the mean, m2 // n)', async () => {
    const db = await open();
    await writeSeries(db, 26 * 3600);
    await db.run(`CREATE TABLE stored AS ${storeSelect('incoming')}`);
    await db.run('INSERT INTO readings_hot SELECT * FROM incoming');
    await compactHot(db);
    const ints = (sql: string) =>
      db
        .runAndReadAll(
          `SELECT series_id, bucket::DOUBLE, n::DOUBLE, e, sum_c::DOUBLE, min_c::DOUBLE, max_c::DOUBLE, m2_c::DOUBLE
             FROM (${sql}) WHERE e IS NOT NULL ORDER BY ALL`,
        )
        .then((r) => r.getRowsJS());
    for (const [tier, width] of [
      ['1m', MINUTE],
      ['1h', HOUR],
      ['1d', 24 * HOUR],
    ] as const) {
      // The store's integers decoded are the very integers one pass over the readings gives
      // (series 3 below zero; the doubles' partials are checked through the view, to their rounding).
      const direct = await ints(storedRollupSelect('stored', width));
      expect(direct.some((r) => (r[5] as number) < 0)).toBe(true);
      expect(await ints(storedPartials(tier))).toEqual(direct);
      // And the view's doubles are the doubles' own rollups.
      const view = `SELECT series_id, bucket, n, sum, min, max, m2 FROM rollup_${tier}`;
      expectSame(await rows(db, view), await rows(db, rollupSelect('incoming', width)));
    }
    // A day of more than 3·10^9 readings (1,500 ones, the rest zeros, from three partials) keeps
    // the doubles: its m2 could not be decoded in BIGINT.
    const n = 3_300_000_000;
    await db.run(`CREATE TABLE big AS SELECT 9 AS series_id, ${T0} + i * ${MINUTE} AS bucket, 1100000000::UINTEGER AS n,
      0::UTINYINT AS e, ${1000 / 4}::BIGINT * (i + 1) AS sum_c, 0::BIGINT AS min_c, 1::BIGINT AS max_c,
      (1100000000::HUGEINT * ${1000 / 4} * (i + 1) - (${1000 / 4} * (i + 1))::HUGEINT ** 2)::BIGINT AS m2_c,
      NULL::DOUBLE AS sum_f, NULL::DOUBLE AS min_f, NULL::DOUBLE AS max_f, NULL::DOUBLE AS m2_f FROM range(3) t(i)`);
    await db.run('DELETE FROM rollup_1d_store');
    await db.run(insertPartials('1d', mergeStoredSelect('big', 24 * HOUR)));
    const day = await db.runAndReadAll('SELECT e, sum_c, n::DOUBLE, sum_f, min_f, max_f, m2_f FROM rollup_1d_store');
    expect(day.getRowsJS()).toEqual([[null, null, n, 1500, 0, 1, 1500 - 1500 ** 2 / n]]);
    expect((await db.runAndReadAll('SELECT sum, min, max, m2 FROM rollup_1d')).getRowsJS()).toEqual([
      [1500, 0, 1, 1500 - 1500 ** 2 / n],
    ]);
  });

  it('move a version-3 file to slots and offsets once, every partial as it was', async () => {
    const db = await open();
    await writeSeries(db, 26 * 3600);
    await db.run('INSERT INTO readings_hot SELECT * FROM incoming');
    await compactHot(db);
    const views = (t: string) =>
      db
        .runAndReadAll(`SELECT series_id, bucket::DOUBLE, n, sum, min, max, m2 FROM rollup_${t} ORDER BY ALL`)
        .then((r) => r.getRowsJS());
    const before = { '1m': await views('1m'), '1h': await views('1h'), '1d': await views('1d') };
    expect(before['1m'].length).toBeGreaterThan(4 * 26 * 60);
    // Version 3 as it left a file: each store with the bucket's start in ms and the partial's
    // integers as they are, and its view over it.
    for (const t of ['1m', '1h', '1d'] as const) {
      const store = ROLLUP_STORES[t];
      await db.run(`DROP VIEW rollup_${t}`);
      await db.run(`CREATE TABLE v3 AS ${storedPartials(t)}`);
      await db.run(`DROP TABLE ${store}`);
      await db.run(`ALTER TABLE v3 RENAME TO ${store}`);
      await db.run(`CREATE VIEW rollup_${t} AS ${asDoubles(store)}`);
    }
    await db.run("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
    await migrateHistory(db);
    const columns = (
      await db.runAndReadAll(`SELECT table_name, list(column_name ORDER BY column_index)[1:8] FROM duckdb_columns()
        WHERE table_name LIKE 'rollup_%_store' GROUP BY 1 ORDER BY 1`)
    ).getRowsJS();
    expect(columns).toEqual([
      ['rollup_1d_store', ['series_id', 'slot', 'n', 'e', 'sum_c', 'min_d', 'max_d', 'm2_q']],
      ['rollup_1h_store', ['series_id', 'slot', 'n', 'e', 'sum_c', 'min_d', 'max_d', 'm2_q']],
      ['rollup_1m_store', ['series_id', 'slot', 'n', 'e', 'sum_c', 'min_d', 'max_d', 'm2_q']],
    ]);
    for (const t of ['1m', '1h', '1d'] as const) expect(await views(t)).toEqual(before[t]);
    const version = (await db.runAndReadAll("SELECT value FROM meta WHERE key = 'schema_version'")).getRowsJS();
    expect(version).toEqual([[String(SCHEMA_VERSION)]]);
    // A second start finds nothing to move.
    await migrateHistory(db);
    expect(await views('1m')).toEqual(before['1m']);
  });
});
