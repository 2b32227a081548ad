// Which labels are about an alarm, and the time range an alarm stands for: pure, shared by the
// alarm details' Labels section and the alarm lines on charts.
import type { Annotation } from '../../../shared/contract/annotations';
import type { Alarm } from '../../../shared/domain';

/** When an alarm's range ends: its return to normal, its closing, or (still active) now. */
export const alarmEnd = (a: Pick<Alarm, 'returnedAt' | 'closedAt'>, now = Date.now()) =>
  a.returnedAt ?? a.closedAt ?? now;

/** The labels about an alarm: naming it, or covering its time on its signal or device. */
export function labelsOfAlarm(labels: readonly Annotation[], alarm: Alarm, end: number): Annotation[] {
  return labels
    .filter((a) => {
      if (a.deleted || a.deviceId !== alarm.deviceId) return false;
      if (a.target.type === 'alarm' && a.target.alarmId === alarm.id) return true;
      const sameSeries = a.signal === '*' || alarm.signal === '*' || a.signal === alarm.signal;
      return sameSeries && a.from <= end && a.to >= alarm.raisedAt;
    })
    .sort((a, b) => b.from - a.from);
}
