// The label popover stays on screen: beside its point, in the chart's box when it fits, shifted
// up at the bottom of the screen and sideways at its edges, never under the header.
import { describe, expect, it } from 'vitest';
import { placePopover } from './popover-place';

const size = { width: 340, height: 330 };
const laptop = { width: 1366, height: 768 };

/** The popover's rectangle in the viewport, for a place relative to the box. */
const onScreen = (box: { left: number; top: number }, p: { left: number; top: number; maxHeight?: number }) => ({
  left: box.left + p.left,
  top: box.top + p.top,
  right: box.left + p.left + size.width,
  bottom: box.top + p.top + Math.min(size.height, p.maxHeight ?? Infinity),
});

describe('placePopover', () => {
  it('sits to the left of the point inside the box when there is room, at the top of the box', () => {
    const box = { left: 16, top: 120, width: 1000, height: 300 };
    expect(placePopover({ at: { x: 600, y: 40 }, box, size, viewport: laptop })).toEqual({ left: 236, top: 4 });
  });

  it('goes right of a point near the left edge, and never past the right of the box (over the statistics)', () => {
    const box = { left: 16, top: 120, width: 900, height: 300 };
    expect(placePopover({ at: { x: 100, y: 40 }, box, size, viewport: laptop }).left).toBe(124);
    const p = placePopover({ at: { x: 300, y: 40 }, box, size, viewport: laptop });
    expect(p.left + size.width).toBeLessThanOrEqual(box.width);
  });

  it('is moved up to end above the bottom of a 768 px screen when its chart is low on it', () => {
    const box = { left: 16, top: 560, width: 900, height: 300 };
    const p = placePopover({ at: { x: 600, y: 40 }, box, size, viewport: laptop, topInset: 48 });
    const r = onScreen(box, p);
    expect(r.bottom).toBeLessThanOrEqual(768 - 8);
    expect(r.top).toBeGreaterThanOrEqual(48);
    expect(p.maxHeight).toBeUndefined();
  });

  it('never goes under the sticky header when its chart is scrolled up beneath it', () => {
    const box = { left: 16, top: -100, width: 900, height: 300 };
    const r = onScreen(box, placePopover({ at: { x: 600, y: 40 }, box, size, viewport: laptop, topInset: 48 }));
    expect(r.top).toBe(56);
  });

  it('stays inside the viewport sideways when the chart box is narrower than the popover', () => {
    const box = { left: 200, top: 100, width: 300, height: 300 };
    const viewport = { width: 520, height: 768 };
    const r = onScreen(box, placePopover({ at: { x: 150, y: 10 }, box, size, viewport }));
    expect(r.left).toBeGreaterThanOrEqual(8);
    expect(r.right).toBeLessThanOrEqual(520 - 8);
  });

  it('scrolls when the viewport is shorter than the popover', () => {
    const box = { left: 16, top: 60, width: 900, height: 300 };
    const p = placePopover({ at: { x: 600, y: 10 }, box, size, viewport: { width: 1366, height: 300 }, topInset: 40 });
    expect(p.maxHeight).toBe(300 - 8 - 48);
    const r = onScreen(box, p);
    expect(r.top).toBe(48);
    expect(r.bottom).toBeLessThanOrEqual(292);
  });
});
