// A history query's rows into points, without a SQL GROUP BY/ORDER BY or a JS object per row.
// DuckDB hands back the rows that fall in the range (raw readings, or rollup partials) as
// DOUBLE columns read straight from its data chunks; each series' rows are then added into
// dense per-bucket arrays and emitted in time order. Measured at 2 M readings (issue 20): for
// 16 series × 1,441 one-minute buckets the hash GROUP BY took ~10 of DuckDB's ~12 ms and
// converting its rows to JS arrays another ~12 ms; a typed-array pass over the same rows takes
// about a millisecond. Results are the same buckets with the same count, min, max and mean.
import { DuckDBDoubleVector, type DuckDBConnection, type DuckDBDataChunk, type DuckDBVector } from '@duckdb/node-api';
import type { SeriesPoints, Tier } from '../../../shared/contract';

/**
 * Runs `sql` and returns its columns as Float64Arrays (every column must be a non-null
 * DOUBLE: cast in the SQL), read chunk by chunk.
 */
export async function readDoubleColumns(db: DuckDBConnection, sql: string, columns: number): Promise<Float64Array[]> {
  // A materialized result hands its chunks over synchronously: no trip through the thread
  // pool per chunk of 2,048 rows, as fetchChunk takes.
  const result = await db.run(sql);
  const chunks: DuckDBDataChunk[] = [];
  let rows = 0;
  for (let i = 0, count = result.chunkCount; i < count; i++) {
    const chunk = result.getChunk(i);
    chunks.push(chunk);
    rows += chunk.rowCount;
  }
  const out = Array.from({ length: columns }, () => new Float64Array(rows));
  let at = 0;
  for (const chunk of chunks) {
    const n = chunk.rowCount;
    for (let c = 0; c < columns; c++) {
      const vector = chunk.getColumnVector(c);
      const col = out[c]!;
      const items = doubleItems(vector, n);
      if (items) col.set(items, at);
      else for (let i = 0; i < n; i++) col[at + i] = vector.getItem(i) as number;
    }
    at += n;
  }
  return out;
}

/**
 * The Float64Array a DOUBLE vector of the node API keeps its values in (a view of DuckDB's own
 * memory), so that a chunk is copied in one `set` rather than a call per value. The field is
 * not part of the API's types: when a version lays the vector out otherwise, this answers
 * undefined and values are read one by one (`getItem`), as before.
 */
function doubleItems(vector: DuckDBVector, rows: number): Float64Array | undefined {
  if (!(vector instanceof DuckDBDoubleVector)) return undefined;
  const items = (vector as unknown as { items?: unknown }).items;
  return items instanceof Float64Array && items.length === rows ? items : undefined;
}

/** Where the buckets of one query lie: bucket k starts at `origin + k × width`. */
export interface BucketGrid {
  tier: Tier;
  origin: number;
  width: number;
  /** Buckets in the range: k runs from 0 to count − 1. */
  count: number;
}

/**
 * Row indices grouped by series id, in the order of `ids`: one counting pass, no sort.
 * Returns the start offset of each series' rows in `order` (plus the end).
 */
function groupBySeries(sid: Float64Array, ids: readonly number[]): { order: Int32Array; start: Int32Array } {
  const slot = new Map<number, number>();
  ids.forEach((id, i) => slot.set(id, i));
  const start = new Int32Array(ids.length + 1);
  const slots = new Int32Array(sid.length);
  for (let r = 0; r < sid.length; r++) {
    const s = slot.get(sid[r]!) ?? -1;
    slots[r] = s;
    if (s >= 0) start[s + 1]!++;
  }
  for (let s = 0; s < ids.length; s++) start[s + 1]! += start[s]!;
  const next = start.slice(0, ids.length);
  const order = new Int32Array(start[ids.length]!);
  for (let r = 0; r < sid.length; r++) {
    const s = slots[r]!;
    if (s >= 0) order[next[s]!++] = r;
  }
  return { order, start };
}

interface Accumulators {
  n: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** Raw tier: the earliest reading's time in the bucket. */
  t0: Float64Array;
}

function accumulators(count: number): Accumulators {
  return {
    n: new Float64Array(count),
    sum: new Float64Array(count),
    min: new Float64Array(count),
    max: new Float64Array(count),
    t0: new Float64Array(count),
  };
}

/**
 * Points of each series in `ids` from its rows. Raw rows are `[series_id, ts, value]`: each
 * bucket gets the count, mean, min and max of its readings, and a bucket of one reading keeps
 * that reading's own time. Rollup rows are partials `[series_id, bucket, n, sum, min, max]`,
 * merged per bucket (late or imported data leaves several partials in one bucket). Raw
 * readings may come as partials too, `[series_id, first ts, n, sum, min, max]`, when DuckDB
 * aggregated a long range first: a partial of one reading still keeps that reading's time.
 * `downsampled` tells whether any raw bucket held more than one reading.
 */
export function bucketPoints(
  cols: Float64Array[],
  ids: readonly number[],
  keys: readonly string[],
  grid: BucketGrid,
): { points: Map<number, SeriesPoints>; downsampled: boolean } {
  const raw = grid.tier === 'raw';
  /** One reading per row (3 columns), or partials (6). */
  const readings = cols.length === 3;
  const sid = cols[0]!;
  const t = cols[1]!;
  const { order, start } = groupBySeries(sid, ids);
  const acc = accumulators(grid.count);
  const points = new Map<number, SeriesPoints>();
  let downsampled = false;
  for (let s = 0; s < ids.length; s++) {
    const from = start[s]!;
    const to = start[s + 1]!;
    if (from === to) continue;
    for (let i = from; i < to; i++) {
      const r = order[i]!;
      const time = t[r]!;
      const k = Math.floor((time - grid.origin) / grid.width);
      if (k < 0 || k >= grid.count) continue;
      const n = readings ? 1 : cols[2]![r]!;
      const sum = readings ? cols[2]![r]! : cols[3]![r]!;
      const mn = readings ? sum : cols[4]![r]!;
      const mx = readings ? sum : cols[5]![r]!;
      if (acc.n[k] === 0) {
        acc.n[k] = n;
        acc.sum[k] = sum;
        acc.min[k] = mn;
        acc.max[k] = mx;
        acc.t0[k] = time;
      } else {
        acc.n[k]! += n;
        acc.sum[k]! += sum;
        if (mn < acc.min[k]!) acc.min[k] = mn;
        if (mx > acc.max[k]!) acc.max[k] = mx;
        if (time < acc.t0[k]!) acc.t0[k] = time;
      }
    }
    const p: SeriesPoints = {
      series: keys[s]!,
      tier: grid.tier,
      bucketMs: grid.width,
      ts: [],
      value: [],
      min: [],
      max: [],
      count: [],
    };
    for (let k = 0; k < grid.count; k++) {
      const n = acc.n[k]!;
      if (n === 0) continue;
      const single = raw && n === 1;
      if (!single) downsampled = true;
      p.ts.push(single ? acc.t0[k]! : grid.origin + k * grid.width);
      p.value.push(single ? acc.sum[k]! : acc.sum[k]! / n);
      p.min.push(acc.min[k]!);
      p.max.push(acc.max[k]!);
      p.count.push(n);
      acc.n[k] = 0;
    }
    if (p.ts.length > 0) points.set(ids[s]!, p);
  }
  return { points, downsampled };
}
