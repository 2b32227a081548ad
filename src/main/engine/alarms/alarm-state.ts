// The ISA-18.2 alarm state machine, as a pure table. Process events (activate, clear) move an
// alarm through its own life; operator and design events (shelve, suppress, out of service)
// take it out of annunciation and, when they end, re-evaluate it against the condition as it
// stands then. An event missing from a state's row is illegal there (INVALID_STATE).
import type { AlarmState } from '../../../shared/domain';

export type AlarmEvent =
  | 'activate'
  | 'clear'
  | 'acknowledge'
  | 'shelve'
  | 'unshelve'
  | 'suppress'
  | 'unsuppress'
  | 'remove_from_service'
  | 'return_to_service'
  | 'resolve';

export const ALARM_EVENTS: readonly AlarmEvent[] = [
  'activate',
  'clear',
  'acknowledge',
  'shelve',
  'unshelve',
  'suppress',
  'unsuppress',
  'remove_from_service',
  'return_to_service',
  'resolve',
];

/** A target that depends on the condition at that moment: active → unack_active, else normal. */
const REEVALUATE = 'reevaluate' as const;
type Target = AlarmState | typeof REEVALUATE;

const OPEN_OPERATIONS = {
  shelve: 'shelved',
  suppress: 'suppressed',
  remove_from_service: 'out_of_service',
  resolve: 'normal',
} as const satisfies Partial<Record<AlarmEvent, Target>>;

const TRANSITIONS: Record<AlarmState, Partial<Record<AlarmEvent, Target>>> = {
  normal: { activate: 'unack_active', clear: 'normal' },
  unack_active: { activate: 'unack_active', clear: 'unack_rtn', acknowledge: 'ack_active', ...OPEN_OPERATIONS },
  ack_active: { activate: 'ack_active', clear: 'normal', ...OPEN_OPERATIONS },
  // Returned to normal before anyone saw it: it stays in the queue until acknowledged.
  unack_rtn: { activate: 'unack_active', clear: 'unack_rtn', acknowledge: 'normal', ...OPEN_OPERATIONS },
  // Hidden states follow the condition silently and re-evaluate when they end.
  shelved: {
    activate: 'shelved',
    clear: 'shelved',
    unshelve: REEVALUATE,
    suppress: 'shelved',
    remove_from_service: 'out_of_service',
    resolve: 'normal',
  },
  suppressed: {
    activate: 'suppressed',
    clear: 'suppressed',
    unsuppress: REEVALUATE,
    suppress: 'suppressed',
    remove_from_service: 'out_of_service',
    resolve: 'normal',
  },
  // Under maintenance: nothing but a return to service applies.
  out_of_service: { activate: 'out_of_service', clear: 'out_of_service', return_to_service: REEVALUATE },
};

/**
 * The state after `event`, or undefined when the event does not apply (acknowledging twice,
 * shelving an alarm under maintenance). `conditionActive` decides where re-evaluating events land.
 */
export function nextAlarmState(state: AlarmState, event: AlarmEvent, conditionActive = false): AlarmState | undefined {
  const target = TRANSITIONS[state][event];
  if (target === REEVALUATE) return conditionActive ? 'unack_active' : 'normal';
  return target;
}

export function isOpen(state: AlarmState): boolean {
  return state !== 'normal';
}

/** Annunciated as active (in the operator's queue as a standing alarm). */
export function isActive(state: AlarmState): boolean {
  return state === 'unack_active' || state === 'ack_active';
}

export function isUnacknowledged(state: AlarmState): boolean {
  return state === 'unack_active' || state === 'unack_rtn';
}

/** Taken out of annunciation by an operator or by design. */
export function isHidden(state: AlarmState): boolean {
  return state === 'shelved' || state === 'suppressed' || state === 'out_of_service';
}
