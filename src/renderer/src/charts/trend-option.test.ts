// What the sparkline shows: a sliding window, and the limits that matter right now.
import { describe, expect, it } from 'vitest';
import { limitsInView, trendDataUpdate } from './trend-option';

const win = (ts: number[], value: number[]) => ({ ts: Float64Array.from(ts), value: Float64Array.from(value) });

describe('trend data update', () => {
  it('slides the time window to end now', () => {
    const u = trendDataUpdate([{ key: 'd/s', name: 's' }], [win([1, 2], [5, 6])], 10_000, 5000);
    expect(u.xAxis).toEqual({ min: 5000, max: 10_000 });
  });

  it('shows a limit the value has crossed', () => {
    expect(limitsInView([{ key: 'd/s', name: 's', limits: { hi: 85, lo: 15 } }], 94, 96)).toEqual({ min: 85, max: 96 });
  });

  it('shows a limit the value is approaching, and leaves far ones out', () => {
    const s = [{ key: 'd/s', name: 's', limits: { hi: 85, lo: 15 } }];
    expect(limitsInView(s, 70, 80)).toEqual({ min: 70, max: 85 });
    expect(limitsInView(s, 45, 55)).toEqual({ min: 45, max: 55 });
  });

  it('pads the value axis around the data', () => {
    const u = trendDataUpdate([{ key: 'd/s', name: 's' }], [win([1, 2], [50, 60])], 0, 1) as {
      yAxis: { min: number; max: number };
    };
    expect(u.yAxis.min).toBeLessThan(50);
    expect(u.yAxis.max).toBeGreaterThan(60);
  });

  it('leaves the value axis alone when there is no data yet', () => {
    const u = trendDataUpdate([{ key: 'd/s', name: 's', limits: { hi: 85 } }], [win([], [])], 0, 1);
    expect(u.yAxis).toEqual({});
  });
});
