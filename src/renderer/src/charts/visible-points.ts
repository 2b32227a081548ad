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
 * M4 over the points with index in [start, end): `columnOf(ts)` (non-decreasing in time) says
 * which column a point falls in; of each column's points the first, the lowest, the highest and
 * the last are kept, each once, in time order.
 */
function m4By(p: HistoryPoints, start: number, end: number, columnOf: (t: number) => number): HistoryPoints {
  const keep: number[] = [];
  let col = NaN;
  let first = -1;
  let last = -1;
  let lo = -1;
  let hi = -1;
  const flush = () => {
    if (first < 0) return;
    const picked = [first, lo, hi, last].sort((a, b) => a - b);
    for (let k = 0; k < picked.length; k++) if (k === 0 || picked[k] !== picked[k - 1]) keep.push(picked[k]!);
  };
  for (let i = start; i < end; i++) {
    const c = columnOf(p.ts[i]!);
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

/** [start, end) of the points in [from, to], with one point more on each side when there is one. */
function indexRange(p: HistoryPoints, from: number, to: number): [number, number] {
  const start = Math.max(0, lowerBound(p.ts, from) - 1);
  let past = lowerBound(p.ts, to);
  while (past < p.ts.length && p.ts[past]! <= to) past++;
  return [start, Math.min(p.ts.length, past + 1)];
}

function slice(p: HistoryPoints, start: number, end: number): HistoryPoints {
  if (start === 0 && end === p.ts.length) return p;
  return end > start
    ? windowOf(p, p.ts[start]!, p.ts[end - 1]!)
    : { ...p, ts: [], value: [], min: [], max: [], count: [] };
}

/**
 * The points of [from, to] reduced to ≤ 4 per column over `columns` equal columns; the points
 * as they are when there are few enough. One point just outside each end is kept, so the line
 * runs on to the edge of the plot instead of stopping short of it.
 */
export function m4(p: HistoryPoints, from: number, to: number, columns: number): HistoryPoints {
  const [start, end] = indexRange(p, from, to);
  const cols = Math.max(1, Math.floor(columns));
  if (end - start <= KEEP_AS_IS_PER_COLUMN * cols || to <= from) return slice(p, start, end);
  const width = (to - from) / cols;
  return m4By(p, start, end, (t) =>
    t < from ? -1 : t > to ? cols : Math.min(cols - 1, Math.floor((t - from) / width)),
  );
}

/** Columns per pixel in the margins either side of the window (off screen until a pan). */
const MARGIN_RESOLUTION = 0.25;

/**
 * What to draw for a window in view on a plot `plotWidthPx` wide: the window at one column per
 * pixel and one window's width either side at a quarter of that (so a pan step shows data
 * before the next draw catches up, and the draw after it sharpens it), reduced with M4.
 */
export function visiblePoints(p: HistoryPoints, view: TimeWindow, plotWidthPx: number): HistoryPoints {
  const span = Math.max(1, view.to - view.from);
  const px = Math.max(1, Math.round(plotWidthPx));
  const side = Math.max(1, Math.round(px * MARGIN_RESOLUTION));
  const [start, end] = indexRange(p, view.from - span, view.to + span);
  if (end - start <= KEEP_AS_IS_PER_COLUMN * (px + 2 * side)) return slice(p, start, end);
  const inner = span / px;
  const outer = span / side;
  const left = view.from - span;
  return m4By(p, start, end, (t) => {
    if (t < left) return -1;
    if (t < view.from) return Math.floor((t - left) / outer);
    if (t <= view.to) return side + Math.min(px - 1, Math.floor((t - view.from) / inner));
    if (t <= view.to + span) return side + px + Math.min(side - 1, Math.floor((t - view.to) / outer));
    return side * 2 + px;
  });
}

/** The items whose time falls inside the window (ends included), in their order. */
export function inWindow<T extends { ts: number }>(items: readonly T[], w: TimeWindow): readonly T[] {
  const kept = items.filter((i) => i.ts >= w.from && i.ts <= w.to);
  return kept.length === items.length ? items : kept;
}
