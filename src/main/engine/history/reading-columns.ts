// A batch of readings in columns: how readings travel to the writer without an object per
// reading. Series are already resolved to their compact ids.

export interface ReadingColumns {
  length: number;
  series: Int32Array;
  ts: Float64Array;
  value: Float64Array;
  /** 0 good, 1 uncertain, 2 bad */
  quality: Uint8Array;
}

export const QUALITY_CODE = { good: 0, uncertain: 1, bad: 2 } as const;
export const QUALITY_NAME = ['good', 'uncertain', 'bad'] as const;

export function allocColumns(capacity: number): ReadingColumns {
  return {
    length: 0,
    series: new Int32Array(capacity),
    ts: new Float64Array(capacity),
    value: new Float64Array(capacity),
    quality: new Uint8Array(capacity),
  };
}

/** The rows at `indexes`, as a new batch. */
export function pickRows(cols: ReadingColumns, indexes: readonly number[]): ReadingColumns {
  const out = allocColumns(indexes.length);
  for (let j = 0; j < indexes.length; j++) {
    const i = indexes[j]!;
    out.series[j] = cols.series[i]!;
    out.ts[j] = cols.ts[i]!;
    out.value[j] = cols.value[i]!;
    out.quality[j] = cols.quality[i]!;
  }
  out.length = indexes.length;
  return out;
}
