// The figures the Analytics panels show, computed from the engine's history points (pure, so
// they are unit-tested on their own):
// - normalising a series to 0–1 over the range shown (the overlay's shared axis);
// - Pearson's r between two series on their aligned rollup buckets (the correlation matrix): two
//   series are compared only where both have a bucket at the same start, never by interpolation;
// - quantiles (box plot) with linear interpolation between order statistics (R's type 7, what
//   spreadsheets and numpy use by default), so an engineer can check a figure by hand;
// - min/max/avg per hour, day or week from rollup buckets, the average weighted by readings.
import type { SeriesPoints } from '../../../../shared/contract';

/** Each value scaled to 0–1 between the series' own min and max; a flat series sits at 0.5. */
export function normalise(values: readonly number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return values.map(() => NaN);
  const span = hi - lo;
  return values.map((v) => (Number.isFinite(v) ? (span === 0 ? 0.5 : (v - lo) / span) : NaN));
}

/** Pearson's r of paired values; null with fewer than 3 pairs or when either side is flat. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** The two series' values at the bucket starts both have. */
export function alignPairs(a: SeriesPoints, b: SeriesPoints): { xs: number[]; ys: number[] } {
  const byTs = new Map<number, number>();
  a.ts.forEach((t, i) => {
    const v = a.value[i]!;
    if (Number.isFinite(v)) byTs.set(t, v);
  });
  const xs: number[] = [];
  const ys: number[] = [];
  b.ts.forEach((t, i) => {
    const x = byTs.get(t);
    const y = b.value[i]!;
    if (x !== undefined && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  });
  return { xs, ys };
}

export interface CorrelationMatrix {
  series: string[];
  /** r[i][j]; null where it cannot be computed (too few shared buckets, a flat series). */
  r: (number | null)[][];
  /** How many aligned buckets each cell rests on. */
  n: number[][];
}

export function correlationMatrix(points: readonly SeriesPoints[]): CorrelationMatrix {
  const size = points.length;
  const r = Array.from({ length: size }, () => Array<number | null>(size).fill(null));
  const n = Array.from({ length: size }, () => Array<number>(size).fill(0));
  for (let i = 0; i < size; i++)
    for (let j = i; j < size; j++) {
      const { xs, ys } = alignPairs(points[i]!, points[j]!);
      const value = pearson(xs, ys);
      r[i]![j] = r[j]![i] = value;
      n[i]![j] = n[j]![i] = xs.length;
    }
  return { series: points.map((p) => p.series), r, n };
}

export interface Quantiles {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  count: number;
}

/** The five figures of a box plot; null for no finite value. */
export function quantiles(values: readonly number[]): Quantiles | null {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  const at = (p: number) => {
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, v.length - 1);
    return v[lo]! + (h - lo) * (v[hi]! - v[lo]!);
  };
  return { min: v[0]!, q1: at(0.25), median: at(0.5), q3: at(0.75), max: v[v.length - 1]!, count: v.length };
}

export type Period = 'hour' | 'day' | 'week';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 1970-01-01 was a Thursday: Monday-based weeks start 3 days later, modulo 7. */
const MONDAY_OFFSET = 4 * DAY;

/** The start of the period holding `ts` (UTC: the engine's rollups are UTC buckets). */
export function periodStart(ts: number, period: Period): number {
  if (period === 'hour') return ts - (((ts % HOUR) + HOUR) % HOUR);
  if (period === 'day') return ts - (((ts % DAY) + DAY) % DAY);
  const w = 7 * DAY;
  return ts - ((((ts - MONDAY_OFFSET) % w) + w) % w);
}

export interface PeriodRow {
  start: number;
  min: number;
  max: number;
  /** Average of every reading in the period (bucket averages weighted by their counts). */
  avg: number;
  count: number;
}

/** Min/max/avg per period from bucketed points (buckets no wider than the period). */
export function periodStats(points: SeriesPoints, period: Period): PeriodRow[] {
  const rows = new Map<number, { min: number; max: number; sum: number; count: number }>();
  points.ts.forEach((t, i) => {
    const count = points.count[i] ?? 1;
    const value = points.value[i]!;
    if (!Number.isFinite(value) || count <= 0) return;
    const key = periodStart(t, period);
    const row = rows.get(key) ?? { min: Infinity, max: -Infinity, sum: 0, count: 0 };
    row.min = Math.min(row.min, points.min[i] ?? value);
    row.max = Math.max(row.max, points.max[i] ?? value);
    row.sum += value * count;
    row.count += count;
    rows.set(key, row);
  });
  return [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, r]) => ({ start, min: r.min, max: r.max, avg: r.sum / r.count, count: r.count }));
}
