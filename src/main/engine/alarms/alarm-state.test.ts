// Every (state, event) pair of the ISA-18.2 table, written out: a legal one lands where the
// standard says, an illegal one is refused (the service turns that into INVALID_STATE).
import { describe, expect, it } from 'vitest';
import type { AlarmState } from '../../../shared/domain';
import { ALARM_EVENTS, nextAlarmState, type AlarmEvent } from './alarm-state';

type Row = Partial<Record<AlarmEvent, AlarmState | [whenActive: AlarmState, whenClear: AlarmState]>>;

const EXPECTED: Record<AlarmState, Row> = {
  normal: { activate: 'unack_active', clear: 'normal' },
  unack_active: {
    activate: 'unack_active',
    clear: 'unack_rtn',
    acknowledge: 'ack_active',
    shelve: 'shelved',
    suppress: 'suppressed',
    remove_from_service: 'out_of_service',
    resolve: 'normal',
  },
  ack_active: {
    activate: 'ack_active',
    clear: 'normal',
    shelve: 'shelved',
    suppress: 'suppressed',
    remove_from_service: 'out_of_service',
    resolve: 'normal',
  },
  unack_rtn: {
    activate: 'unack_active',
    clear: 'unack_rtn',
    acknowledge: 'normal',
    shelve: 'shelved',
    suppress: 'suppressed',
    remove_from_service: 'out_of_service',
    resolve: 'normal',
  },
  shelved: {
    activate: 'shelved',
    clear: 'shelved',
    unshelve: ['unack_active', 'normal'],
    suppress: 'shelved',
    remove_from_service: 'out_of_service',
    resolve: 'normal',
  },
  suppressed: {
    activate: 'suppressed',
    clear: 'suppressed',
    unsuppress: ['unack_active', 'normal'],
    suppress: 'suppressed',
    remove_from_service: 'out_of_service',
    resolve: 'normal',
  },
  out_of_service: {
    activate: 'out_of_service',
    clear: 'out_of_service',
    return_to_service: ['unack_active', 'normal'],
  },
};

const cases = (Object.keys(EXPECTED) as AlarmState[]).flatMap((state) =>
  ALARM_EVENTS.map((event) => [state, event, EXPECTED[state][event]] as const),
);

describe('nextAlarmState (ISA-18.2)', () => {
  it.each(cases)('%s --%s--> %j', (state, event, expected) => {
    if (expected === undefined) {
      expect(nextAlarmState(state, event, true)).toBeUndefined();
      expect(nextAlarmState(state, event, false)).toBeUndefined();
    } else if (Array.isArray(expected)) {
      expect(nextAlarmState(state, event, true)).toBe(expected[0]);
      expect(nextAlarmState(state, event, false)).toBe(expected[1]);
    } else {
      expect(nextAlarmState(state, event, true)).toBe(expected);
      expect(nextAlarmState(state, event, false)).toBe(expected);
    }
  });

  it('covers all seven states and ten events', () => {
    expect(cases).toHaveLength(70);
  });
});
