// Areas with their alarm counts and worst status, and the worst-first order, all read from the
// one status derivation (src/shared/device-status.ts).
import { describe, expect, it } from 'vitest';
import { raisedAlarm, type Alarm, type AlarmState, type Device, type Priority } from '../../../../shared/domain';
import { areaSummaries, orderWorstFirst, sharedNamePrefix, statusesOf } from './wall-groups';

const NOW = Date.UTC(2026, 11, 6, 12);
const device = (id: string, area: string): Device =>
  ({
    id,
    name: id,
    kind: 'pressure',
    location: '',
    area,
    signals: [{ key: 'p', unit: '', limits: {}, intervalMs: 1000 }],
  }) as unknown as Device;
let nextId = 1;
function alarm(deviceId: string, state: AlarmState, priority: Priority, kind: Alarm['kind'] = 'high'): Alarm {
  const id = nextId++;
  return {
    ...raisedAlarm({
      id,
      key: `${deviceId}/p/${kind}/${id}`,
      deviceId,
      signal: 'p',
      kind,
      area: 'x',
      priority,
      value: 60,
      limit: 55,
      message: null,
      at: NOW - 60_000,
    }),
    state,
  };
}

const devices = [device('a1', 'A'), device('a2', 'A'), device('b1', 'B'), device('b2', 'B'), device('c1', '')];

describe('areas and worst first', () => {
  const alarms = [
    alarm('a2', 'unack_rtn', 'critical'),
    alarm('b1', 'ack_active', 'low'),
    alarm('b2', 'unack_active', 'high'),
    alarm('b2', 'unack_active', 'medium'),
    alarm('a1', 'unack_active', 'high', 'trend'),
  ];
  const statuses = statusesOf(devices, { alarms, deaths: { c1: NOW - 120_000 }, now: NOW });

  it('counts active alarms by priority per area, predictions and returned alarms apart', () => {
    const areas = areaSummaries(devices, statuses, alarms, false);
    expect(areas.map((a) => a.area)).toEqual(['A', 'B', 'default']);
    expect(areas[0]!.counts).toEqual({ critical: 0, high: 0, medium: 0, low: 0 });
    expect(areas[1]!.counts).toEqual({ critical: 0, high: 1, medium: 1, low: 1 });
  });

  it("gives each area its worst device's status", () => {
    const [a, b, other] = areaSummaries(devices, statuses, alarms, false);
    expect(a!.worst.level).toBe('returned');
    expect(b!.worst).toMatchObject({ level: 'alarm', priority: 'high' });
    expect(other!.worst.level).toBe('offline');
  });

  it('orders the worst first by the one status: active, offline, returned, prediction, normal', () => {
    const order = orderWorstFirst(devices, statuses).map((d) => d.id);
    expect(order).toEqual(['b2', 'b1', 'c1', 'a2', 'a1']);
    // Within an area too, when asked; otherwise the engine's order stays.
    expect(areaSummaries(devices, statuses, alarms, true)[1]!.devices.map((d) => d.id)).toEqual(['b2', 'b1']);
    expect(areaSummaries(devices, statuses, [], false)[1]!.devices.map((d) => d.id)).toEqual(['b1', 'b2']);
  });
});

describe('sharedNamePrefix', () => {
  it('drops the whole words an area’s names share, never a whole name', () => {
    expect(sharedNamePrefix(['Unit 001', 'Unit 002', 'Unit 100'])).toBe('Unit ');
    expect(sharedNamePrefix(['Pump-1', 'Pump-2'])).toBe('Pump-');
    expect(sharedNamePrefix(['Pump 1', 'Press 2'])).toBe('');
    expect(sharedNamePrefix(['Unit', 'Unit 2'])).toBe('');
    expect(sharedNamePrefix(['Unit 1'])).toBe('');
  });
});
