import { describe, expect, it } from 'vitest';
import { FleetModel, type FleetSpec } from './fleet-model';
import { occurrences, type RecurringPattern } from './fleet-extras';

const SPEC: FleetSpec = { devices: 3, signals: 2, intervalMs: 60_000, seed: 11, faults: [], faultRate: 0 };
const DAY = 86_400_000;

function values(spec: Partial<FleetSpec>, days: number): Map<string, number> {
  const model = new FleetModel({ ...SPEC, ...spec });
  const out = new Map<string, number>();
  while (model.nextTime() < days * DAY) {
    const t = model.step();
    for (const r of t.readings) out.set(`${t.device}/${r.signal}@${t.time}`, r.value);
  }
  return out;
}

describe('recurring patterns and fixed faults in the fleet', () => {
  it('adds a daily pattern to one signal at the same time every day, and changes nothing else', () => {
    const pattern: RecurringPattern = {
      device: 'fleet-0002',
      signal: 'temperature',
      everyMs: DAY,
      atMs: 3 * 3_600_000,
      durationMs: 5 * 60_000,
      amplitude: 20,
    };
    const plain = values({}, 3);
    const with_ = values({ patterns: [pattern] }, 3);
    const changed = [...with_].filter(([k, v]) => Math.abs(v - plain.get(k)!) > 1e-9);
    // Three days, five one-minute readings per occurrence, each exactly +20.
    expect(changed).toHaveLength(15);
    for (const [k, v] of changed) {
      expect(k.startsWith('fleet-0002/temperature@')).toBe(true);
      expect(v - plain.get(k)!).toBeCloseTo(20, 6);
      const t = Number(k.split('@')[1]);
      expect(t % DAY).toBeGreaterThanOrEqual(pattern.atMs);
      expect(t % DAY).toBeLessThan(pattern.atMs + pattern.durationMs);
    }
    expect(occurrences(pattern, 3 * DAY).map((o) => o.start)).toEqual([3, 27, 51].map((h) => h * 3_600_000));
  });

  it('applies a fault at a fixed time to its signal only', () => {
    const plain = values({}, 1);
    const shifted = values(
      {
        fixedFaults: [
          {
            kind: 'spike',
            offset: -7,
            ticks: 60,
            device: 'fleet-0001',
            signal: 'pressure',
            start: 7_200_000,
            end: 10_800_000,
          },
        ],
      },
      1,
    );
    const changed = [...shifted].filter(([k, v]) => Math.abs(v - plain.get(k)!) > 1e-9);
    expect(changed).toHaveLength(60);
    expect(changed.every(([k]) => k.startsWith('fleet-0001/pressure@'))).toBe(true);
  });

  it('refuses a pattern that cannot run', () => {
    const bad = { device: 'fleet-0001', signal: 'temperature', everyMs: DAY, atMs: 0, durationMs: DAY, amplitude: 5 };
    expect(() => new FleetModel({ ...SPEC, patterns: [bad] })).toThrow(/shorter than the period/);
  });
});
