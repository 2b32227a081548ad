// Readings are stored as scaled integers where that is exact (readings-store.ts): a reading read
// back through the view must be the very double that was written — a wrong last bit would change
// exports, statistics and the lake round trip. Also: a version-2 file is moved into the compact
// table once, with every reading as it was.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateHistory, SCHEMA_VERSION } from './history-schema';
import { compactHot } from './compactor';
import { scaleByIdSql, scaleSelect, STORED_VALUE, storeSelect } from './readings-store';

const INCOMING = `CREATE TABLE incoming (
  series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL, quality UTINYINT NOT NULL)`;

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Values a plant sends, and the awkward ones: every decimals count, signs, huge, tiny, −0, NaN, ±Inf. */
function values(): number[] {
  const r = random(7);
  const out: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const decimals = i % 9;
    const sign = r() < 0.5 ? -1 : 1;
    const magnitude = 10 ** Math.floor(r() * 9);
    out.push((sign * Math.round(r() * magnitude * 10 ** decimals)) / 10 ** decimals);
  }
  out.push(
    0,
    -0,
    0.1 + 0.2,
    1 / 3,
    -0.005,
    123.456,
    0.01,
    -0.01,
    2 ** 53,
    2 ** 53 - 1,
    -(2 ** 53) + 2,
    90_071_992_547_409.91,
    1e15 + 0.5,
    1e300,
    -1e300,
    5e-324,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    NaN,
    Infinity,
    -Infinity,
  );
  return out;
}

async function writeHot(db: DuckDBConnection, rows: readonly [number, number][], table = 'incoming') {
  const app = await db.createAppender(table);
  let ts = 1_700_000_000_000;
  for (const [series, value] of rows) {
    app.appendInteger(series);
    app.appendBigInt(BigInt(ts++));
    app.appendDouble(value);
    app.appendUTinyInt(0);
    app.endRow();
  }
  app.closeSync();
}

async function readBack(db: DuckDBConnection, sql: string): Promise<number[]> {
  return ((await db.runAndReadAll(sql)).getRowsJS() as [number][]).map(([v]) => v);
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('readings_store', () => {
  it('gives back every value bit for bit through the readings view', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await migrateHistory(db);
    await db.run(INCOMING);
    const written = values();
    // One series per value kind, so each gets its own scale, and one series mixing them all.
    await writeHot(db, [
      ...written.map((v, i) => [i % 9, v] as [number, number]),
      ...written.map((v) => [20, v] as [number, number]),
    ]);
    await db.run(`INSERT INTO readings_store ${storeSelect('incoming')} ORDER BY series_id, ts`);
    const back = await readBack(db, 'SELECT value FROM readings ORDER BY series_id, ts');
    const expected = [...written.map((v, i) => ({ s: i % 9, i, v })), ...written.map((v, i) => ({ s: 20, i, v }))]
      .sort((a, b) => a.s - b.s || a.i - b.i)
      .map((x) => x.v);
    expect(back.length).toBe(expected.length);
    const differing = back.filter((v, i) => !Object.is(v, expected[i]));
    expect(differing).toEqual([]);
    // Up to six decimals every value of the kinds the plant sends is an integer (the compact
    // form is the one used); seven and eight decimals, and the awkward values, are doubles.
    const forms = (
      await db.runAndReadAll(
        'SELECT series_id <= 6, count(value_c)::DOUBLE, count(value_f) FILTER (value_f <> 0)::DOUBLE FROM readings_store WHERE series_id < 9 GROUP BY 1 ORDER BY 1',
      )
    ).getRowsJS() as [boolean, number, number][];
    const upToSix = forms.find(([six]) => six)!;
    expect(upToSix[2]).toBeLessThanOrEqual(21); // only the awkward values appended at the end (and −0s)
    expect(upToSix[1]).toBeGreaterThan(3000);
    expect(forms.find(([six]) => !six)![2]).toBeGreaterThan(0);
    // Every way of giving the rows their scale gives back the same values.
    const stored = (sql: string) =>
      db
        .runAndReadAll(`SELECT series_id, ts, ${STORED_VALUE}, quality FROM (${sql}) ORDER BY 1, 2`)
        .then((r) => r.getRowsJS());
    const twoPass = await stored(storeSelect('incoming'));
    expect(twoPass.length).toBe(expected.length);
    // Compaction's form (the scale kept in a table of one row per series, the rows joined to it).
    await db.run(`CREATE TABLE scale AS ${scaleSelect('incoming')}`);
    expect(await stored(storeSelect('incoming', 'TRUE', { scale: 'scale' }))).toEqual(twoPass);
    // The lake import's ladder over each series' distinct values gives every series the same scale.
    const scalesOf = (sql: string) =>
      db.runAndReadAll(`SELECT series_id, e FROM (${sql}) ORDER BY 1`).then((r) => r.getRowsJS());
    expect(await scalesOf(scaleSelect('incoming', 'TRUE', { distinct: true }))).toEqual(
      await scalesOf(scaleSelect('incoming')),
    );
    // The lake import's (the scale looked up by series id in a list).
    const scales = (await db.runAndReadAll('SELECT series_id, e FROM scale')).getRowsJS() as [number, number][];
    const scaleById = scaleByIdSql(scales)!;
    expect(await stored(storeSelect('incoming', 'TRUE', { scaleById }))).toEqual(twoPass);
    expect(
      scaleByIdSql([
        [1, 2],
        [10_001, 2],
      ]),
    ).toBeUndefined();
  });

  it('compacts hot rows of every kind into the store and rollups with every value kept', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await migrateHistory(db);
    // Finite and not ±1e300: var_pop of NaN, ±Inf or 1e300 fails the 1 m aggregate ("VARPOP is
    // out of range") on main too, should such a value reach readings_hot (not changed here).
    const written = values().filter((v) => Number.isFinite(v) && Math.abs(v) < 1e150);
    await db.run(`INSERT INTO series SELECT i, 'd' || i, 's', NULL FROM range(21) t(i)`);
    await writeHot(
      db,
      [...written.map((v, i) => [i % 9, v] as [number, number]), ...written.map((v) => [20, v] as [number, number])],
      'readings_hot',
    );
    const before = await db.runAndReadAll('SELECT series_id, ts, value FROM readings_hot ORDER BY 1, 2');
    expect(await compactHot(db)).toBe(written.length * 2);
    const after = await db.runAndReadAll('SELECT series_id, ts, value FROM readings ORDER BY 1, 2');
    const bits = (rows: unknown[][]) => rows.map(([s, t, v]) => `${s} ${t} ${Object.is(v, -0) ? '-0' : v}`);
    expect(bits(after.getRowsJS())).toEqual(bits(before.getRowsJS()));
    // Each series' minutes, merged, hold every reading: counts, and min and max exactly.
    const fromRollups = await db.runAndReadAll(
      'SELECT series_id, sum(n)::DOUBLE, min(min), max(max) FROM rollup_1m GROUP BY 1 ORDER BY 1',
    );
    const fromRows = await db.runAndReadAll(
      'SELECT series_id, count(*)::DOUBLE, min(value), max(value) FROM readings GROUP BY 1 ORDER BY 1',
    );
    expect(fromRollups.getRowsJS()).toEqual(fromRows.getRowsJS());
    expect(fromRows.getRowsJS().length).toBe(10);
  });

  it('scales each series by the fewest decimals exact for it', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await migrateHistory(db);
    await db.run(INCOMING);
    await writeHot(db, [
      [1, 12],
      [1, -3],
      [2, 50.1],
      [2, 50.13],
      [2, 50],
      [3, 0.125],
      [3, 7],
      [4, -0],
      [4, 1.5],
    ]);
    await db.run(`INSERT INTO readings_store ${storeSelect('incoming')} ORDER BY series_id, ts`);
    const rows = (
      await db.runAndReadAll('SELECT series_id, e, value_c::DOUBLE, value_f FROM readings_store ORDER BY series_id, ts')
    ).getRowsJS();
    expect(rows).toEqual([
      [1, 0, 12, null],
      [1, 0, -3, null],
      [2, 2, 5010, null],
      [2, 2, 5013, null],
      [2, 2, 5000, null],
      [3, 3, 125, null],
      [3, 3, 7000, null],
      [4, null, null, -0],
      [4, 1, 15, null],
    ]);
  });

  it('moves a version-2 readings table into readings_store once, every value unchanged', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-readings-store-'));
    const file = join(dir, 'history.duckdb');
    const written = values();
    {
      const inst = await DuckDBInstance.create(file);
      const db = await inst.connect();
      // Version 2's tables as it created them.
      await db.run(`CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '2');
        CREATE TABLE series (id INTEGER PRIMARY KEY, device VARCHAR NOT NULL, signal VARCHAR NOT NULL, last_ts BIGINT);
        CREATE TABLE readings (series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL, quality UTINYINT NOT NULL);
        CREATE TABLE rollup_1m (series_id INTEGER NOT NULL, bucket BIGINT NOT NULL, n UINTEGER NOT NULL,
          sum DOUBLE NOT NULL, min DOUBLE NOT NULL, max DOUBLE NOT NULL, m2 DOUBLE NOT NULL);
        INSERT INTO rollup_1m VALUES (1, 60000, 3, 0.30000000000000004, -0.1, 0.2, 0.07000000000000002);`);
      await writeHot(
        db,
        written.map((v, i) => [i % 5, v]),
        'readings',
      );
      await db.run('CHECKPOINT');
      db.closeSync();
      inst.closeSync();
    }
    const inst = await DuckDBInstance.create(file);
    const db = await inst.connect();
    await migrateHistory(db);
    const tables = (await db.runAndReadAll('SELECT table_name FROM duckdb_tables() ORDER BY 1')).getRowsJS().flat();
    expect(tables).toContain('readings_store');
    expect(tables).not.toContain('readings');
    const version = (await db.runAndReadAll("SELECT value FROM meta WHERE key = 'schema_version'")).getRowsJS();
    expect(version).toEqual([[String(SCHEMA_VERSION)]]);
    const back = await readBack(db, 'SELECT value FROM readings ORDER BY ts');
    expect(back.filter((v, i) => !Object.is(v, written[i]))).toEqual([]);
    // Sorted by series, as compaction leaves it.
    const order = (await db.runAndReadAll('SELECT series_id FROM readings_store')).getRowsJS().flat() as number[];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Rollups of version 2 (whose readings may be long gone) are kept as they were.
    expect(
      (await db.runAndReadAll('SELECT series_id, bucket, n, sum, min, max, m2 FROM rollup_1m')).getRowsJS(),
    ).toEqual([[1, 60000n, 3, 0.30000000000000004, -0.1, 0.2, 0.07000000000000002]]);
    // A second start finds nothing to move.
    await migrateHistory(db);
    expect(await readBack(db, 'SELECT count(*)::DOUBLE FROM readings')).toEqual([written.length]);
    db.closeSync();
    inst.closeSync();
  });
});
