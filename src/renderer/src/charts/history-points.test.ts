// What a history chart holds: a coarse overview with finer zoom data spliced in, and live
// readings appended after the stored history, bucketed like it.
import { describe, expect, it } from 'vitest';
import { appendTail, extentOf, spliceWindow, windowOf, type HistoryPoints } from './history-points';

const pts = (ts: number[], value: number[], bucketMs = 0, extra?: Partial<HistoryPoints>): HistoryPoints => ({
  bucketMs,
  ts,
  value,
  min: value,
  max: value,
  count: value.map(() => 1),
  ...extra,
});

describe('history points', () => {
  it('splices finer points into the zoomed window of the overview', () => {
    const overview = pts([0, 100, 200, 300, 400], [1, 2, 3, 4, 5], 100);
    const detail = pts([150, 175, 200, 225], [10, 11, 12, 13]);
    const s = spliceWindow(overview, detail, 150, 250);
    expect(s.ts).toEqual([0, 100, 150, 175, 200, 225, 300, 400]);
    expect(s.value).toEqual([1, 2, 10, 11, 12, 13, 4, 5]);
    expect(s.bucketMs).toBe(100);
  });

  it('keeps only the points in a window', () => {
    const p = pts([0, 10, 20, 30], [1, 2, 3, 4]);
    expect(windowOf(p, 10, 20).ts).toEqual([10, 20]);
    expect(windowOf(p, -5, 100)).toBe(p);
  });

  it('appends raw live readings newer than the last stored one', () => {
    const p = pts([1000, 2000], [1, 2]);
    const out = appendTail(p, [1500, 2000, 3000, 4000], [9, 9, 3, 4]);
    expect(out.ts).toEqual([1000, 2000, 3000, 4000]);
    expect(out.min.slice(2)).toEqual([3, 4]);
    expect(out.count.slice(2)).toEqual([1, 1]);
  });

  it('folds live readings into buckets when the history is downsampled', () => {
    const p = pts([0, 60_000], [5, 6], 60_000, { count: [30, 30] });
    const out = appendTail(p, [110_000, 125_000, 150_000, 185_000], [100, 2, 4, 7]);
    // 110 s falls in the last stored bucket [60 s, 120 s): already counted by history.
    expect(out.ts).toEqual([0, 60_000, 120_000, 180_000]);
    expect(out.value.slice(2)).toEqual([3, 7]);
    expect(out.min.slice(2)).toEqual([2, 7]);
    expect(out.max.slice(2)).toEqual([4, 7]);
    expect(out.count.slice(2)).toEqual([2, 1]);
  });

  it('appends nothing when the tail is not newer', () => {
    const p = pts([1000], [1]);
    expect(appendTail(p, [500, 1000], [1, 1])).toBe(p);
  });

  it('starts the tail at the range start when there is no stored history', () => {
    const out = appendTail(pts([], []), [10, 20, 30], [1, 2, 3], 15);
    expect(out.ts).toEqual([20, 30]);
  });

  it('measures the extent over min and max, in a window', () => {
    const p = pts([0, 10, 20], [5, 6, 7], 10, { min: [1, 5, 6], max: [9, 7, 30] });
    expect(extentOf(p)).toEqual({ min: 1, max: 30 });
    expect(extentOf(p, 5, 15)).toEqual({ min: 5, max: 7 });
    expect(extentOf(p, 100, 200)).toBeNull();
  });
});
