import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '../../../shared/domain';
import { LiveHub } from './live-hub';

const r = (deviceId: string, ts: number, value = ts): Reading => ({
  deviceId,
  signal: 's',
  ts,
  value,
  quality: 'good',
});

describe('LiveHub', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a series’ first reading at once and coalesces the rest to 10 per second', () => {
    const hub = new LiveHub(10, () => Date.now());
    const got: number[] = [];
    hub.subscribe(undefined, (rs) => got.push(...rs.map((x) => x.value)));
    hub.publish([r('a', 1)]);
    vi.advanceTimersToNextTimer(); // the immediate
    expect(got).toEqual([1]);
    for (let i = 2; i <= 30; i++) {
      hub.publish([r('a', i)]);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(200);
    // 300 ms of 100 readings per second, at most one per 100 ms, always ending on the newest
    expect(got.length).toBeLessThanOrEqual(5);
    expect(got.at(-1)).toBe(30);
    expect(got).toEqual([...got].sort((a, b) => a - b));
  });

  it('filters by device and ignores late readings for live purposes', () => {
    const hub = new LiveHub(10, () => Date.now());
    const got: string[] = [];
    hub.subscribe(['b'], (rs) => got.push(...rs.map((x) => `${x.deviceId}:${x.ts}`)));
    hub.publish([r('a', 5), r('b', 5)]);
    vi.advanceTimersByTime(150);
    hub.publish([r('b', 3)]);
    vi.advanceTimersByTime(150);
    expect(got).toEqual(['b:5']);
    expect(hub.snapshot().find((x) => x.deviceId === 'b')!.ts).toBe(5);
  });
});
