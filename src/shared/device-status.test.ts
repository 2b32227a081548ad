// The one status of a device, as a table over every combination of its worst alarm's state and
// priority, its staleness and a prediction — and every pair of alarms — against the precedence
// written in device-status.ts: active > offline > returned-unacknowledged > shelved >
// suppressed / out of service > prediction > normal.
import { describe, expect, it } from 'vitest';
import { AlarmState, Priority, raisedAlarm, URGENCY, type Alarm } from './domain';
import { deviceStatus, roughly, type StatusLevel } from './device-status';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const MIN = 60_000;
let nextId = 1;

function alarm(state: AlarmState, priority: Priority, over: Partial<Alarm> = {}): Alarm {
  const id = nextId++;
  return {
    ...raisedAlarm({
      id,
      key: `press/pressure/high/${id}`,
      deviceId: 'press',
      signal: 'pressure',
      kind: 'high',
      area: 'Line 1',
      priority,
      value: 60,
      limit: 55,
      at: NOW - 10 * MIN,
    }),
    state,
    ...over,
  };
}

/** The trend predictor's alarm: heading for hi 55, crossing in five minutes. */
function prediction(state: AlarmState): Alarm {
  const at = new Date(NOW + 5 * MIN).toISOString();
  return alarm(state, 'medium', {
    kind: 'trend',
    value: 40,
    message: `pressure heading for hi 55 in ~300 s (at ${at})`,
  });
}

const STATES = AlarmState.options;
const PRIORITIES = Priority.options;
const STALENESS = [
  { name: 'live', offlineSince: null },
  { name: 'offline', offlineSince: NOW - 3 * MIN },
  { name: 'never reported', offlineSince: 0 },
] as const;
const PREDICTIONS = [null, 'unack_active', 'ack_active', 'unack_rtn'] as const;

const ACTIVE: AlarmState[] = ['unack_active', 'ack_active'];

/** The precedence of the module header, restated as a list of questions asked in order. */
function expectedLevel(state: AlarmState | null, offline: boolean, predicted: boolean): StatusLevel {
  if (state && ACTIVE.includes(state)) return 'alarm';
  if (offline) return 'offline';
  if (state === 'unack_rtn') return 'returned';
  if (state === 'shelved') return 'shelved';
  if (state === 'suppressed' || state === 'out_of_service') return 'suppressed';
  if (predicted) return 'predicted';
  return 'normal';
}

describe('one status per device', () => {
  const rows: [AlarmState | null, Priority, (typeof STALENESS)[number], (typeof PREDICTIONS)[number]][] = [];
  for (const state of [null, ...STATES])
    for (const priority of PRIORITIES)
      for (const stale of STALENESS)
        for (const predicted of PREDICTIONS) rows.push([state, priority, stale, predicted]);

  it.each(rows)('%s %s alarm, %o, prediction %s', (state, priority, stale, predicted) => {
    const alarms = [state && alarm(state, priority), predicted && prediction(predicted)].filter((a) => !!a);
    const offline = stale.offlineSince !== null;
    const predicting = predicted === 'unack_active' || predicted === 'ack_active';
    const s = deviceStatus({ alarms, offlineSince: stale.offlineSince, now: NOW });
    const level = expectedLevel(state, offline, predicting);
    expect(s.level).toBe(level);

    // Never "normal" while an alarm of the device is open, and a prediction never reads as an alarm.
    if (state && state !== 'normal') expect(s.level).not.toBe('normal');
    if (s.level === 'predicted' || s.level === 'normal') expect(s.priority).toBeNull();
    expect(s.word).not.toMatch(/alarm/i);

    // The words say what colour says, and the shape says it again.
    expect(s.text.length).toBeGreaterThan(0);
    switch (level) {
      case 'alarm':
        expect(s.word).toBe(priority.toUpperCase());
        expect(s.shape).toBe(priority);
        expect(s.text).toBe(
          `${priority.toUpperCase()} — ${state === 'unack_active' ? 'unacknowledged' : 'acknowledged'}` +
            (offline ? ` · offline — ${stale.offlineSince ? 'last value 3 min ago' : 'never reported'}` : ''),
        );
        expect(s.unack).toBe(state === 'unack_active');
        break;
      case 'offline':
        expect(s.word).toBe('OFFLINE');
        expect(s.text).toBe(stale.offlineSince ? 'offline — last value 3 min ago' : 'offline — never reported');
        expect(s.others).toBe(state && state !== 'normal' ? 1 : 0);
        break;
      case 'returned':
        expect(s.text).toBe(`${priority.toUpperCase()} — returned, unacknowledged`);
        expect(s.unack).toBe(true);
        expect(s.shape).toBe('returned');
        break;
      case 'shelved':
        expect(s.text).toBe(`${priority.toUpperCase()} — shelved`);
        break;
      case 'suppressed':
        expect(s.text).toBe(`${priority.toUpperCase()} — ${state === 'suppressed' ? 'suppressed' : 'out of service'}`);
        break;
      case 'predicted':
        expect(s.word).toBe('PREDICTED');
        expect(s.text).toBe('predicted to cross hi 55 in ~5 min');
        expect(s.shape).toBe('predicted');
        expect(s.unack).toBe(false);
        break;
      case 'normal':
        expect(s.word).toBe('NORMAL');
        expect(s.alarm).toBeNull();
    }
    if (level !== 'normal' && level !== 'offline' && level !== 'predicted') expect(s.alarm?.state).toBe(state);
  });

  const SHOWN: AlarmState[] = ['unack_active', 'ack_active', 'unack_rtn', 'shelved', 'suppressed', 'out_of_service'];
  const RANK: Record<string, number> = {
    unack_active: 0,
    ack_active: 0,
    unack_rtn: 2,
    shelved: 3,
    suppressed: 4,
    out_of_service: 4,
  };
  const pairs: [AlarmState, Priority, AlarmState, Priority][] = [];
  for (const s1 of SHOWN)
    for (const p1 of PRIORITIES) for (const s2 of SHOWN) for (const p2 of PRIORITIES) pairs.push([s1, p1, s2, p2]);

  it.each(pairs)('of %s %s and %s %s, shows the worse and counts the other', (s1, p1, s2, p2) => {
    const a = alarm(s1, p1);
    const b = alarm(s2, p2);
    const winner =
      RANK[s1]! !== RANK[s2]!
        ? RANK[s1]! < RANK[s2]!
          ? a
          : b
        : URGENCY[p1] !== URGENCY[p2]
          ? URGENCY[p1] > URGENCY[p2]
            ? a
            : b
          : s1 === 'unack_active' && s2 !== 'unack_active'
            ? a
            : s2 === 'unack_active' && s1 !== 'unack_active'
              ? b
              : null;
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const s = deviceStatus({ alarms: order, offlineSince: null, now: NOW });
      if (winner) expect(s.alarm).toBe(winner);
      else expect([a, b]).toContain(s.alarm);
      expect(s.others).toBe(1);
    }
  });

  it('an active low outranks a returned critical, and the critical still counts', () => {
    const s = deviceStatus({
      alarms: [alarm('unack_rtn', 'critical'), alarm('ack_active', 'low')],
      offlineSince: null,
      now: NOW,
    });
    expect(s.text).toBe('LOW — acknowledged');
    expect(s.others).toBe(1);
  });

  it('a prediction yields to any real alarm and is never counted as one', () => {
    const s = deviceStatus({
      alarms: [prediction('unack_active'), alarm('unack_rtn', 'low')],
      offlineSince: null,
      now: NOW,
    });
    expect(s.level).toBe('returned');
    expect(s.others).toBe(0);
  });

  it('a prediction below its low limit, or without a time, still says what it predicts', () => {
    const falling = alarm('unack_active', 'medium', { kind: 'trend', value: 12, limit: 5, message: null });
    expect(deviceStatus({ alarms: [falling], offlineSince: null, now: NOW }).text).toBe('predicted to cross lo 5');
    const rising = alarm('ack_active', 'medium', { kind: 'trend', value: 40, limit: 55, message: null });
    expect(deviceStatus({ alarms: [rising], offlineSince: null, now: NOW }).text).toBe('predicted to cross hi 55');
  });

  it('says a prediction whose crossing time has passed is due now', () => {
    const late = deviceStatus({ alarms: [prediction('unack_active')], offlineSince: null, now: NOW + 6 * MIN });
    expect(late.text).toBe('predicted to cross hi 55 now');
  });

  it('rounds times for a glance', () => {
    expect([roughly(45_000), roughly(3 * MIN + 10_000), roughly(3 * 3_600_000), roughly(-5)]).toEqual([
      '45 s',
      '3 min',
      '3 h',
      '0 s',
    ]);
  });
});
