import { describe, expect, it } from 'vitest';
import { Signal } from '../../../shared/domain';
import { evaluateLimits } from './limit-rules';

const temperature = Signal.parse({ key: 'temperature', unit: 'celsius', limits: { lo: 15, hi: 85 }, deadband: 1 });
const none = { high: false, low: false };

describe('evaluateLimits', () => {
  it('is inactive inside the limits, at the limit itself included', () => {
    expect(evaluateLimits(temperature, 85, none).map((c) => c.active)).toEqual([false, false]);
    expect(evaluateLimits(temperature, 15, none).map((c) => c.active)).toEqual([false, false]);
  });

  it('raises high above hi and low below lo, naming the limit crossed', () => {
    const high = evaluateLimits(temperature, 85.1, none).find((c) => c.kind === 'high')!;
    expect(high).toMatchObject({ active: true, limit: 85, priority: 'high' });
    const low = evaluateLimits(temperature, 14, none).find((c) => c.kind === 'low')!;
    expect(low).toMatchObject({ active: true, limit: 15 });
  });

  it('holds an active alarm until the value is back inside by the deadband', () => {
    const still = evaluateLimits(temperature, 84.5, { high: true, low: false }).find((c) => c.kind === 'high')!;
    expect(still.active).toBe(true);
    const back = evaluateLimits(temperature, 83.9, { high: true, low: false }).find((c) => c.kind === 'high')!;
    expect(back.active).toBe(false);
  });

  it('gives hiHi critical priority over hi', () => {
    const s = Signal.parse({ key: 'p', limits: { hi: 50, hiHi: 60 } });
    expect(evaluateLimits(s, 55, none)[0]).toMatchObject({ active: true, limit: 50, priority: 'high' });
    expect(evaluateLimits(s, 61, none)[0]).toMatchObject({ active: true, limit: 60, priority: 'critical' });
  });

  it('evaluates only the directions a signal has limits for', () => {
    const vibration = Signal.parse({ key: 'vibration', limits: { hi: 120 } });
    expect(evaluateLimits(vibration, -500, none).map((c) => c.kind)).toEqual(['high']);
  });
});
