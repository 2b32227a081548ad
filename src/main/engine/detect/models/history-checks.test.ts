// The trainer's checks of a training history (issue 19): the coincidence check
// (history-coverage.ts) and the forward check (forward-check.ts), on histories whose outcome is
// known by construction.
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../simulator/random';
import { fitDpca } from './dpca-model';
import { allowedAlarmRate, refusalReason, sustainedShares } from './forward-check';
import { historyCoverage } from './history-coverage';

function gaussian(seed: number) {
  const rnd = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Two independent cycles of periods p and q samples (started in phase) plus a noise signal. */
function cycles(n: number, p: number, q: number, seed: number): Float64Array {
  const g = gaussian(seed);
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = 10 * Math.sin((2 * Math.PI * i) / p) + g();
    out[i * 3 + 1] = 10 * Math.sin((2 * Math.PI * i) / q) + g();
    out[i * 3 + 2] = g();
  }
  return out;
}

/** A slow driver (AR(1), 0.99) that two signals really follow, and an independent noise signal. */
function coupled(n: number, seed: number, breakFrom = Infinity): Float64Array {
  const g = gaussian(seed);
  const out = new Float64Array(n * 3);
  let x = 0;
  for (let i = 0; i < n; i++) {
    x = 0.99 * x + g();
    out[i * 3] = x + 0.3 * g();
    out[i * 3 + 1] = (i >= breakFrom ? -x : x) + 0.3 * g();
    out[i * 3 + 2] = g();
  }
  return out;
}

const SIGNALS = ['a', 'b', 'c'];

describe('history coverage (coincidences)', () => {
  it('calls two unrelated cycles of nearly the same period, seen for less than their beat, a coincidence', () => {
    // Periods 1200 and 1260 samples: in phase for the 3,000 samples seen, their beat is 25,200.
    const rows = cycles(3000, 1200, 1260, 1);
    const c = historyCoverage(rows, 3000, SIGNALS);
    expect(c.covers).toBe(false);
    expect(c.coincidences[0]).toMatchObject({ signals: ['a', 'b'] });
    expect(c.coincidences[0]!.r).toBeGreaterThan(0.5);
    expect(c.coincidences[0]!.effective).toBeLessThan(30);
  });

  it('accepts the same cycles seen over many beats, where they are uncorrelated', () => {
    // Periods 30 and 37 samples: the beat is 159 samples, seen about 75 times.
    const c = historyCoverage(cycles(12_000, 30, 37, 2), 12_000, SIGNALS);
    expect(c).toMatchObject({ covers: true, coincidences: [] });
  });

  it('accepts a slow but real coupling: strong and significant', () => {
    const c = historyCoverage(coupled(3000, 3), 3000, SIGNALS);
    expect(c.covers).toBe(true);
    expect(c.pairs).toBe(3);
  });
});

describe('forward check', () => {
  it('counts exceedances and k-of-n alarms of a block in time order', () => {
    const t2 = [0, 5, 5, 5, 0, 5, 0, 5, 5, 0];
    expect(sustainedShares(t2, 0, 10, 1, 3, 3)).toEqual({ exceedance: 0.6, alarmRate: 0.1 });
    expect(sustainedShares(t2, 0, 10, 1, 2, 3)).toEqual({ exceedance: 0.6, alarmRate: 0.7 });
    expect(allowedAlarmRate(0.99)).toBeCloseTo(0.03);
    expect(allowedAlarmRate(0.999)).toBe(0.02);
  });

  it('passes a history that covers normal running, with the held-out block near the nominal rate', () => {
    const m = fitDpca(coupled(5000, 4), 5000, SIGNALS);
    expect(m.forward.covers).toBe(true);
    expect(m.forward.heldOut).toBeGreaterThan(900);
    expect(m.forward.alarmRate).toBeLessThanOrEqual(m.forward.allowed);
    expect(refusalReason(m, 'the last block')).toBeNull();
  });

  it('refuses a history whose last part no longer runs like the rest, saying what and why', () => {
    // The last fifth: b turns against a (a changed operating regime the earlier part never saw).
    const m = fitDpca(coupled(5000, 5, 4000), 5000, SIGNALS);
    expect(m.forward.covers).toBe(false);
    expect(m.forward.alarmRate).toBeGreaterThan(0.5);
    expect(m.forward.heldOutFromVector).toBeGreaterThanOrEqual(3990);
    const reason = refusalReason(m, 'the last 17 min of the history');
    expect(reason).toMatch(/^model refused: .*the last 17 min of the history alarm on \d+\.\d % of their windows/);
    expect(reason).toMatch(/at most 3\.0 % allowed/);
    expect(reason).toMatch(/train on a longer span/);
  });
});
