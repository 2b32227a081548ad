// What each transition does to an alarm's record, as pure functions of the record before it
// and the state the transition table (alarm-state.ts) gives. The alarm service decides which
// transition happens and keeps the books; these say what the alarm looks like after it.
import { moreUrgent, type Alarm, type AlarmState, type Priority } from '../../../shared/domain';

/** Closed by `by` at `at` when the new state is normal; still open otherwise. */
function closedIf(to: AlarmState, at: number, by: string): Pick<Alarm, 'closedAt' | 'closedBy'> {
  return to === 'normal' ? { closedAt: at, closedBy: by } : { closedAt: null, closedBy: null };
}

/** Its condition became active again: counted, and annunciated afresh if it had returned. */
export function reactivated(
  a: Alarm,
  to: AlarmState,
  c: { value: number; limit: number | null; message: string | undefined; priority: Priority; at: number },
): Alarm {
  return {
    ...a,
    state: to,
    conditionActive: true,
    value: c.value,
    limit: c.limit,
    message: c.message || a.message,
    priority: moreUrgent(c.priority, a.priority),
    lastAt: c.at,
    count: a.count + 1,
    returnedAt: to === 'unack_active' ? null : a.returnedAt,
  };
}

/** Its condition cleared. */
export function returned(a: Alarm, to: AlarmState, at: number, by: string): Alarm {
  return { ...a, state: to, conditionActive: false, returnedAt: at, ...closedIf(to, at, by) };
}

export function acknowledged(a: Alarm, to: AlarmState, by: string, comment: string | null, at: number): Alarm {
  return { ...a, state: to, ackedAt: at, ackedBy: by, ackComment: comment, ...closedIf(to, at, by) };
}

/**
 * Shelve, suppression or out of service ends: still active, it is annunciated afresh and needs a
 * new acknowledgement; cleared meanwhile, it closes.
 */
export function unhidden(a: Alarm, to: AlarmState, patch: Partial<Alarm>, by: string, at: number): Alarm {
  const closing = to === 'normal';
  return {
    ...a,
    ...patch,
    state: to,
    ackedAt: closing ? a.ackedAt : null,
    ackedBy: closing ? a.ackedBy : null,
    ackComment: closing ? a.ackComment : null,
    reminders: closing ? a.reminders : 0,
    ...closedIf(to, at, by),
  };
}
