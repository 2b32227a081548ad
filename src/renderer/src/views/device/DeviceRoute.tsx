// The Device view as the view list loads it: the device and time come from the route in the
// store, and a new device or time is a fresh view (its range, zoom and exports start over).
import { useAppStore } from '../../store/app-store';
import { DeviceView } from './DeviceView';

export function DeviceRoute() {
  const deviceId = useAppStore((s) => s.deviceId);
  const at = useAppStore((s) => s.deviceAt);
  const preset = useAppStore((s) => s.devicePreset);
  if (!deviceId) return null;
  return <DeviceView key={`${deviceId}@${at ?? preset ?? ''}`} deviceId={deviceId} at={at} preset={preset} />;
}
