import { describe, expect, it } from 'vitest';
import type { Fault } from './fault';
import { FaultSchedule, type FaultScheduleSpec } from './fault-schedule';
import { createRandom } from '../random';
import { createBaseline } from './signal-baseline';

const signals = [0, 1, 2].map((i) => createBaseline(i, createRandom(i + 1)));

/** Every fault of one device over `minutes`, ticking every `intervalMs`. */
function faultsOver(spec: FaultScheduleSpec, minutes: number, seed = 3): Fault[] {
  const schedule = new FaultSchedule('dev', signals, spec, createRandom(seed));
  const faults: Fault[] = [];
  const stop = minutes * 60_000;
  for (let t = 0; t < stop; t += spec.intervalMs) {
    const { started } = schedule.advance(t);
    if (started) faults.push(started);
  }
  schedule.finish(stop);
  return faults;
}

describe('FaultSchedule', () => {
  it('injects at the given rate per device per minute of healthy running', () => {
    const spec: FaultScheduleSpec = { kinds: ['spike'], ratePerMinute: 0.05, intervalMs: 1000 };
    // Spikes last seconds, so nearly all the time is healthy: expect about 0.05 × 20,000 = 1,000.
    const n = faultsOver(spec, 20_000).length;
    expect(n).toBeGreaterThan(900);
    expect(n).toBeLessThan(1100);
  });

  it('draws kinds and signals evenly from those enabled', () => {
    const faults = faultsOver({ kinds: ['spike', 'dropout', 'offline'], ratePerMinute: 1, intervalMs: 1000 }, 20_000);
    const share = (pred: (f: Fault) => boolean) => faults.filter(pred).length / faults.length;
    for (const kind of ['spike', 'dropout', 'offline']) expect(share((f) => f.kind === kind)).toBeCloseTo(1 / 3, 1);
    expect(share((f) => f.signal === 'pressure')).toBeCloseTo(2 / 9, 1);
    expect(faults.filter((f) => f.kind === 'offline').every((f) => f.signal === null)).toBe(true);
  });

  it('lasts minutes, but never fewer ticks than the fault needs to show', () => {
    const minutes = faultsOver({ kinds: ['stuck', 'offline'], ratePerMinute: 1, intervalMs: 1000 }, 3000);
    for (const f of minutes) {
      const length = f.end - f.start;
      if (f.kind === 'stuck') expect(length).toBeGreaterThanOrEqual(60_000);
      if (f.kind === 'stuck') expect(length).toBeLessThanOrEqual(300_000);
      if (f.kind === 'offline') expect(length).toBeGreaterThanOrEqual(120_000);
    }
    // At one reading every 10 minutes a stuck sensor still repeats itself at least three times.
    const slow = faultsOver({ kinds: ['stuck'], ratePerMinute: 0.1, intervalMs: 600_000 }, 20_000);
    expect(slow.length).toBeGreaterThan(5);
    for (const f of slow.filter((x) => !x.truncated)) {
      expect(f.end - f.start).toBeGreaterThanOrEqual(3 * 600_000);
    }
  });

  it('spikes last one to three ticks', () => {
    const faults = faultsOver({ kinds: ['spike'], ratePerMinute: 1, intervalMs: 500 }, 1000);
    expect(new Set(faults.map((f) => (f.end - f.start) / 500))).toEqual(new Set([1, 2, 3]));
  });

  it('reports the end of a fault at the first tick past it, and cuts an open one at finish', () => {
    const schedule = new FaultSchedule(
      'dev',
      signals,
      { kinds: ['offline'], ratePerMinute: 10, intervalMs: 1000 },
      createRandom(5),
    );
    let first: Fault | undefined;
    let t = 0;
    for (; !first; t += 1000) first = schedule.advance(t).started;
    for (; t < first.end; t += 1000) expect(schedule.advance(t).ended).toBeUndefined();
    const step = schedule.advance(t);
    expect(step.ended).toBe(first);
    let second = step.started;
    while (!second) second = schedule.advance((t += 1000)).started;
    const cut = schedule.finish(second.start + 1);
    expect(cut).toBe(second);
    expect(cut).toMatchObject({ end: second.start + 1, truncated: true });
    expect(schedule.active).toBeUndefined();
  });
});
