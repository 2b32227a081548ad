import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { HistoryQueries } from './history-query';
import { migrateHistory } from './history-schema';
import { storeSelect } from './readings-store';
import { insertPartials, storedRollupSelect } from './rollup-store';
import { SeriesCatalog } from './series-catalog';

const forever = () => ({ raw: -Infinity, '1m': -Infinity, '1h': -Infinity, '1d': -Infinity });

/** Stores the rows of a SELECT of (series_id, ts, value, quality) as compaction does (readings-store.ts). */
const stored = (select: string) =>
  `INSERT INTO readings_store ${storeSelect(`(${select}) AS r(series_id, ts, value, quality)`)}`;

describe('history queries over more rows than are read into memory at once', () => {
  it('answers the same points when DuckDB has to pre-aggregate the readings per bucket', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await migrateHistory(db);
      const catalog = new SeriesCatalog();
      await catalog.ensure(db, ['pump/flow', 'pump/head']);
      const [flow, head] = [catalog.id('pump/flow')!, catalog.id('pump/head')!];
      // 2,000 readings a series at 1 s, values with a fraction, one bad-quality reading left out
      await db.run(
        stored(`SELECT ${flow}, 1000 * i, (i % 97) / 7.0, CASE WHEN i = 500 THEN 2 ELSE 0 END FROM range(2000) t(i)`),
      );
      await db.run(stored(`SELECT ${head}, 1000 * i + 250, -(i % 13) * 1.5, 0 FROM range(2000) t(i)`));
      const inMemory = new HistoryQueries(catalog, forever);
      const bounded = new HistoryQueries(catalog, forever, undefined, undefined, 100);
      for (const [from, to, maxPoints] of [
        [0, 1_999_999, 500], // 4 readings a bucket
        [10_000, 20_000, 50], // one reading a bucket: own times kept
        [0, 1_999_999, 2000], // one a bucket over the whole range
      ] as const) {
        const a = await inMemory.query(db, ['pump/flow', 'pump/head'], from, to, maxPoints, 'raw');
        const b = await bounded.query(db, ['pump/flow', 'pump/head'], from, to, maxPoints, 'raw');
        expect(b.map((p) => [p.series, p.tier, p.bucketMs, p.ts, p.count, p.min, p.max])).toEqual(
          a.map((p) => [p.series, p.tier, p.bucketMs, p.ts, p.count, p.min, p.max]),
        );
        b.forEach((p, i) => p.value.forEach((v, k) => expect(v).toBeCloseTo(a[i]!.value[k]!, 12)));
      }
      const [p] = await bounded.query(db, ['pump/flow'], 0, 1_999_999, 500, 'raw');
      expect(p!.bucketMs).toBe(4000);
      expect(p!.count.reduce((s, n) => s + n, 0)).toBe(1999); // the bad reading is not counted
      expect(p!.ts[0]).toBe(0);
      expect(p!.value[0]).toBeCloseTo((0 + 1 / 7 + 2 / 7 + 3 / 7) / 4, 12);
      const [single] = await bounded.query(db, ['pump/head'], 10_000, 20_000, 50, 'raw');
      expect(single!.bucketMs).toBe(0);
      expect(single!.ts).toEqual(Array.from({ length: 10 }, (_, i) => 10_250 + i * 1000));
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('answers the same rollup points when DuckDB has to merge the partials per bucket', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await migrateHistory(db);
      const catalog = new SeriesCatalog();
      await catalog.ensure(db, ['pump/flow']);
      const flow = catalog.id('pump/flow')!;
      await db.run(stored(`SELECT ${flow}, 10_000 * i, sin(i / 10.0) * 50, 0 FROM range(6000) t(i)`));
      // Two partials in every minute: the same readings rolled up from two halves (late data)
      await db.run(insertPartials('1m', storedRollupSelect('readings_store', 60_000, 'ts % 20000 = 0')));
      await db.run(insertPartials('1m', storedRollupSelect('readings_store', 60_000, 'ts % 20000 <> 0')));
      const inMemory = new HistoryQueries(catalog, forever);
      const bounded = new HistoryQueries(catalog, forever, undefined, undefined, 100);
      for (const maxPoints of [1000, 60, 7]) {
        const [a] = await inMemory.query(db, ['pump/flow'], 30_000, 59_990_000, maxPoints, '1m');
        const [b] = await bounded.query(db, ['pump/flow'], 30_000, 59_990_000, maxPoints, '1m');
        expect([b!.bucketMs, b!.ts, b!.count, b!.min, b!.max]).toEqual([a!.bucketMs, a!.ts, a!.count, a!.min, a!.max]);
        b!.value.forEach((v, k) => expect(v).toBeCloseTo(a!.value[k]!, 12));
        expect(b!.count.reduce((n, c) => n + c, 0)).toBe(6000);
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
