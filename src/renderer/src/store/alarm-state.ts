// What an alarm's state and kind mean, for the code that runs with the first view (the store, the
// header's count, the tray report, a tile's status line); the queue's ordering, filters and
// labels (alarm-queue.ts) load with the views that show the queue.
import type { Alarm, AlarmKind } from '../../../shared/domain';

export const KIND_LABEL: Record<AlarmKind, string> = {
  high: 'High',
  low: 'Low',
  rate: 'Rate of change',
  flatline: 'Flatline',
  offline: 'Offline',
  quality: 'Bad quality',
  anomaly: 'Anomaly',
  trend: 'Trend',
  model: 'Model',
};

export function isOpen(alarm: Pick<Alarm, 'state'>): boolean {
  return alarm.state !== 'normal';
}

export function isUnacknowledged(alarm: Pick<Alarm, 'state'>): boolean {
  return alarm.state === 'unack_active' || alarm.state === 'unack_rtn';
}

export function isActive(alarm: Pick<Alarm, 'state'>): boolean {
  return alarm.state === 'unack_active' || alarm.state === 'ack_active';
}

export function countUnacknowledged(alarms: Iterable<Alarm>): number {
  let n = 0;
  for (const a of alarms) if (isUnacknowledged(a)) n++;
  return n;
}
