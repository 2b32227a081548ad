// A device's status (or one of its signals') as the operator sees it everywhere, from the one
// derivation in src/shared/device-status.ts: its open alarms, whether it has gone quiet, and
// the time (coarsely: "3 min ago" and "in ~5 min" need no more than a ten-second step).
// Re-renders only when its alarms, its offline answer or that step change.
import { useMemo, useRef, useSyncExternalStore } from 'react';
import { deviceStatus, type DeviceStatus } from '../../../shared/device-status';
import type { Alarm, Device } from '../../../shared/domain';
import { useAppStore } from '../store/app-store';
import { onClockTick } from '../telemetry/clock';
import { useDeviceOffline } from '../telemetry/use-device-offline';

const STEP_MS = 10_000;

// The open alarms by device, built once per change of the store's alarms rather than filtered
// by every tile: a wall of 500 tiles would otherwise scan every alarm 500 times per change.
let indexed: Record<number, Alarm> | null = null;
let index = new Map<string, Alarm[]>();
function byDevice(alarms: Record<number, Alarm>): Map<string, Alarm[]> {
  if (alarms === indexed) return index;
  index = new Map();
  for (const a of Object.values(alarms)) {
    const list = index.get(a.deviceId);
    if (list) list.push(a);
    else index.set(a.deviceId, [a]);
  }
  indexed = alarms;
  return index;
}
const step = () => Math.floor(Date.now() / STEP_MS);

/** With `signal`, only that signal's alarms and the device-wide ones (offline) count. */
export function useDeviceStatus(device: Device, signal?: string): DeviceStatus {
  // The same array while its alarms are the same objects (zustand's useShallow, without its weight).
  const last = useRef<Alarm[]>([]);
  const alarms = useAppStore((s) => {
    const mine = (byDevice(s.alarms).get(device.id) ?? []).filter(
      (a) => !signal || a.signal === signal || a.signal === '*',
    );
    const prev = last.current;
    return mine.length === prev.length && mine.every((a, i) => a === prev[i]) ? prev : (last.current = mine);
  });
  const offlineSince = useDeviceOffline(device);
  const now = useSyncExternalStore(onClockTick, step);
  return useMemo(() => deviceStatus({ alarms, offlineSince, now: now * STEP_MS }), [alarms, offlineSince, now]);
}
