// Builds the heatmap's flat matrix from cells a query returned (device, bucket start, value):
// the bucket axis from the range, one row per device in the order given, row-major values.
// Pure, so the layout (values[d * buckets + b]), the empty fill and min/max are unit-tested
// without an engine (heatmap-matrix.test.ts).
import { HEATMAP_BUCKET_MS, type HeatmapBucket } from '../../../shared/contract/analytics';

export interface HeatmapCell {
  device: string;
  /** Start of the cell's bucket (UTC ms, a multiple of the bucket width). */
  bucket: number;
  value: number;
}

export interface HeatmapMatrix {
  buckets: number[];
  values: (number | null)[];
  min: number | null;
  max: number | null;
}

/** Starts of the buckets from the one holding `from` to the one holding `to`. */
export function bucketStarts(from: number, to: number, bucket: HeatmapBucket): number[] {
  const w = HEATMAP_BUCKET_MS[bucket];
  const out: number[] = [];
  for (let t = from - (from % w); t <= to; t += w) out.push(t);
  return out;
}

/**
 * `empty` fills the cells no row named: null for a signal (no reading), 0 for alarm counts (the
 * journal is complete, so no entry means none). Cells of devices or buckets outside the axes are
 * dropped; two cells of the same place add up (alarm counts come per priority).
 */
export function buildMatrix(
  devices: readonly string[],
  from: number,
  to: number,
  bucket: HeatmapBucket,
  cells: Iterable<HeatmapCell>,
  empty: number | null,
): HeatmapMatrix {
  const buckets = bucketStarts(from, to, bucket);
  const w = HEATMAP_BUCKET_MS[bucket];
  const first = buckets[0] ?? 0;
  const row = new Map(devices.map((d, i) => [d, i]));
  const values: (number | null)[] = new Array<number | null>(devices.length * buckets.length).fill(empty);
  for (const c of cells) {
    const d = row.get(c.device);
    const b = Math.floor((c.bucket - first) / w);
    if (d === undefined || b < 0 || b >= buckets.length || !Number.isFinite(c.value)) continue;
    const i = d * buckets.length + b;
    const had = values[i];
    values[i] = had === null || had === undefined || empty === null ? c.value : had + c.value;
  }
  let min: number | null = null;
  let max: number | null = null;
  for (const v of values) {
    if (v === null) continue;
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  return { buckets, values, min, max };
}

/** Columns of rollup partials (history's bucketPartials): several may share a cell. */
export interface PartialColumns {
  series: readonly string[];
  bucket: readonly number[];
  sum: readonly number[];
  n: readonly number[];
}

/**
 * A signal's averages: the partials of each cell added up (Σsum / Σn, exact however the
 * bucket's readings were split), rows by `rowOf` (series key → row), null where no reading.
 * Typed arrays, one pass: 10⁵ cells in a few milliseconds.
 */
export function meanMatrix(
  rowOf: ReadonlyMap<string, number>,
  rows: number,
  from: number,
  to: number,
  bucket: HeatmapBucket,
  p: PartialColumns,
): HeatmapMatrix {
  const buckets = bucketStarts(from, to, bucket);
  const w = HEATMAP_BUCKET_MS[bucket];
  const first = buckets[0] ?? 0;
  const width = buckets.length;
  const sums = new Float64Array(rows * width);
  const counts = new Float64Array(rows * width);
  for (let i = 0; i < p.series.length; i++) {
    const row = rowOf.get(p.series[i]!);
    const b = Math.floor((p.bucket[i]! - first) / w);
    if (row === undefined || b < 0 || b >= width) continue;
    sums[row * width + b]! += p.sum[i]!;
    counts[row * width + b]! += p.n[i]!;
  }
  const values: (number | null)[] = new Array<number | null>(rows * width);
  let min: number | null = null;
  let max: number | null = null;
  for (let i = 0; i < values.length; i++) {
    if (counts[i] === 0) {
      values[i] = null;
      continue;
    }
    const v = sums[i]! / counts[i]!;
    values[i] = v;
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  return { buckets, values, min, max };
}
