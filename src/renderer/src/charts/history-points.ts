// Columnar history points as a chart shows them: the answer to a query, a finer answer for
// the zoomed window spliced into it, and the live tail from the ring buffers appended after
// it. Pure functions over plain arrays so what ends up on screen (and in a CSV) is testable.
import type { SeriesPoints } from '../../../shared/contract';

export interface HistoryPoints {
  /** Width of one bucket in ms; 0 when every point is one raw reading. */
  readonly bucketMs: number;
  readonly ts: readonly number[];
  /** Average of the bucket (the reading itself when raw). */
  readonly value: readonly number[];
  readonly min: readonly number[];
  readonly max: readonly number[];
  readonly count: readonly number[];
}

export const EMPTY_POINTS: HistoryPoints = { bucketMs: 0, ts: [], value: [], min: [], max: [], count: [] };

export function pointsOf(p: Pick<SeriesPoints, 'bucketMs' | 'ts' | 'value' | 'min' | 'max' | 'count'>): HistoryPoints {
  return { bucketMs: p.bucketMs, ts: p.ts, value: p.value, min: p.min, max: p.max, count: p.count };
}

interface Builder {
  ts: number[];
  value: number[];
  min: number[];
  max: number[];
  count: number[];
}

const builder = (): Builder => ({ ts: [], value: [], min: [], max: [], count: [] });

function copyRange(into: Builder, p: HistoryPoints, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    into.ts.push(p.ts[i]!);
    into.value.push(p.value[i]!);
    into.min.push(p.min[i] ?? p.value[i]!);
    into.max.push(p.max[i] ?? p.value[i]!);
    into.count.push(p.count[i] ?? 1);
  }
}

/** Index of the first point with ts >= t (points are in time order). */
export function lowerBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The points with from <= ts <= to: what a zoomed chart shows, and what its CSV holds. */
export function windowOf(p: HistoryPoints, from: number, to: number): HistoryPoints {
  const start = lowerBound(p.ts, from);
  const end = lowerBound(p.ts, to + 1e-9);
  if (start === 0 && end === p.ts.length) return p;
  const out = builder();
  copyRange(out, p, start, end);
  return { bucketMs: p.bucketMs, ...out };
}

/**
 * The overview of the whole range with a finer answer for the zoomed window [from, to] in
 * its place: zooming back out shows the coarse data at once instead of empty edges.
 */
export function spliceWindow(overview: HistoryPoints, detail: HistoryPoints, from: number, to: number): HistoryPoints {
  const out = builder();
  copyRange(out, overview, 0, lowerBound(overview.ts, from));
  copyRange(out, detail, 0, detail.ts.length);
  copyRange(out, overview, lowerBound(overview.ts, to + 1e-9), overview.ts.length);
  return { bucketMs: Math.max(overview.bucketMs, detail.bucketMs), ...out };
}

/** Where the stored history ends: after the last bucket, or just after the last raw reading. */
export function historyEnd(p: HistoryPoints): number | undefined {
  const last = p.ts[p.ts.length - 1];
  if (last === undefined) return undefined;
  return p.bucketMs > 0 ? last + p.bucketMs : last + 1;
}

/**
 * Appends live readings newer than the stored history. On a downsampled chart they are
 * folded into buckets of the same width, so the band and the point density stay the same.
 */
export function appendTail(
  p: HistoryPoints,
  tailTs: ArrayLike<number>,
  tailValue: ArrayLike<number>,
  notBefore = -Infinity,
): HistoryPoints {
  const start = Math.max(historyEnd(p) ?? -Infinity, notBefore);
  let first = 0;
  while (first < tailTs.length && tailTs[first]! < start) first++;
  if (first >= tailTs.length) return p;
  const out = builder();
  copyRange(out, p, 0, p.ts.length);
  if (p.bucketMs <= 0) {
    for (let i = first; i < tailTs.length; i++) {
      const v = tailValue[i]!;
      out.ts.push(tailTs[i]!);
      out.value.push(v);
      out.min.push(v);
      out.max.push(v);
      out.count.push(1);
    }
    return { bucketMs: p.bucketMs, ...out };
  }
  let bucket = NaN;
  let sum = 0;
  const flush = () => {
    if (Number.isNaN(bucket)) return;
    const n = out.count[out.count.length - 1]!;
    out.value[out.value.length - 1] = sum / n;
  };
  for (let i = first; i < tailTs.length; i++) {
    const t = tailTs[i]!;
    const v = tailValue[i]!;
    const b = Math.floor(t / p.bucketMs) * p.bucketMs;
    if (b !== bucket) {
      flush();
      bucket = b;
      sum = 0;
      out.ts.push(b);
      out.value.push(v);
      out.min.push(v);
      out.max.push(v);
      out.count.push(0);
    }
    const k = out.ts.length - 1;
    sum += v;
    out.count[k] = out.count[k]! + 1;
    if (v < out.min[k]!) out.min[k] = v;
    if (v > out.max[k]!) out.max[k] = v;
  }
  flush();
  return { bucketMs: p.bucketMs, ...out };
}

/** The lowest minimum and highest maximum of the points with from <= ts <= to, or null when none. */
export function extentOf(p: HistoryPoints, from = -Infinity, to = Infinity): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  const start = lowerBound(p.ts, from);
  const end = lowerBound(p.ts, to + 1e-9);
  for (let i = start; i < end; i++) {
    const lo = p.min[i] ?? p.value[i]!;
    const hi = p.max[i] ?? p.value[i]!;
    if (lo < min) min = lo;
    if (hi > max) max = hi;
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : null;
}
