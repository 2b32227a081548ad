// The operator's alarm queue as pure functions over the alarms held in the store: what is in
// it, in which order, how it is filtered and grouped in a flood, and what the header derives
// from it (a device's status is src/shared/device-status.ts). Kept free of React so the order
// an operator relies on is pinned by tests.
import { URGENCY, type Alarm, type AlarmKind, type AlarmState, type Priority } from '../../../shared/domain';
import { isUnacknowledged } from './alarm-state';

export { countUnacknowledged, isActive, isOpen, isUnacknowledged, KIND_LABEL } from './alarm-state';

export const PRIORITIES: readonly Priority[] = ['critical', 'high', 'medium', 'low'];

export const STATE_LABEL: Record<AlarmState, string> = {
  normal: 'Normal',
  unack_active: 'Active, unacknowledged',
  ack_active: 'Active, acknowledged',
  unack_rtn: 'Returned to normal, unacknowledged',
  shelved: 'Shelved',
  suppressed: 'Suppressed (device offline)',
  out_of_service: 'Out of service',
};

/** States the queue annunciates; the others are listed under "Shelved & suppressed". */
export const QUEUE_STATES: readonly AlarmState[] = ['unack_active', 'ack_active', 'unack_rtn'];
export const HIDDEN_STATES: readonly AlarmState[] = ['shelved', 'suppressed', 'out_of_service'];

export function isInQueue(alarm: Pick<Alarm, 'state'>): boolean {
  return QUEUE_STATES.includes(alarm.state);
}

/** Highest priority first; within a priority the newest raised first; id breaks ties so the order is stable. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return URGENCY[b.priority] - URGENCY[a.priority] || b.raisedAt - a.raisedAt || b.id - a.id;
}

export interface AlarmFilters {
  states: readonly AlarmState[];
  priorities: readonly Priority[];
  devices: readonly string[];
  areas: readonly string[];
}

export const NO_FILTERS: AlarmFilters = { states: [], priorities: [], devices: [], areas: [] };

function passes(a: Alarm, f: AlarmFilters): boolean {
  return (
    (f.states.length === 0 || f.states.includes(a.state)) &&
    (f.priorities.length === 0 || f.priorities.includes(a.priority)) &&
    (f.devices.length === 0 || f.devices.includes(a.deviceId)) &&
    (f.areas.length === 0 || f.areas.includes(a.area))
  );
}

/** The queue (annunciated states only), filtered and in priority order. */
export function alarmQueue(alarms: Iterable<Alarm>, filters: AlarmFilters = NO_FILTERS): Alarm[] {
  return [...alarms].filter((a) => isInQueue(a) && passes(a, filters)).sort(compareAlarms);
}

/** Shelved, suppressed and out-of-service alarms, filtered, in priority order. */
export function hiddenAlarms(alarms: Iterable<Alarm>, filters: AlarmFilters = NO_FILTERS): Alarm[] {
  return [...alarms].filter((a) => HIDDEN_STATES.includes(a.state) && passes(a, filters)).sort(compareAlarms);
}

export interface AlarmGroup {
  /** device + kind */
  key: string;
  deviceId: string;
  kind: AlarmKind;
  alarms: Alarm[];
  unacknowledged: number;
}

/**
 * In a flood the queue is grouped by device and cause (the alarm kind), so an operator sees
 * "press-7: 9 × high" instead of nine rows; groups keep the order of their most urgent alarm.
 */
export function groupByDeviceAndCause(queue: readonly Alarm[]): AlarmGroup[] {
  const groups = new Map<string, AlarmGroup>();
  for (const a of queue) {
    const key = `${a.deviceId}\0${a.kind}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, deviceId: a.deviceId, kind: a.kind, alarms: [], unacknowledged: 0 };
      groups.set(key, g);
    }
    g.alarms.push(a);
    if (isUnacknowledged(a)) g.unacknowledged++;
  }
  return [...groups.values()];
}

/** Options for the filter bar: what the open alarms actually contain. */
export function filterOptions(alarms: Iterable<Alarm>): { devices: string[]; areas: string[] } {
  const devices = new Set<string>();
  const areas = new Set<string>();
  for (const a of alarms) {
    devices.add(a.deviceId);
    areas.add(a.area);
  }
  return { devices: [...devices].sort(), areas: [...areas].sort() };
}

/** "> 85" for a high alarm, "< 15" for a low one: the direction the limit was crossed; "—" without a limit. */
export function formatLimit(alarm: Pick<Alarm, 'kind' | 'limit'>): string {
  if (alarm.limit === null) return '—';
  if (alarm.kind === 'high') return `> ${alarm.limit}`;
  if (alarm.kind === 'low') return `< ${alarm.limit}`;
  return String(alarm.limit);
}
