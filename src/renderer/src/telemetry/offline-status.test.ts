// When a device turns grey (what its tile then says: src/shared/device-status.test.ts).
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../shared/domain';
import { isDeviceOffline, isSignalOffline, offlineAfterMs } from './offline-status';

const signal = (key: string, intervalMs: number) => ({ key, unit: '', limits: {}, intervalMs, deadband: 0 });

describe('offline status', () => {
  it('waits at least 30 s, or three intervals for slow signals', () => {
    expect(offlineAfterMs(1000)).toBe(30_000);
    expect(offlineAfterMs(20_000)).toBe(60_000);
  });

  it('marks a signal offline only once the threshold has passed', () => {
    const now = 1_000_000;
    expect(isSignalOffline(now - 30_000, 2000, now)).toBe(false);
    expect(isSignalOffline(now - 30_001, 2000, now)).toBe(true);
    expect(isSignalOffline(now - 59_000, 20_000, now)).toBe(false);
    expect(isSignalOffline(undefined, 2000, now)).toBe(true);
  });

  it('keeps a device online while any of its signals is fresh', () => {
    const now = 1_000_000;
    const device: Pick<Device, 'id' | 'signals'> = { id: 'd1', signals: [signal('a', 1000), signal('b', 1000)] };
    const last: Record<string, number> = { 'd1/a': now - 60_000, 'd1/b': now - 1000 };
    expect(isDeviceOffline(device, (k) => last[k], now)).toBe(false);
    last['d1/b'] = now - 40_000;
    expect(isDeviceOffline(device, (k) => last[k], now)).toBe(true);
  });

  it('treats a device without signals or data as offline', () => {
    expect(isDeviceOffline({ id: 'x', signals: [] }, () => undefined, 0)).toBe(true);
    expect(isDeviceOffline({ id: 'x', signals: [signal('a', 1000)] }, () => undefined, 0)).toBe(true);
  });
});

describe('reported deaths', () => {
  const device = { id: 'plant.edge1.press', signals: [{ key: 'p', intervalMs: 1000 }] } as Parameters<
    typeof isDeviceOffline
  >[0];
  it('makes a device offline at once, until it speaks again', () => {
    const now = 1_000_000;
    expect(isDeviceOffline(device, () => now - 500, now)).toBe(false);
    expect(isDeviceOffline(device, () => now - 500, now, now - 100)).toBe(true);
    expect(isDeviceOffline(device, () => now - 50, now, now - 100)).toBe(false);
  });
});
