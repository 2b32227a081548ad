// Zoom events come in two shapes (inside: a batch; slider: flat); both must map to the same
// time window on the axis the chart was showing.
import { describe, expect, it } from 'vitest';
import { isWholeAxis, zoomPercent, zoomWindow } from './zoom-window';

const axis = { from: 1_000_000, to: 1_100_000 };

describe('zoom window', () => {
  it('maps percent of the axis onto time, from either zoom component', () => {
    const inside = zoomPercent({ batch: [{ start: 25, end: 50 }] }, axis)!;
    const slider = zoomPercent({ start: 25, end: 50 }, axis)!;
    expect(inside).toEqual(slider);
    expect(zoomWindow(inside, axis)).toEqual({ from: 1_025_000, to: 1_050_000 });
  });

  it('understands a zoom given by value', () => {
    const z = zoomPercent({ startValue: 1_010_000, endValue: 1_090_000 }, axis)!;
    expect(zoomWindow(z, axis)).toEqual({ from: 1_010_000, to: 1_090_000 });
  });

  it('reports the whole axis as no zoom at all', () => {
    const z = { start: 0, end: 100 };
    expect(isWholeAxis(z)).toBe(true);
    expect(zoomWindow(z, axis)).toBeNull();
  });

  it('ignores events without a window', () => {
    expect(zoomPercent({}, axis)).toBeNull();
  });
});
