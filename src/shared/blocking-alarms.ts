// Which alarms keep a station from installing an update (issue 15: "no surprise restarts"): an
// alarm that is active, not yet acknowledged, and of high priority or above. Written once, here,
// because two places ask: the station's own engine (the engine host, in process) and a central
// engine a desktop is attached to (`alarms.list` with BLOCKING_ALARM_QUERY over the desktop's
// session). Both narrow the query with the same filter, so an engine that answers more than asked
// (an older one) still cannot widen the rule.
//
// Decision: shelved, suppressed and out-of-service alarms do not block. Each is a state an operator
// or the design put the alarm in on purpose (ISA-18.2 takes them out of annunciation); an
// acknowledged alarm does not block either — someone is on it. Returned-to-normal alarms are not
// active.
import type { BlockingAlarm } from './contract/station';
import { URGENCY, type Alarm, type AlarmState, type Priority } from './domain';

const BLOCKING_STATES: readonly AlarmState[] = ['unack_active'];
const BLOCKING_PRIORITIES: readonly Priority[] = ['critical', 'high'];

/** The `alarms.list` parameters that ask an engine for the blocking alarms (at most 5,000 of them). */
export const BLOCKING_ALARM_QUERY = {
  states: [...BLOCKING_STATES],
  priorities: [...BLOCKING_PRIORITIES],
  limit: 5000,
} satisfies { states: AlarmState[]; priorities: Priority[]; limit: number };

export function isBlockingAlarm(alarm: Pick<Alarm, 'state' | 'priority'>): boolean {
  return BLOCKING_STATES.includes(alarm.state) && URGENCY[alarm.priority] >= URGENCY.high;
}

function describe(alarm: Alarm): string {
  if (alarm.message) return alarm.message;
  const limit = alarm.limit === null ? '' : ` (limit ${alarm.limit})`;
  return `${alarm.kind} alarm: ${alarm.value}${limit}`;
}

/** The blocking alarms among `alarms`, most urgent first (then the oldest first), as the station status lists them. */
export function blockingAlarmsOf(alarms: readonly Alarm[]): BlockingAlarm[] {
  return alarms
    .filter(isBlockingAlarm)
    .sort((a, b) => URGENCY[b.priority] - URGENCY[a.priority] || a.raisedAt - b.raisedAt || a.id - b.id)
    .map((alarm) => ({
      id: String(alarm.id),
      device: alarm.deviceId,
      signal: alarm.signal === '*' ? null : alarm.signal,
      priority: alarm.priority,
      message: describe(alarm),
    }));
}
