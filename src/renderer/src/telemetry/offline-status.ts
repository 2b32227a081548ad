// When a device counts as offline. Pure, so the rule the operator sees is the one the tests pin
// down: offline after max(30 s, 3 × the signal's expected interval) without a reading, the rule
// DESIGN.md sets for offline detection. What a tile then says is src/shared/device-status.ts.
import type { Device } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';

export const OFFLINE_FLOOR_MS = 30_000;

export function offlineAfterMs(intervalMs: number): number {
  return Math.max(OFFLINE_FLOOR_MS, 3 * intervalMs);
}

/** A signal that never reported is offline too: the wall must not show a silent device as healthy. */
export function isSignalOffline(lastTs: number | undefined, intervalMs: number, now: number): boolean {
  return lastTs === undefined || now - lastTs > offlineAfterMs(intervalMs);
}

/**
 * A device is offline when none of its signals is fresh — one live signal means it still
 * talks — or at once when a source reported it dead (`diedAt`) and nothing came since.
 */
export function isDeviceOffline(
  device: Pick<Device, 'id' | 'signals'>,
  lastTsOf: (series: string) => number | undefined,
  now: number,
  diedAt?: number,
): boolean {
  if (device.signals.length === 0) return true;
  const last = device.signals.map((s) => lastTsOf(seriesKey(device.id, s.key)));
  if (diedAt !== undefined && last.every((ts) => ts === undefined || ts <= diedAt)) return true;
  return device.signals.every((s, i) => isSignalOffline(last[i], s.intervalMs, now));
}
