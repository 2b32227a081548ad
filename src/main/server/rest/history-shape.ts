// The answer shapes of GET /api/devices/:id/history. `points` (the default, what the renderer
// and existing clients read) is history.query's SeriesPoints as they are: ts, value, min, max
// and count per point. `columns` drops what a shape makes redundant: readings (bucketMs 0, each
// point one stored reading) are `{ t, v }` — no min and max repeating the value, no count of 1 —
// and buckets are `{ t, mean, min, max, n }`. The columns are the arrays history.query built from
// its typed arrays (point-buckets.ts), handed on by reference: no object per point. For one
// series × 1 h raw (3,601 readings) the body goes from ~132 KB to ~60 KB (issue 20).
import type { SeriesPoints, Tier } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';

export const HISTORY_SHAPES = ['points', 'columns'] as const;
export type HistoryShape = (typeof HISTORY_SHAPES)[number];

interface ColumnsHead {
  series: string;
  tier: Tier;
  bucketMs: number;
}
/** Every point is one stored reading (bucketMs 0). */
export interface ReadingColumns extends ColumnsHead {
  t: number[];
  v: number[];
}
/** Every point is a bucket of `n` readings starting at `t` (for n = 1 at the raw tier: its reading's time). */
export interface BucketColumns extends ColumnsHead {
  t: number[];
  mean: number[];
  min: number[];
  max: number[];
  n: number[];
}
export type SeriesColumns = ReadingColumns | BucketColumns;

/** `shape=` of the query, checked: absent means `points`. */
export function historyShape(raw: string | undefined): HistoryShape {
  if (raw === undefined) return 'points';
  if ((HISTORY_SHAPES as readonly string[]).includes(raw)) return raw as HistoryShape;
  throw new EngineError(
    'BAD_REQUEST',
    `"shape" must be one of ${HISTORY_SHAPES.join(', ')}; got ${JSON.stringify(raw)}`,
    {
      parameter: 'shape',
      value: raw,
    },
  );
}

export function toColumns(p: SeriesPoints): SeriesColumns {
  const head = { series: p.series, tier: p.tier, bucketMs: p.bucketMs };
  if (p.bucketMs === 0) return { ...head, t: p.ts, v: p.value };
  return { ...head, t: p.ts, mean: p.value, min: p.min, max: p.max, n: p.count };
}
