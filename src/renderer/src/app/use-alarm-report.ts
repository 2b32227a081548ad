// The desktop's tray icon shows how many alarms wait for acknowledgement: each window reports
// its queue's counts when they change (window.watchfloor.station; absent in a browser).
import { useEffect } from 'react';
import type { Alarm } from '../../../shared/domain';
import { isActive, isUnacknowledged } from '../store/alarm-state';
import type { AlarmMap } from '../store/alarms-slice';
import { useAppStore } from '../store/app-store';

const count = (alarms: AlarmMap, test: (a: Alarm) => boolean) => Object.values(alarms).filter(test).length;

export function useAlarmReport(): void {
  const unacknowledged = useAppStore((s) => count(s.alarms, isUnacknowledged));
  const active = useAppStore((s) => count(s.alarms, isActive));
  useEffect(() => {
    window.watchfloor?.station?.reportAlarms({ unacknowledged, active });
  }, [unacknowledged, active]);
}
