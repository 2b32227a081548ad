// The heatmap's colour scale and pixel bands: what colour a value gets, and which cell a pointer is on.
import { describe, expect, it } from 'vitest';
import { bandAt, bands, labelStep, parseColor, rampAt, scalePosition } from './heatmap-scale';

describe('heatmap scale', () => {
  it('reads the colours the theme and the canvas write', () => {
    expect(parseColor('#141a22')).toEqual([0x14, 0x1a, 0x22]);
    expect(parseColor(' #fff ')).toEqual([255, 255, 255]);
    expect(parseColor('rgba(255, 79, 79, 0.12)')).toEqual([255, 79, 79]);
    expect(parseColor('var(--x)')).toBeNull();
  });

  it('runs the ramp from its first to its last stop', () => {
    const ramp = [
      [0, 0, 0],
      [100, 200, 0],
      [200, 0, 100],
    ] as const;
    expect(rampAt(ramp, 0)).toEqual([0, 0, 0]);
    expect(rampAt(ramp, 0.25)).toEqual([50, 100, 0]);
    expect(rampAt(ramp, 0.5)).toEqual([100, 200, 0]);
    expect(rampAt(ramp, 1)).toEqual([200, 0, 100]);
    expect(rampAt(ramp, Number.NaN)).toEqual([0, 0, 0]);
  });

  it('places values between min and max; a flat matrix (no alarm anywhere) is all at the calm end', () => {
    expect(scalePosition(5, 0, 10)).toBe(0.5);
    expect(scalePosition(-1, 0, 10)).toBe(0);
    expect(scalePosition(3, 3, 3)).toBe(0);
    expect(scalePosition(0, 0, 0)).toBe(0);
  });

  it('cuts whole-pixel bands and finds the band under a pixel', () => {
    const edges = bands(3, 10, 10);
    expect(edges).toEqual([10, 13, 17, 20]);
    expect([9, 10, 12.9, 13, 19.9, 20].map((px) => bandAt(edges, px))).toEqual([-1, 0, 0, 1, 2, -1]);
  });

  it('thins labels that would overlap', () => {
    expect(labelStep(20, 13)).toBe(1);
    expect(labelStep(3, 13)).toBe(5);
  });
});
