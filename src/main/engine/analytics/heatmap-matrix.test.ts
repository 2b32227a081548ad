// The heatmap's flat matrix: where each cell lands, what fills an empty one, and min/max.
import { describe, expect, it } from 'vitest';
import { bucketStarts, buildMatrix, meanMatrix } from './heatmap-matrix';

const H = 3_600_000;
const D = 24 * H;

describe('heatmap matrix', () => {
  it('covers the buckets from the one holding `from` to the one holding `to`', () => {
    expect(bucketStarts(H + 5, 3 * H, 'hour')).toEqual([H, 2 * H, 3 * H]);
    expect(bucketStarts(D + H, 2 * D + 5, 'day')).toEqual([D, 2 * D]);
    expect(bucketStarts(5 * H, 5 * H, 'hour')).toEqual([5 * H]);
  });

  it('lays values out row-major, one row per device in the given order', () => {
    const m = buildMatrix(
      ['b', 'a'],
      0,
      2 * H,
      'hour',
      [
        { device: 'a', bucket: 0, value: 1 },
        { device: 'b', bucket: 2 * H, value: 7 },
        { device: 'a', bucket: H, value: -2 },
      ],
      null,
    );
    expect(m.buckets).toEqual([0, H, 2 * H]);
    expect(m.values).toEqual([null, null, 7, 1, -2, null]);
    expect([m.min, m.max]).toEqual([-2, 7]);
  });

  it('counts start at zero and add up; a signal keeps null where nothing came', () => {
    const cells = [
      { device: 'a', bucket: H, value: 2 },
      { device: 'a', bucket: H, value: 3 },
    ];
    expect(buildMatrix(['a'], 0, H, 'hour', cells, 0).values).toEqual([0, 5]);
    expect(buildMatrix(['a'], 0, H, 'hour', [], null)).toEqual({
      buckets: [0, H],
      values: [null, null],
      min: null,
      max: null,
    });
  });

  it('drops cells of unknown devices, outside the range, or not finite', () => {
    const m = buildMatrix(
      ['a'],
      H,
      2 * H,
      'hour',
      [
        { device: 'x', bucket: H, value: 1 },
        { device: 'a', bucket: 0, value: 1 },
        { device: 'a', bucket: 3 * H, value: 1 },
        { device: 'a', bucket: H, value: Number.NaN },
      ],
      0,
    );
    expect(m.values).toEqual([0, 0]);
    expect([m.min, m.max]).toEqual([0, 0]);
  });

  it('averages a signal over every partial of a cell, exactly as one bucket would', () => {
    // a/x: the hour 0 came in two partials (4 readings summing 10, then 1 reading of 20).
    const m = meanMatrix(
      new Map([
        ['a/x', 0],
        ['b/x', 1],
      ]),
      2,
      0,
      2 * H,
      'hour',
      {
        series: ['a/x', 'a/x', 'b/x', 'c/x', 'b/x'],
        bucket: [0, 0, 2 * H, 0, 9 * H],
        sum: [10, 20, 7, 99, 5],
        n: [4, 1, 2, 1, 1],
      },
    );
    expect(m.values).toEqual([6, null, null, null, null, 3.5]);
    expect([m.min, m.max]).toEqual([3.5, 6]);
  });
});
