// Whether a device is offline, as React state that changes only when the answer flips:
// re-checked each second (time passes) and on the frame after any of its series changes
// (so a device comes back the moment it speaks). Offline, the answer is its newest reading's
// time (0: it never reported), so the tile can say how old the frozen value is.
import { useCallback, useSyncExternalStore } from 'react';
import type { Device } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';
import { useTelemetry } from '../app/engine-context';
import { useAppStore } from '../store/app-store';
import { onClockTick } from './clock';
import { isDeviceOffline } from './offline-status';

/** null while the device is live; offline, the time of its newest reading (0: none). */
export function useDeviceOffline(device: Device): number | null {
  const telemetry = useTelemetry();
  const diedAt = useAppStore((s) => s.deaths[device.id]);

  const subscribe = useCallback(
    (onChange: () => void) => {
      const offs = device.signals.map((s) => telemetry.subscribe(seriesKey(device.id, s.key), onChange));
      offs.push(onClockTick(onChange));
      return () => {
        for (const off of offs) off();
      };
    },
    [telemetry, device],
  );

  const offlineSince = useCallback(() => {
    const last = (key: string) => telemetry.lastTs(key);
    if (!isDeviceOffline(device, last, Date.now(), diedAt)) return null;
    return Math.max(0, ...device.signals.map((s) => last(seriesKey(device.id, s.key)) ?? 0));
  }, [telemetry, device, diedAt]);

  return useSyncExternalStore(subscribe, offlineSince);
}
