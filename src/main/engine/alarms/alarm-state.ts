// The ISA-18.2 alarm state machine, as a pure function. The skeleton covers the four states an
// alarm passes through on its own; shelving, suppression and out-of-service come with the
// alarm-management work and extend this table, not the service around it.
import type { AlarmState } from '../../../shared/domain';

export type AlarmEvent = 'activate' | 'clear' | 'acknowledge';

const TRANSITIONS: Record<AlarmState, Partial<Record<AlarmEvent, AlarmState>>> = {
  normal: { activate: 'unack_active', clear: 'normal' },
  unack_active: { activate: 'unack_active', clear: 'unack_rtn', acknowledge: 'ack_active' },
  ack_active: { activate: 'ack_active', clear: 'normal' },
  // Returned to normal before anyone saw it: it stays in the queue until acknowledged.
  unack_rtn: { activate: 'unack_active', clear: 'unack_rtn', acknowledge: 'normal' },
};

/** The state after `event`, or undefined when the event does not apply (e.g. acknowledging twice). */
export function nextAlarmState(state: AlarmState, event: AlarmEvent): AlarmState | undefined {
  return TRANSITIONS[state][event];
}

export function isOpen(state: AlarmState): boolean {
  return state !== 'normal';
}

export function isActive(state: AlarmState): boolean {
  return state === 'unack_active' || state === 'ack_active';
}
