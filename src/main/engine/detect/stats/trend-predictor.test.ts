import { describe, expect, it } from 'vitest';
import { TrendPredictor } from './trend-predictor';

const MIN = 60_000;

describe('TrendPredictor', () => {
  it('says when a rising series will cross its high limit', () => {
    const tp = new TrendPredictor({ window: 30 });
    const s = tp.slot('tank/level');
    // 0.5 per minute from 50, with a little wobble; last reading at minute 39 ≈ 69.5.
    for (let i = 0; i < 40; i++) tp.update(s, i * MIN, 50 + 0.5 * i + (i % 2 ? 0.2 : -0.2));
    const f = tp.forecast(s, { hi: 80, lo: 10 }, 60 * MIN);
    expect(f).not.toBeNull();
    expect(f!.limit).toBe('hi');
    expect(f!.inMs / MIN).toBeCloseTo(21, 0); // (80 − 69.5) / 0.5
    expect(f!.crossAtMs).toBe(39 * MIN + f!.inMs);
    expect(f!.slopePerSecond * 60).toBeCloseTo(0.5, 2);
    expect(tp.forecast(s, { hi: 80 }, 10 * MIN)).toBeNull(); // beyond the horizon
    expect(tp.forecast(s, { lo: 10 }, 60 * MIN)).toBeNull(); // heading away
    expect(tp.timeToCross(s, 80, 60 * MIN) / MIN).toBeCloseTo(21, 0);
  });

  it('warns of a falling series reaching its low limit', () => {
    const tp = new TrendPredictor();
    for (let i = 0; i < 60; i++) tp.update(0, i * MIN, 30 - 0.25 * i);
    const f = tp.forecast(0, { lo: 10 }, 3_600_000);
    expect(f?.limit).toBe('lo');
    expect(f!.inMs / MIN).toBeCloseTo(21, 5); // from 15.25 at minute 59
  });

  it('stays silent on noise without a trend and before it has enough readings', () => {
    const tp = new TrendPredictor();
    for (let i = 0; i < 5; i++) tp.update(0, i * MIN, 50 + i);
    expect(tp.forecast(0, { hi: 51 }, 3_600_000)).toBeNull();
    for (let i = 5; i < 60; i++) tp.update(0, i * MIN, 50 + (i % 3) - 1);
    expect(tp.forecast(0, { hi: 52, lo: 48 }, 86_400_000)).toBeNull();
  });

  it('replay refills the window with the given readings alone', () => {
    const tp = new TrendPredictor({ window: 30 });
    const fresh = new TrendPredictor({ window: 30 });
    // A stuck-rising fault (bad data) fills the window: a forecast would warn.
    for (let i = 0; i < 40; i++) tp.update(0, i * MIN, 50 + 2 * i);
    expect(tp.forecast(0, { hi: 150 }, 60 * MIN)).not.toBeNull();
    const ts = Array.from({ length: 45 }, (_, i) => i * MIN);
    const flat = ts.map((_, i) => 50 + (i % 2 ? 0.1 : -0.1));
    tp.replay(0, ts, flat);
    for (let i = 0; i < ts.length; i++) fresh.update(0, ts[i]!, flat[i]!);
    expect(tp.forecast(0, { hi: 150 }, 60 * MIN)).toBeNull();
    // Rising again from here, it forecasts exactly as a predictor that saw only these readings.
    for (let i = 45; i < 75; i++) {
      tp.update(0, i * MIN, 50 + (i - 45));
      fresh.update(0, i * MIN, 50 + (i - 45));
    }
    expect(tp.forecast(0, { hi: 150 }, 3 * 3_600_000)).toEqual(fresh.forecast(0, { hi: 150 }, 3 * 3_600_000));
    expect(tp.forecast(0, { hi: 150 }, 3 * 3_600_000)).not.toBeNull();
  });
});
