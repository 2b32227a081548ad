// What the operator reads for a trend: direction in words, a signed rate in a sensible unit,
// the span it covers with its zone — or "too little data".
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fitTrend } from '../../../shared/trend-fit';
import { setDisplayPrefs } from '../store/display-prefs';
import { formatTrendRate, trendText } from './trend-text';

const T0 = Date.UTC(2026, 0, 15, 13, 2, 0);

beforeAll(() => {
  vi.stubEnv('TZ', 'UTC');
  setDisplayPrefs({ clock: 'h23' });
});

function ramp(spanMs: number, everyMs: number, perMin: number) {
  const ts: number[] = [];
  const value: number[] = [];
  for (let t = 0; t <= spanMs; t += everyMs) {
    ts.push(T0 + t);
    value.push(30 + (perMin * t) / 60_000);
  }
  return { ts, value };
}

describe('trend text', () => {
  it('two minutes rising half a psi a minute read "+0.50 psi/min over 13:02:00–13:04:00 UTC"', () => {
    const fit = fitTrend(ramp(120_000, 3000, 0.5), { from: T0 - 3_600_000, to: T0 + 120_000 });
    const t = trendText(fit, 'psi', T0 + 120_000);
    expect(t).toEqual({
      direction: 'rising',
      word: 'rising',
      rate: '+0.50 psi/min',
      over: 'over 13:02:00–13:04:00 UTC',
    });
  });

  it('falling in °C per hour over a day', () => {
    const fit = fitTrend(ramp(86_400_000, 600_000, -0.02), { from: T0, to: T0 + 86_400_000 });
    const t = trendText(fit, 'celsius', T0 + 86_400_000);
    expect(t.direction).toBe('falling');
    expect(t.rate).toBe('−1.20°C/h');
  });

  it('says too little data, and why, instead of an absurd rate', () => {
    const t = trendText(fitTrend({ ts: [T0, T0 + 10], value: [10, 20] }, { from: T0, to: T0 + 60_000 }), 'psi');
    expect(t.direction).toBeNull();
    expect(t.word).toBe('too little data');
    expect(t.rate).toBe('');
    expect(t.over).toMatch(/2 of 5 readings/);
  });

  it('never prints a sign on a rate that rounds to zero', () => {
    expect(formatTrendRate(1e-12, 60_000, 'psi')).toBe('±0.00 psi/h');
  });
});
