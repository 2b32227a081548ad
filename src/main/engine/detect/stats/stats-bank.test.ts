import { describe, expect, it } from 'vitest';
import { StatsBank } from './stats-bank';

const MIN = 60_000;

/** A deterministic noisy series: value = base + small pseudo-random noise. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

describe('StatsBank', () => {
  it('scores a spike high, and the spike barely moves the baseline', () => {
    const bank = new StatsBank();
    const s = bank.slot('pump/temp');
    for (let i = 0; i < 500; i++) expect(bank.update(s, i * MIN, 50 + noise(i))).toBeLessThan(bank.options.threshold);
    const score = bank.update(s, 500 * MIN, 80);
    expect(score).toBeGreaterThanOrEqual(bank.options.threshold);
    expect(bank.isAnomaly(s)).toBe(true);
    const e = bank.explain(s);
    expect(e.baseline).toBeCloseTo(50, 0);
    expect(e.deviation).toBeGreaterThan(25);
    expect(e.z).toBeGreaterThan(10);
    bank.update(s, 501 * MIN, 50);
    expect(bank.isAnomaly(s)).toBe(false); // held quiet right after the raise
    bank.update(s, 502 * MIN, 50);
    expect(bank.explain(s).baseline).toBeLessThan(51);
  });

  it('a spike that keeps coming at the same hour of the day stops raising; the same spike at a new hour still raises', () => {
    const bank = new StatsBank();
    const sameHour = bank.slot('press/load-a');
    const newHour = bank.slot('press/load-b');
    const STEP = 5 * MIN;
    const DAY = 288; // readings per day
    const raises = (s: number, spikeAt: (i: number) => boolean): number[] => {
      const out: number[] = [];
      for (let i = 0; i < DAY * 10; i++) {
        bank.update(s, i * STEP, 50 + noise(i) + (spikeAt(i) ? 4 : 0));
        if (bank.isAnomaly(s)) out.push(i);
      }
      return out;
    };
    // A batch job at 02:00 on days 2..8; then one more at 02:00 on day 9 (a), or at 14:00 on day 8 (b).
    const daily = (i: number): boolean => i >= 2 * DAY && i < 9 * DAY && i % DAY === 24;
    const a = raises(sameHour, (i) => daily(i) || i === 9 * DAY + 24);
    const b = raises(newHour, (i) => daily(i) || i === 8 * DAY + 168);
    expect(a[0]).toBe(2 * DAY + 24); // the first of its kind raises
    expect(a).not.toContain(9 * DAY + 24); // its recurrences at the same hour run out of news
    // The same spike at a new hour, only twelve hours after the last one, is news.
    expect(b).toContain(8 * DAY + 168);
  });

  it('a disturbance that comes back every 80 readings raises again now and then, not once for good', () => {
    const bank = new StatsBank();
    const s = bank.slot('valve/position');
    for (let i = 0; i < 500; i++) bank.update(s, i * MIN, 50 + noise(i));
    const raises: number[] = [];
    for (let i = 500; i < 2500; i++) {
      bank.update(s, i * MIN, (i - 500) % 80 === 0 ? 80 : 50 + noise(i));
      if (bank.isAnomaly(s)) raises.push(i);
    }
    // Each spike renews the hold-off; after five hold-offs in a row the series may raise again.
    expect(raises[0]).toBe(500);
    expect(raises.length).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < raises.length; k++) expect(raises[k]! - raises[k - 1]!).toBeGreaterThan(500);
  });

  it('remembers a big burst long after its recent memory has let go: a smaller one later is no news, a bigger one is', () => {
    const bank = new StatsBank();
    const smaller = bank.slot('line/flow-a');
    const bigger = bank.slot('line/flow-b');
    const raisedAt = (s: number, i: number, value: number): boolean => {
      bank.update(s, i * MIN, value);
      return bank.isAnomaly(s);
    };
    for (let i = 0; i < 7000; i++) {
      const base = 50 + noise(i);
      // The same history for both: one burst to 90 at reading 1000.
      const v = i === 1000 ? 90 : base;
      expect(raisedAt(smaller, i, v)).toBe(i === 1000);
      expect(raisedAt(bigger, i, v)).toBe(i === 1000);
    }
    // Six thousand readings on, the recent maximum has all but forgotten the burst.
    expect(raisedAt(smaller, 7000, 72)).toBe(false);
    expect(raisedAt(bigger, 7000, 120)).toBe(true);
  });

  it('keeps series apart and grows past its capacity', () => {
    const bank = new StatsBank({ capacity: 1 });
    const a = bank.slot('a');
    const b = bank.slot('b');
    expect(bank.slot('a')).toBe(a);
    expect(b).not.toBe(a);
    for (let i = 0; i < 300; i++) {
      bank.update(a, i * MIN, 10 + noise(i));
      bank.update(b, i * MIN, 1000 + 100 * noise(i));
    }
    expect(bank.explain(a).baseline).toBeCloseTo(10, 0);
    expect(bank.explain(b).baseline).toBeGreaterThan(950);
  });

  it('learns a daily pattern and then judges each hour by it', () => {
    const bank = new StatsBank();
    const s = bank.slot('load');
    const daily = (t: number): number => 100 + 50 * Math.sin((2 * Math.PI * (t % 86_400_000)) / 86_400_000);
    let t = 0;
    let raisedOnceLearnt = 0;
    for (; t < 5 * 86_400_000; t += 5 * MIN) {
      bank.update(s, t, daily(t) + noise(t / MIN));
      if (t >= 3 * 86_400_000 && bank.isAnomaly(s)) raisedOnceLearnt++;
    }
    expect(raisedOnceLearnt).toBe(0);
    expect(bank.explain(s).seasonal).toBe('daily');
    // The value of 6 hours earlier: normal for the series, wrong for this time of day.
    const score = bank.update(s, t, daily(t - 6 * 3_600_000));
    expect(score).toBeGreaterThanOrEqual(bank.options.threshold);
    expect(bank.explain(s).reason).toBe('season');
  });

  it('raises on a sustained shift that no single reading gives away, and says so', () => {
    const bank = new StatsBank();
    const s = bank.slot('line/pressure');
    const raised: number[] = [];
    // Uniform noise (sd ≈ 0.29), then the level creeps up by 0.6: each reading stays within
    // about 3.5 spreads of the old level, but readings that far out become common.
    for (let i = 0; i < 2600; i++) {
      bank.update(s, i * MIN, 50 + noise(i) + (i >= 2000 ? 0.6 : 0));
      if (bank.isAnomaly(s)) raised.push(i);
    }
    expect(raised).toHaveLength(1);
    expect(raised[0]).toBeGreaterThanOrEqual(2000);
    expect(raised[0]).toBeLessThan(2100);
    // The same series without the shift stays quiet.
    const calm = new StatsBank();
    let calmRaises = 0;
    for (let i = 0; i < 2600; i++) {
      calm.update(0, i * MIN, 50 + noise(i));
      if (calm.isAnomaly(0)) calmRaises++;
    }
    expect(calmRaises).toBe(0);
  });

  it('explains a raise on frequent excursions as such', () => {
    const bank = new StatsBank();
    let explained = null;
    for (let i = 0; i < 2600 && !explained; i++) {
      bank.update(0, i * MIN, 50 + noise(i) + (i >= 2000 ? 0.6 : 0));
      if (bank.isAnomaly(0)) explained = bank.explain(0);
    }
    expect(explained).toMatchObject({ reason: 'excursions', warm: true });
    expect(explained!.baseline).toBeCloseTo(50, 0);
    expect(explained!.deviation).toBeGreaterThan(0);
  });

  it('says nothing during the warm-up and ignores non-finite values', () => {
    const bank = new StatsBank({ warmup: 20 });
    for (let i = 0; i < 20; i++) expect(bank.update(0, i * MIN, i % 2 ? 1e6 : -1e6)).toBe(0);
    expect(bank.explain(0).warm).toBe(false);
    expect(bank.update(0, 21 * MIN, Number.NaN)).toBe(0);
    expect(bank.explain(0).count).toBe(20);
  });

  it('a higher sensitivity scores the same deviation higher', () => {
    const run = (sensitivity: number): number => {
      const bank = new StatsBank({ sensitivity });
      for (let i = 0; i < 400; i++) bank.update(0, i * MIN, 5 + noise(i));
      return bank.update(0, 400 * MIN, 6.5);
    };
    expect(run(0.9)).toBeGreaterThan(run(0.5));
    expect(run(0.5)).toBeGreaterThan(run(0.1));
  });

  it('rejects options that cannot work', () => {
    expect(() => new StatsBank({ sensitivity: 2 })).toThrow(/sensitivity/);
    expect(() => new StatsBank({ warmup: 1 })).toThrow(/warmup/);
  });

  it('replay rebuilds a series as if it had seen only the replayed readings, raising nothing', () => {
    // Seasonal profiles are kept across a replay by design: compared without them.
    const labelled = new StatsBank({ seasonality: 'none' });
    const clean = new StatsBank({ seasonality: 'none' });
    const a = labelled.slot('pump/temp');
    const b = clean.slot('pump/temp');
    const ts: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 800; i++) {
      const bad = i >= 600 && i < 700; // a sensor fault: a stuck high value, learned before anyone labelled it
      labelled.update(a, i * MIN, bad ? 95 : 50 + noise(i));
      if (bad) continue;
      clean.update(b, i * MIN, 50 + noise(i));
      ts.push(i * MIN);
      values.push(50 + noise(i));
    }
    expect(labelled.explain(a).baseline).not.toBeCloseTo(clean.explain(b).baseline, 6);
    labelled.replay(a, ts, values);
    expect(labelled.isAnomaly(a)).toBe(false);
    expect(labelled.explain(a)).toEqual(clean.explain(b));
    // And it goes on exactly as the clean one does: the same spike scores the same.
    expect(labelled.update(a, 800 * MIN, 80)).toBe(clean.update(b, 800 * MIN, 80));
    expect(labelled.isAnomaly(a)).toBe(true);
  });

  it('replay keeps what the seasonal profiles learned and raises nothing for a spike it replays', () => {
    const bank = new StatsBank();
    const s = bank.slot('line/load');
    const other = bank.slot('line/other');
    const STEP = 15 * MIN;
    for (let i = 0; i < 96 * 10; i++) {
      const v = 50 + 20 * Math.sin((2 * Math.PI * i) / 96) + noise(i);
      bank.update(s, i * STEP, v);
      bank.update(other, i * STEP, v);
    }
    expect(bank.explain(s).seasonal).toBe('daily');
    const ts = [96 * 10 * STEP, 96 * 10 * STEP + STEP];
    bank.replay(s, ts, [50, 500]);
    expect(bank.isAnomaly(s)).toBe(false);
    expect(bank.explain(s).count).toBe(2);
    expect(bank.explain(other).count).toBe(96 * 10); // other series untouched
    // The profile is still there: fed on, the series is seasonal again at once.
    for (let i = 0; i < 10; i++) bank.update(s, ts[1]! + (i + 1) * STEP, 50);
    expect(bank.explain(s).seasonal).toBe('daily');
  });
});
