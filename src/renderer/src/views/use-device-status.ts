// A device's status as the operator sees it everywhere: red for an active alarm, grey when it
// has gone quiet, normal otherwise. Re-renders only when the answer changes.
import type { Device } from '../../../shared/domain';
import { hasActiveAlarm } from '../store/alarm-queue';
import { useAppStore } from '../store/app-store';
import { tileStatus, type TileStatus } from '../telemetry/offline-status';
import { useDeviceOffline } from '../telemetry/use-device-offline';

export function useDeviceStatus(device: Device): TileStatus {
  const alarmed = useAppStore((s) => hasActiveAlarm(Object.values(s.alarms), device.id));
  const offline = useDeviceOffline(device);
  return tileStatus(alarmed, offline);
}
