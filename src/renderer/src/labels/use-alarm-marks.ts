// The alarms of one signal (and its device's device-wide ones) raised in a window, to mark on
// its chart: the open ones from the store, the closed ones from `alarms.history`.
import { useMemo } from 'react';
import type { Alarm } from '../../../shared/domain';
import { useClient } from '../app/engine-context';
import { useLatestQuery } from '../api/use-latest-query';
import type { TimeWindow } from '../charts/history-option';
import type { AlarmMark } from '../charts/label-marks';
import { KIND_LABEL } from '../store/alarm-queue';
import { useAppStore } from '../store/app-store';
import { alarmEnd } from './alarm-labels';

export function useAlarmMarks(deviceId: string, signal: string, window: TimeWindow | null): readonly AlarmMark[] {
  const client = useClient();
  const open = useAppStore((s) => s.alarms);
  const key = window ? `${deviceId}|${window.from}|${window.to}` : null;
  const closed = useLatestQuery<Alarm[]>(key, () =>
    client.request('alarms.history', { devices: [deviceId], from: window!.from, limit: 500 }),
  );
  const closedList = closed.data;
  const from = window?.from ?? 0;
  const to = window?.to ?? 0;
  return useMemo(() => {
    const all = new Map<number, Alarm>();
    for (const a of closedList ?? []) all.set(a.id, a);
    for (const a of Object.values(open)) if (a.deviceId === deviceId) all.set(a.id, a);
    return [...all.values()]
      .filter((a) => (a.signal === signal || a.signal === '*') && a.raisedAt >= from && a.raisedAt <= to)
      .map((a) => ({
        alarmId: a.id,
        from: a.raisedAt,
        to: alarmEnd(a),
        ...(a.kind === 'trend'
          ? { title: `prediction: ${a.message ?? 'heading for a limit'}`, prediction: true }
          : { title: `${a.priority} ${KIND_LABEL[a.kind].toLowerCase()} alarm` }),
      }));
  }, [closedList, open, deviceId, signal, from, to]);
}
