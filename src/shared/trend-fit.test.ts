// The trend an operator reads must not depend on the range preset the same readings are seen
// through, must not invent a rate from two readings, and must name the span it covers.
import { describe, expect, it } from 'vitest';
import { fitTrend, MIN_SPAN_MS, ratePer } from './trend-fit';

const T0 = Date.UTC(2026, 11, 6, 14, 2, 0);

/** Readings every `everyMs` for `spanMs`, rising by `perMin` each minute, with a ±noise zigzag. */
function ramp(spanMs: number, everyMs: number, perMin: number, noise = 0, start = T0) {
  const ts: number[] = [];
  const value: number[] = [];
  for (let t = 0, i = 0; t <= spanMs; t += everyMs, i++) {
    ts.push(start + t);
    value.push(40 + (perMin * t) / 60_000 + (i % 2 ? noise : -noise));
  }
  return { ts, value };
}

describe('fitTrend', () => {
  it('gives the same rate and direction for the same readings in a 15-minute and a 24-hour window', () => {
    const p = ramp(120_000, 3000, 0.5, 0.05);
    const short = fitTrend(p, { from: T0 + 120_000 - 15 * 60_000, to: T0 + 120_000 });
    const long = fitTrend(p, { from: T0 + 120_000 - 86_400_000, to: T0 + 120_000 });
    expect(short.state).toBe('ok');
    expect(long.state).toBe('ok');
    if (short.state !== 'ok' || long.state !== 'ok') return;
    expect(short.direction).toBe('rising');
    expect(long.direction).toBe('rising');
    expect(short.slopePerMs * 60_000).toBeCloseTo(0.5, 2);
    expect(long.slopePerMs).toBeCloseTo(short.slopePerMs, 12);
    // Labelled with the span of the readings, not the preset.
    expect([short.from, short.to]).toEqual([T0, T0 + 120_000]);
    expect([long.from, long.to]).toEqual([T0, T0 + 120_000]);
  });

  it('counts only the readings inside the window (a zoom)', () => {
    // Falling for two minutes, then rising for two: the zoom on the second half rises.
    const down = ramp(120_000, 2000, -1);
    const up = ramp(120_000, 2000, 1, 0, T0 + 122_000);
    const up0 = up.value.map((v) => v - 40 + down.value.at(-1)!);
    const p = { ts: [...down.ts, ...up.ts], value: [...down.value, ...up0] };
    const zoom = fitTrend(p, { from: T0 + 122_000, to: T0 + 242_000 });
    expect(zoom.state === 'ok' && zoom.direction).toBe('rising');
    const first = fitTrend(p, { from: T0, to: T0 + 120_000 });
    expect(first.state === 'ok' && first.direction).toBe('falling');
  });

  it('says too little data instead of a rate from two close readings', () => {
    const two = fitTrend({ ts: [T0, T0 + 10], value: [40, 41] }, { from: T0 - 60_000, to: T0 + 60_000 });
    expect(two).toMatchObject({ state: 'too-little', reason: 'readings' });
    const short = ramp(MIN_SPAN_MS - 5000, 1000, 5);
    expect(fitTrend(short, { from: T0, to: T0 + 3_600_000 })).toMatchObject({ state: 'too-little', reason: 'span' });
    const none = fitTrend(ramp(600_000, 1000, 1), { from: T0 + 700_000, to: T0 + 800_000 });
    expect(none).toMatchObject({ state: 'too-little', readings: 0 });
  });

  it('calls noise around a level stable, and a flat line stable', () => {
    const noisy = ramp(600_000, 1000, 0.001, 2);
    const fit = fitTrend(noisy, { from: T0, to: T0 + 600_000 });
    expect(fit.state === 'ok' && fit.direction).toBe('stable');
    const flat = ramp(600_000, 1000, 0);
    const flatFit = fitTrend(flat, { from: T0, to: T0 + 600_000 });
    expect(flatFit.state === 'ok' && flatFit.direction).toBe('stable');
  });

  it('weighs a bucket as the readings it stands for, at its middle', () => {
    // Three 1-minute buckets of 60 readings each rising by 1 a minute, plus one single reading far
    // above: the buckets, not the lone reading, set the slope.
    const p = {
      ts: [T0, T0 + 60_000, T0 + 120_000, T0 + 150_000],
      value: [10, 11, 12, 40],
      count: [60, 60, 60, 1],
      bucketMs: 60_000,
    };
    const fit = fitTrend(p, { from: T0, to: T0 + 180_000 });
    expect(fit.state).toBe('ok');
    if (fit.state === 'ok') expect(fit.slopePerMs * 60_000).toBeLessThan(1.5);
  });
});

describe('ratePer', () => {
  it('reads a short span per minute and a long one per hour', () => {
    expect(ratePer(1 / 60_000, 120_000).per).toBe('min');
    expect(ratePer(1 / 60_000, 120_000).rate).toBeCloseTo(1, 9);
    expect(ratePer(1 / 3_600_000, 86_400_000).per).toBe('h');
    expect(ratePer(1 / 3_600_000, 86_400_000).rate).toBeCloseTo(1, 9);
  });

  it('moves to per hour when per minute would read 0.00, and back when per hour is huge', () => {
    expect(ratePer(0.06 / 3_600_000, 600_000).per).toBe('h');
    expect(ratePer(5000 / 3_600_000, 6 * 3_600_000).per).toBe('min');
  });
});

describe('a coarse answer', () => {
  it('says the readings sit in too few buckets, and where, so a finer answer can be asked for', () => {
    const p = { ts: [T0, T0 + 60_000], value: [40, 41], count: [20, 21], bucketMs: 60_000 };
    const fit = fitTrend(p, { from: T0 - 86_400_000 + 120_000, to: T0 + 120_000 });
    expect(fit).toMatchObject({ state: 'too-little', reason: 'points', readings: 41 });
    expect(fit.state === 'too-little' && fit.extent).toEqual({ from: T0, to: T0 + 120_000 });
  });
});
