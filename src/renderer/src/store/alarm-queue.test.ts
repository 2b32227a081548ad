// The order and content of the operator's queue, and what the header and the wall derive from it.
import { describe, expect, it } from 'vitest';
import { raisedAlarm, type Alarm } from '../../../shared/domain';
import { alarmQueue, countUnacknowledged, formatLimit, groupByDeviceAndCause, hiddenAlarms } from './alarm-queue';

let nextId = 1;
function alarm(over: Partial<Alarm>): Alarm {
  const id = over.id ?? nextId++;
  const base = raisedAlarm({
    id,
    key: `d/s/high/${id}`,
    deviceId: 'device-001',
    signal: 'temperature',
    kind: 'high',
    area: 'default',
    priority: 'high',
    value: 90,
    limit: 85,
    at: 1000,
  });
  return { ...base, ...over };
}

describe('alarm queue', () => {
  it('orders by priority, then newest raised first', () => {
    const oldCritical = alarm({ id: 1, priority: 'critical', raisedAt: 100 });
    const newLow = alarm({ id: 2, priority: 'low', raisedAt: 900 });
    const oldHigh = alarm({ id: 3, priority: 'high', raisedAt: 200 });
    const newHigh = alarm({ id: 4, priority: 'high', raisedAt: 800 });
    const medium = alarm({ id: 5, priority: 'medium', raisedAt: 500 });
    expect(alarmQueue([newLow, oldHigh, medium, oldCritical, newHigh]).map((a) => a.id)).toEqual([1, 4, 3, 5, 2]);
  });

  it('leaves alarms that returned to normal and were acknowledged out of the queue', () => {
    const q = alarmQueue([
      alarm({ id: 10, state: 'normal' }),
      alarm({ id: 11, state: 'unack_rtn' }),
      alarm({ id: 12, state: 'ack_active' }),
    ]);
    expect(q.map((a) => a.id).sort()).toEqual([11, 12]);
  });

  it('counts what still needs an acknowledgement, returned or not', () => {
    expect(
      countUnacknowledged([
        alarm({ state: 'unack_active' }),
        alarm({ state: 'unack_rtn' }),
        alarm({ state: 'ack_active' }),
        alarm({ state: 'normal' }),
      ]),
    ).toBe(2);
  });

  it('shows the limit with the direction it was crossed', () => {
    expect(formatLimit({ kind: 'high', limit: 85 })).toBe('> 85');
    expect(formatLimit({ kind: 'low', limit: 15 })).toBe('< 15');
  });
});

describe('alarm queue filters and flood grouping', () => {
  const list = [
    alarm({ id: 21, deviceId: 'a', area: 'north', priority: 'critical', kind: 'high' }),
    alarm({ id: 22, deviceId: 'a', area: 'north', priority: 'low', kind: 'high', state: 'ack_active' }),
    alarm({ id: 23, deviceId: 'b', area: 'south', priority: 'high', kind: 'offline' }),
    alarm({ id: 24, deviceId: 'a', area: 'north', priority: 'high', kind: 'rate', state: 'shelved' }),
    alarm({ id: 25, deviceId: 'b', area: 'south', priority: 'medium', kind: 'low', state: 'suppressed' }),
  ];

  it('filters by state, priority, device and area together', () => {
    const f = { states: [], priorities: [], devices: [], areas: [] };
    expect(alarmQueue(list, { ...f, areas: ['north'] }).map((a) => a.id)).toEqual([21, 22]);
    expect(alarmQueue(list, { ...f, priorities: ['high', 'low'] }).map((a) => a.id)).toEqual([23, 22]);
    expect(alarmQueue(list, { ...f, devices: ['a'], states: ['ack_active'] }).map((a) => a.id)).toEqual([22]);
  });

  it('keeps shelved, suppressed and out-of-service alarms out of the queue, in their own list', () => {
    expect(alarmQueue(list).map((a) => a.id)).toEqual([21, 23, 22]);
    expect(hiddenAlarms(list).map((a) => a.id)).toEqual([24, 25]);
  });

  it('groups a flood by device and cause, most urgent group first', () => {
    const groups = groupByDeviceAndCause(alarmQueue(list));
    expect(groups.map((g) => [g.deviceId, g.kind, g.alarms.map((a) => a.id), g.unacknowledged])).toEqual([
      ['a', 'high', [21, 22], 1],
      ['b', 'offline', [23], 1],
    ]);
  });

  it('shows no limit for detectors without one', () => {
    expect(formatLimit({ kind: 'offline', limit: null })).toBe('—');
  });
});
