// What a history chart hands ECharts on each draw: only the points near the window in view,
// reduced to a few per pixel column. A chart with 100,000 raw points in view would otherwise
// make ECharts walk and stroke all of them on every zoom or pan step. M4 (first, last, lowest
// and highest point of each pixel column, kept in time order) draws the same line as all the
// points at that width — a one-reading spike is a column's max and survives — at ≤ 4 points
// per column. Points are kept whole (their min/max/count ride along for the band and the
// tooltip), so for bucketed data the lowest is chosen by `min` and the highest by `max`.
import { lowerBound, windowOf, type HistoryPoints } from './history-points';
import type { TimeWindow } from './history-option';

/** Below this many points per column the points are drawn as they are. */
const KEEP_AS_IS_PER_COLUMN = 4;

/**
 * The points of [from, to] reduced to ≤ 4 per column over `columns` equal columns; the points
 * as they are when there are few enough. One point just outside each end is kept, so the line
 * runs on to the edge of the plot instead of stopping short of it.
 */
export function m4(p: HistoryPoints, from: number, to: number, columns: number): HistoryPoints {
  const start = Math.max(0, lowerBound(p.ts, from) - 1);
  let past = lowerBound(p.ts, to);
  while (past < p.ts.length && p.ts[past]! <= to) past++;
  const end = Math.min(p.ts.length, past + 1);
  const n = end - start;
  const cols = Math.max(1, Math.floor(columns));
  if (n <= KEEP_AS_IS_PER_COLUMN * cols || to <= from) {
    return start === 0 && end === p.ts.length ? p : windowOf(p, p.ts[start] ?? from, p.ts[end - 1] ?? to);
  }
  const keep: number[] = [];
  const width = (to - from) / cols;
  let col = NaN;
  let first = -1;
  let last = -1;
  let lo = -1;
  let hi = -1;
  const flush = () => {
    if (first < 0) return;
    // In time order, each index once.
    const picked = [first, lo, hi, last].sort((a, b) => a - b);
    for (let k = 0; k < picked.length; k++) if (k === 0 || picked[k] !== picked[k - 1]) keep.push(picked[k]!);
  };
  for (let i = start; i < end; i++) {
    const t = p.ts[i]!;
    const c = t < from ? -1 : t > to ? cols : Math.min(cols - 1, Math.floor((t - from) / width));
    if (c !== col) {
      flush();
      col = c;
      first = lo = hi = i;
    }
    last = i;
    if ((p.min[i] ?? p.value[i]!) < (p.min[lo] ?? p.value[lo]!)) lo = i;
    if ((p.max[i] ?? p.value[i]!) > (p.max[hi] ?? p.value[hi]!)) hi = i;
  }
  flush();
  const pick = <T>(a: readonly T[], fallback: (i: number) => T) => keep.map((i) => a[i] ?? fallback(i));
  return {
    bucketMs: p.bucketMs,
    ts: pick(p.ts, () => 0),
    value: pick(p.value, () => 0),
    min: pick(p.min, (i) => p.value[i]!),
    max: pick(p.max, (i) => p.value[i]!),
    count: pick(p.count, () => 1),
  };
}

/**
 * What to draw for a window in view on a plot `plotWidthPx` wide: the window itself and one
 * window's width either side (so a pan step shows data before the next draw catches up),
 * reduced with M4 at pixel resolution.
 */
export function visiblePoints(p: HistoryPoints, view: TimeWindow, plotWidthPx: number): HistoryPoints {
  const span = Math.max(1, view.to - view.from);
  const columns = Math.max(1, Math.round(plotWidthPx)) * 3;
  return m4(p, view.from - span, view.to + span, columns);
}
