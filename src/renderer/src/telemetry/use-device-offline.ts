// Whether a device is offline, as React state that changes only when the answer flips:
// re-checked each second (time passes) and on the frame after any of its series changes
// (so a device comes back the moment it speaks).
import { useCallback, useSyncExternalStore } from 'react';
import type { Device } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';
import { useTelemetry } from '../app/engine-context';
import { useAppStore } from '../store/app-store';
import { onClockTick } from './clock';
import { isDeviceOffline } from './offline-status';

export function useDeviceOffline(device: Device): boolean {
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

  const isOffline = useCallback(
    () => isDeviceOffline(device, (key) => telemetry.lastTs(key), Date.now(), diedAt),
    [telemetry, device, diedAt],
  );

  return useSyncExternalStore(subscribe, isOffline);
}
