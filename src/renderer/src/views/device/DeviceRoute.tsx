// The Device view as the view list loads it: the device, time and signal come from the route in
// the store, and a new device, time or signal is a fresh view (its range, zoom and exports start
// over). `#device/<id>/<signal>` (level 4, a signal's trend) is read by signal-route.ts.
import { useAppStore } from '../../store/app-store';
import { DeviceView } from './DeviceView';
import { splitSignalRoute } from './signal-route';

export function DeviceRoute() {
  const route = useAppStore((s) => s.deviceId);
  const at = useAppStore((s) => s.deviceAt);
  const preset = useAppStore((s) => s.devicePreset);
  if (!route) return null;
  const { deviceId, signal } = splitSignalRoute(route);
  return (
    <DeviceView key={`${route}@${at ?? preset ?? ''}`} deviceId={deviceId} at={at} signal={signal} preset={preset} />
  );
}
