import { describe, expect, it } from 'vitest';
import { raisedAlarm, type Alarm, type AlarmState, type Priority } from './domain';
import { BLOCKING_ALARM_QUERY, blockingAlarmsOf } from './blocking-alarms';
import { AlarmListParams } from './contract/alarms';

let nextId = 1;
function alarm(priority: Priority, state: AlarmState, extra: Partial<Alarm> = {}): Alarm {
  const id = nextId++;
  return {
    ...raisedAlarm({
      key: `device-00${id}/temperature/high`,
      deviceId: `device-00${id}`,
      signal: 'temperature',
      kind: 'high',
      area: 'default',
      priority,
      value: 91,
      limit: 85,
      at: 1_000 + id,
    }),
    id,
    state,
    ...extra,
  };
}

describe('blocking alarms (what keeps a station from installing an update)', () => {
  it('are the active, unacknowledged alarms of high priority or above', () => {
    const high = alarm('high', 'unack_active');
    const critical = alarm('critical', 'unack_active');
    const others = [
      alarm('medium', 'unack_active'),
      alarm('low', 'unack_active'),
      alarm('critical', 'ack_active'),
      alarm('critical', 'unack_rtn'),
      alarm('high', 'shelved'),
      alarm('high', 'suppressed'),
      alarm('critical', 'out_of_service'),
      alarm('high', 'normal'),
    ];
    const blocking = blockingAlarmsOf([...others, high, critical]);
    expect(blocking.map((b) => b.id)).toEqual([String(critical.id), String(high.id)]);
    expect(blocking[1]).toEqual({
      id: String(high.id),
      device: high.deviceId,
      signal: 'temperature',
      priority: 'high',
      message: 'high alarm: 91 (limit 85)',
    });
  });

  it('names a device-wide alarm without a signal, and keeps the message detection wrote', () => {
    const offline = alarm('critical', 'unack_active', {
      signal: '*',
      kind: 'offline',
      limit: null,
      message: 'no data for 45 s',
    });
    expect(blockingAlarmsOf([offline])).toEqual([
      {
        id: String(offline.id),
        device: offline.deviceId,
        signal: null,
        priority: 'critical',
        message: 'no data for 45 s',
      },
    ]);
  });

  it('lists the oldest first within a priority', () => {
    const late = alarm('high', 'unack_active', { raisedAt: 5_000 });
    const early = alarm('high', 'unack_active', { raisedAt: 2_000 });
    expect(blockingAlarmsOf([late, early]).map((b) => b.id)).toEqual([String(early.id), String(late.id)]);
  });

  it('asks an engine for exactly those alarms with parameters alarms.list accepts', () => {
    const parsed = AlarmListParams.parse(BLOCKING_ALARM_QUERY);
    expect(parsed.states).toEqual(['unack_active']);
    expect([...(parsed.priorities ?? [])].sort()).toEqual(['critical', 'high']);
  });
});
