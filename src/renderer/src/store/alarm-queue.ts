// The operator's alarm queue as pure functions over the alarms held in the store: what is in
// it, in which order, and what the header and the wall derive from it. Kept free of React so
// the order an operator relies on is pinned by tests.
import type { Alarm, AlarmState, Priority } from '../../../shared/domain';

const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export const STATE_LABEL: Record<AlarmState, string> = {
  normal: 'Normal',
  unack_active: 'Active, unacknowledged',
  ack_active: 'Active, acknowledged',
  unack_rtn: 'Returned to normal, unacknowledged',
};

export function isInQueue(alarm: Pick<Alarm, 'state'>): boolean {
  return alarm.state !== 'normal';
}

export function isUnacknowledged(alarm: Pick<Alarm, 'state'>): boolean {
  return alarm.state === 'unack_active' || alarm.state === 'unack_rtn';
}

export function isActive(alarm: Pick<Alarm, 'state'>): boolean {
  return alarm.state === 'unack_active' || alarm.state === 'ack_active';
}

/** Highest priority first; within a priority the newest raised first; id breaks ties so the order is stable. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || b.raisedAt - a.raisedAt || b.id - a.id;
}

export function alarmQueue(alarms: Iterable<Alarm>): Alarm[] {
  return [...alarms].filter(isInQueue).sort(compareAlarms);
}

export function countUnacknowledged(alarms: Iterable<Alarm>): number {
  let n = 0;
  for (const a of alarms) if (isUnacknowledged(a)) n++;
  return n;
}

export function hasActiveAlarm(alarms: Iterable<Alarm>, deviceId: string): boolean {
  for (const a of alarms) if (a.deviceId === deviceId && isActive(a)) return true;
  return false;
}

/** "> 85" for a high alarm, "< 15" for a low one: the direction the limit was crossed. */
export function formatLimit(alarm: Pick<Alarm, 'kind' | 'limit'>): string {
  return `${alarm.kind === 'high' ? '>' : '<'} ${alarm.limit}`;
}
