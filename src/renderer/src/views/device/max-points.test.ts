// One point per pixel, within bounds, and stable under small resizes.
import { describe, expect, it } from 'vitest';
import { MAX_POINTS, MIN_POINTS, maxPointsForWidth } from './max-points';

describe('max points from chart width', () => {
  it('asks for about one point per pixel', () => {
    expect(maxPointsForWidth(1000)).toBe(1000);
    expect(maxPointsForWidth(812)).toBe(800);
  });

  it('clamps to 200..2000', () => {
    expect(maxPointsForWidth(120)).toBe(MIN_POINTS);
    expect(maxPointsForWidth(0)).toBe(MIN_POINTS);
    expect(maxPointsForWidth(Number.NaN)).toBe(MIN_POINTS);
    expect(maxPointsForWidth(3840)).toBe(MAX_POINTS);
  });

  it('does not change for a resize of a few pixels', () => {
    expect(maxPointsForWidth(1003)).toBe(maxPointsForWidth(1012));
  });
});
