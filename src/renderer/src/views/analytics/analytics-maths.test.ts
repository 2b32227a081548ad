import { describe, expect, it } from 'vitest';
import type { SeriesPoints } from '../../../../shared/contract';
import {
  alignPairs,
  correlationMatrix,
  normalise,
  pearson,
  periodStart,
  periodStats,
  quantiles,
} from './analytics-maths';

const pts = (series: string, ts: number[], value: number[], count?: number[]): SeriesPoints => ({
  series,
  tier: '1m',
  bucketMs: 60_000,
  ts,
  value,
  min: value.map((v) => v - 1),
  max: value.map((v) => v + 1),
  count: count ?? value.map(() => 1),
});

describe('analytics maths', () => {
  it('normalises to 0–1 over the series itself; a flat series sits in the middle', () => {
    expect(normalise([10, 15, 20])).toEqual([0, 0.5, 1]);
    expect(normalise([7, 7])).toEqual([0.5, 0.5]);
    expect(normalise([1, NaN, 3])).toEqual([0, NaN, 1]);
  });

  it("computes Pearson's r as a hand calculation does", () => {
    // x = 1..5, y = 2,4,5,4,5: r = 6 / sqrt(10 * 6) = 0.7746
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(0.774597, 5);
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 10);
    expect(pearson([1, 2], [1, 2])).toBeNull();
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
  });

  it('pairs only buckets both series have', () => {
    const a = pts('a/x', [0, 60_000, 120_000, 180_000], [1, 2, 3, 4]);
    const b = pts('b/y', [60_000, 120_000, 240_000], [20, 30, 50]);
    expect(alignPairs(a, b)).toEqual({ xs: [2, 3], ys: [20, 30] });
  });

  it('builds a symmetric matrix with 1 on the diagonal and the count of shared buckets', () => {
    const ts = [0, 60_000, 120_000, 180_000, 240_000];
    const m = correlationMatrix([
      pts('a/x', ts, [1, 2, 3, 4, 5]),
      pts('b/y', ts, [10, 8, 6, 4, 2]),
      pts('c/z', ts.slice(0, 2), [1, 2]),
    ]);
    expect(m.series).toEqual(['a/x', 'b/y', 'c/z']);
    expect(m.r[0]![0]).toBeCloseTo(1, 10);
    expect(m.r[0]![1]).toBeCloseTo(-1, 10);
    expect(m.r[1]![0]).toBe(m.r[0]![1]);
    expect(m.r[0]![2]).toBeNull();
    expect(m.n[0]![2]).toBe(2);
  });

  it('gives the quantiles numpy gives (linear interpolation)', () => {
    expect(quantiles([7, 1, 3, 5])).toEqual({ min: 1, q1: 2.5, median: 4, q3: 5.5, max: 7, count: 4 });
    expect(quantiles([NaN])).toBeNull();
    expect(quantiles([4])).toEqual({ min: 4, q1: 4, median: 4, q3: 4, max: 4, count: 1 });
  });

  it('starts hours, days and Monday weeks in UTC', () => {
    const t = Date.UTC(2026, 11, 6, 20, 38, 4); // Sunday
    expect(periodStart(t, 'hour')).toBe(Date.UTC(2026, 11, 6, 20));
    expect(periodStart(t, 'day')).toBe(Date.UTC(2026, 11, 6));
    expect(periodStart(t, 'week')).toBe(Date.UTC(2026, 10, 30)); // Monday 30 Nov
    expect(periodStart(Date.UTC(2026, 11, 7), 'week')).toBe(Date.UTC(2026, 11, 7));
  });

  it('takes min/max/avg per period, the average weighted by readings', () => {
    const h = 3_600_000;
    const p = pts('a/x', [0, h / 2, h, h + 60_000], [10, 20, 30, 40], [1, 3, 2, 2]);
    expect(periodStats(p, 'hour')).toEqual([
      { start: 0, min: 9, max: 21, avg: 17.5, count: 4 },
      { start: h, min: 29, max: 41, avg: 35, count: 4 },
    ]);
  });
});
