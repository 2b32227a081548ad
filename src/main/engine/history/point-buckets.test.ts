import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { bucketPoints, readDoubleColumns } from './point-buckets';

const cols = (rows: number[][]) => rows[0]!.map((_, c) => Float64Array.from(rows.map((r) => r[c]!)));

describe('point buckets', () => {
  it('reads every row of a result that spans several DuckDB chunks, in DOUBLE columns', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const [a, b] = await readDoubleColumns(db, 'SELECT i::DOUBLE, (i * 0.5)::DOUBLE FROM range(5000) t(i)', 2);
      expect(a!.length).toBe(5000);
      const order = [...a!.keys()].sort((x, y) => a![x]! - a![y]!);
      expect(order.map((i) => a![i])).toEqual(Array.from({ length: 5000 }, (_, i) => i));
      expect(order.map((i) => b![i])).toEqual(Array.from({ length: 5000 }, (_, i) => i * 0.5));
      expect(await readDoubleColumns(db, 'SELECT 1::DOUBLE WHERE false', 1)).toEqual([new Float64Array(0)]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('keeps single raw readings at their own time and averages buckets of several, in time order', () => {
    // series 7: readings at 1000, 1200 (one bucket of 500 ms from 1000) and 2600 (alone); series 9 none
    const rows = cols([
      [7, 2600, 4],
      [7, 1200, -1],
      [7, 1000, 3],
    ]);
    const grid = { tier: 'raw' as const, origin: 1000, width: 500, count: 4 };
    const { points, downsampled } = bucketPoints(rows, [9, 7], ['d/nine', 'd/seven'], grid);
    expect(downsampled).toBe(true);
    expect(points.has(9)).toBe(false);
    expect(points.get(7)).toEqual({
      series: 'd/seven',
      tier: 'raw',
      bucketMs: 500,
      ts: [1000, 2600],
      value: [1, 4],
      min: [-1, 4],
      max: [3, 4],
      count: [2, 1],
    });
  });

  it('merges several rollup partials of one bucket and coarser buckets, leaving rows of other series out', () => {
    // [series, bucket, n, sum, min, max]: two partials in bucket 0, one in 60 000 (same 120 s bucket)
    const rows = cols([
      [1, 60_000, 2, 10, 4, 6],
      [1, 0, 3, 3, 0, 2],
      [1, 0, 1, -5, -5, -5],
      [2, 120_000, 1, 8, 8, 8],
      [3, 0, 1, 100, 100, 100],
    ]);
    const grid = { tier: '1m' as const, origin: 0, width: 120_000, count: 2 };
    const { points } = bucketPoints(rows, [1, 2], ['d/a', 'd/b'], grid);
    expect(points.get(1)).toMatchObject({
      ts: [0],
      value: [8 / 6],
      min: [-5],
      max: [6],
      count: [6],
      bucketMs: 120_000,
    });
    expect(points.get(2)).toMatchObject({ ts: [120_000], value: [8], min: [8], max: [8], count: [1] });
    expect(points.size).toBe(2);
  });
});
