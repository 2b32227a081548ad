// The wall's fit rule: the largest level whose smallest tile shows every cell, tiles that fill
// the space, and scrolling only when even the dense level cannot fit (wall-fit.ts).
import { describe, expect, it } from 'vitest';
import { fitWall, MIN_TILE } from './wall-fit';

const HD = { width: 1888, height: 960, viewportHeight: 1080, gap: 6 };
const UHD = { width: 3808, height: 2030, viewportHeight: 2160, gap: 6 };

describe('fitWall', () => {
  it('gives five devices large tiles that fill a 1080p screen', () => {
    const fit = fitWall({ ...HD, cells: 5 });
    expect(fit).toMatchObject({ density: 'large', fits: true, columns: 3 });
    const rows = Math.ceil(5 / fit.columns);
    // Rows fill the height: nothing left under the last row but the gaps.
    expect(rows * fit.rowHeight + (rows - 1) * HD.gap).toBeGreaterThan(HD.height - rows);
  });

  it('scales the smallest tile with a 4K screen and still fills it', () => {
    const fit = fitWall({ ...UHD, cells: 5 });
    expect(fit.density).toBe('large');
    expect(fit.scale).toBe(2);
    expect(fit.rowHeight).toBeGreaterThan(900);
  });

  it('moves to smaller levels as the count grows, keeping every tile on screen', () => {
    expect(fitWall({ ...HD, cells: 40 }).density).toBe('compact');
    const dense = fitWall({ ...HD, cells: 510 });
    expect(dense).toMatchObject({ density: 'dense', fits: true });
    const rows = Math.ceil(510 / dense.columns);
    expect(rows * dense.rowHeight + (rows - 1) * HD.gap).toBeLessThanOrEqual(HD.height);
    expect((HD.width - (dense.columns - 1) * HD.gap) / dense.columns).toBeGreaterThanOrEqual(MIN_TILE.dense.w);
    expect(dense.rowHeight).toBeGreaterThanOrEqual(MIN_TILE.dense.h);
  });

  it('scrolls rather than shrink below the dense tile when the screen is too small', () => {
    const fit = fitWall({ width: 1334, height: 600, viewportHeight: 768, gap: 6, cells: 510 });
    expect(fit).toMatchObject({ density: 'dense', fits: false, rowHeight: MIN_TILE.dense.h });
    expect(fit.columns).toBe(Math.floor((1334 + 6) / (MIN_TILE.dense.w + 6)));
  });

  it('keeps to the level the operator chose', () => {
    expect(fitWall({ ...HD, cells: 5, density: 'dense' })).toMatchObject({ density: 'dense', fits: true });
    const large = fitWall({ ...HD, cells: 500, density: 'large' });
    expect(large).toMatchObject({ density: 'large', fits: false });
  });

  it('gives a phone one column', () => {
    const fit = fitWall({ width: 374, height: 700, viewportHeight: 844, gap: 6, cells: 5 });
    expect(fit.columns).toBe(1);
    expect(fit.fits).toBe(true);
  });
});
