// Alarm events for notification routing, from the alarm service's typed events. Routes speak
// of fewer types than the service announces: a reactivation is a new raise; the rest that
// routes do not name (suppression, service states, chattering) are not notified.
import type { AlarmService } from '../alarms/alarm-service';
import type { AlarmEvent } from '../alarms/alarm-events';
import type { AlarmNotice } from './message';

export function routableType(type: AlarmEvent['type']): string {
  return type === 'reactivated' ? 'raised' : type;
}

export function subscribeAlarmNotices(
  alarms: Pick<AlarmService, 'onEvent'>,
  handler: (n: AlarmNotice) => void,
): () => void {
  return alarms.onEvent((e) => handler({ ...e, type: routableType(e.type) }));
}
