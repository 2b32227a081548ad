// A long range drawn at pixel resolution: few points reach ECharts, spikes survive, and the
// line still runs to the edges of the window.
import { describe, expect, it } from 'vitest';
import type { HistoryPoints } from './history-points';
import { inWindow, m4, visiblePoints } from './visible-points';

function raw(n: number, value: (i: number) => number): HistoryPoints {
  const ts = Array.from({ length: n }, (_, i) => i * 1000);
  const v = ts.map((_, i) => value(i));
  return { bucketMs: 0, ts, value: v, min: v, max: v, count: v.map(() => 1) };
}

describe('m4', () => {
  it('keeps at most four points per column, in time order, and every spike', () => {
    const p = raw(100_000, (i) => (i === 54_321 ? 500 : i === 77_777 ? -300 : Math.sin(i / 50)));
    const out = m4(p, 0, 99_999_000, 1000);
    expect(out.ts.length).toBeLessThanOrEqual(4000 + 2);
    expect(out.ts.length).toBeGreaterThan(1000);
    expect(out.ts.every((t, i) => i === 0 || t > out.ts[i - 1]!)).toBe(true);
    expect(Math.max(...out.value)).toBe(500);
    expect(Math.min(...out.value)).toBe(-300);
    expect(out.ts).toContain(54_321_000);
  });

  it('leaves few points as they are', () => {
    const p = raw(50, (i) => i);
    expect(m4(p, 0, 49_000, 100)).toBe(p);
  });

  it('picks bucketed points by their min and max, whole', () => {
    const p: HistoryPoints = {
      bucketMs: 60_000,
      ts: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      value: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
      min: [4, 4, 4, 1, 4, 4, 4, 4, 4, 4],
      max: [6, 6, 6, 6, 6, 6, 9, 6, 6, 6],
      count: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    };
    const out = m4(p, 0, 9, 1);
    expect(out.ts).toEqual([0, 3, 6, 9]);
    expect(Math.min(...out.min)).toBe(1);
    expect(Math.max(...out.max)).toBe(9);
    expect(out.count).toEqual([3, 3, 3, 3]);
  });
});

describe('visiblePoints', () => {
  it('draws a zoomed window with a margin either side and one point beyond it', () => {
    const p = raw(100_000, (i) => i % 7);
    const view = { from: 40_000_000, to: 50_000_000 };
    const out = visiblePoints(p, view, 1000);
    expect(out.ts[0]).toBeLessThan(30_000_000);
    expect(out.ts[out.ts.length - 1]).toBeGreaterThan(60_000_000);
    // 30,000 raw points in the three windows: at most 4 per pixel column in view (1,000), and
    // per column of four pixels in the margins.
    const inside = out.ts.filter((t) => t >= view.from && t <= view.to).length;
    expect(inside).toBeGreaterThan(1000);
    expect(inside).toBeLessThanOrEqual(4000);
    expect(out.ts.length - inside).toBeLessThanOrEqual(2 * 4 * 250 + 2);
  });

  it('keeps a spike in view, and a short window as it is', () => {
    const p = raw(100_000, (i) => (i === 45_000 ? 999 : 1));
    const out = visiblePoints(p, { from: 40_000_000, to: 50_000_000 }, 800);
    expect(out.value).toContain(999);
    const few = visiblePoints(p, { from: 40_000_000, to: 40_100_000 }, 800);
    expect(few.ts.length).toBe(302);
  });
});

describe('inWindow', () => {
  it('keeps what falls inside the window, ends included, in order', () => {
    const items = [{ ts: 5 }, { ts: 10 }, { ts: 15 }, { ts: 20 }, { ts: 25 }];
    expect(inWindow(items, { from: 10, to: 20 }).map((i) => i.ts)).toEqual([10, 15, 20]);
    expect(inWindow(items, { from: 30, to: 40 })).toEqual([]);
  });

  it('hands back the same array when nothing is left out (a stable identity for React)', () => {
    const items = [{ ts: 5 }, { ts: 10 }];
    expect(inWindow(items, { from: 0, to: 100 })).toBe(items);
  });
});
