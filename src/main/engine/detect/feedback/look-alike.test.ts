import { describe, expect, it } from 'vitest';
import type { DetectedAnomaly } from '../../../../shared/contract/detection';
import { fingerprintOf, LookAlikes, type Fingerprint } from './look-alike';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function stats(
  ts: number,
  deviation: number,
  z: number,
  reason: 'level' | 'step' | 'excursions' = 'level',
): DetectedAnomaly {
  return {
    deviceId: 'd1',
    signal: 'temperature',
    ts,
    detector: 'stats',
    score: 0.9,
    kind: 'statistical',
    message: '',
    evidence: {
      score: 0.9,
      threshold: 0.7,
      baseline: 50,
      deviation,
      z,
      scale: deviation / z,
      reason,
      seasonal: 'none',
      warm: true,
      count: 1000,
      value: 50 + deviation,
    },
  };
}

const print = (a: DetectedAnomaly, label: string): Fingerprint => fingerprintOf(a, label)!;

describe('look-alikes of labelled false alarms', () => {
  it('matches the same direction, shape and a similar size; not the opposite direction, another shape or twice the size', () => {
    const known = new LookAlikes([print(stats(2 * HOUR, 10, 8), 'L1')]);
    const f = (a: DetectedAnomaly) => known.match(fingerprintOf(a)!);
    expect(f(stats(5 * HOUR, 11, 9))).toBe('L1');
    expect(f(stats(5 * HOUR, 6, 5))).toBe('L1'); // ×0.625
    expect(f(stats(5 * HOUR, -10, -8))).toBeNull();
    expect(f(stats(5 * HOUR, 10, 8, 'step'))).toBe('L1'); // a jump either way
    expect(f(stats(5 * HOUR, 10, 8, 'excursions'))).toBeNull();
    expect(f(stats(5 * HOUR, 20, 16))).toBeNull(); // ×2
    expect(f(stats(5 * HOUR, 4, 3))).toBeNull(); // ×0.375
  });

  it('requires the time of day once labelled anomalies recur at one (two within ±30 min on different days)', () => {
    const at = (day: number, h: number, m = 0) => day * DAY + h * HOUR + m * 60_000;
    const known = new LookAlikes([print(stats(at(1, 3, 0), 10, 8), 'L1'), print(stats(at(2, 3, 10), 10, 8), 'L2')]);
    const f = (ts: number) => known.match(fingerprintOf(stats(ts, 10, 8))!);
    expect(f(at(5, 3, 25))).not.toBeNull();
    expect(f(at(5, 2, 45))).not.toBeNull();
    expect(f(at(5, 15, 0))).toBeNull();
    // In the window, the same event whichever question of the detector saw it; still not the other direction.
    expect(known.match(fingerprintOf(stats(at(6, 3, 5), 11, 5, 'excursions'))!)).not.toBeNull();
    expect(known.match(fingerprintOf(stats(at(6, 3, 5), -11, -5))!)).toBeNull();
    // Around midnight the window wraps.
    const late = new LookAlikes([print(stats(at(1, 23, 50), 10, 8), 'L3'), print(stats(at(2, 0, 5), 10, 8), 'L4')]);
    expect(late.match(fingerprintOf(stats(at(6, 0, 20), 10, 8))!)).not.toBeNull();
    expect(late.match(fingerprintOf(stats(at(6, 12, 0), 10, 8))!)).toBeNull();
  });

  it('never fingerprints limit, rate, flatline, quality, offline or trend anomalies', () => {
    const high: DetectedAnomaly = {
      deviceId: 'd1',
      signal: 'temperature',
      ts: 0,
      detector: 'rule:limits',
      score: 1,
      kind: 'high',
      message: '',
      evidence: { rule: 'limits', limit: 'hi', limitValue: 85, value: 90, deadband: 1, from: 'default' },
    };
    expect(fingerprintOf(high)).toBeNull();
  });
});
