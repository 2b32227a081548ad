// The alarm service against a real state.db, with a fake engine clock: lifecycle, operator
// actions, delays, chattering, escalation, suppression by design, shelve expiry and floods.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FloodStatus } from '../../../shared/contract/alarms';
import type { Alarm, AlarmKind, Priority } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { openStateDb, type StateDb } from '../state/state-db';
import type { AlarmEvent } from './alarm-events';
import { alarmKpis } from './alarm-kpis';
import { AlarmService, alarmKey, type AlarmServiceOptions, type ConditionInput } from './alarm-service';
import { AlarmStore } from './alarm-store';

const MIN = 60_000;

function cond(active: boolean, extra: Partial<ConditionInput> & { kind?: AlarmKind; priority?: Priority } = {}) {
  const priority = extra.priority ?? 'high';
  return { kind: 'high' as AlarmKind, active, limit: priority === 'critical' ? 95 : 85, priority, ...extra };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.code;
    throw e;
  }
  return undefined;
}

describe('AlarmService', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: StateDb;
  let store: AlarmStore;
  let service: AlarmService;
  let now: number;
  let events: AlarmEvent[];
  let floods: FloodStatus[];
  const areas: Record<string, string> = { d1: 'line-a', d2: 'line-a', d3: '' };

  const make = (options: Partial<AlarmServiceOptions> = {}) => {
    const s = new AlarmService(store, {
      clock: () => now,
      tickMs: 0,
      areaOf: (id) => areas[id],
      escalateAfterMs: 5 * MIN,
      chattering: { maxChanges: 4, windowMs: MIN },
      flood: { threshold: 10, windowMs: 10 * MIN, endBelow: 5 },
      ...options,
    });
    s.start();
    s.onEvent((e) => events.push(e));
    s.onFlood((f) => floods.push(f));
    return s;
  };

  beforeEach(() => {
    dir = makeTempDir('wf-alarms-');
    db = openStateDb(dir.path);
    store = new AlarmStore(db);
    now = 1_000_000;
    events = [];
    floods = [];
    service = make();
  });

  afterEach(() => {
    service.stop();
    db.close();
    dir.remove();
  });

  const only = () => {
    const open = store.list({ limit: 10 });
    expect(open).toHaveLength(1);
    return open[0]!;
  };
  const journal = (id: number) => store.journal(id).map((j) => [j.event, j.from, j.to]);

  it('raises one alarm for a crossing, with the area of its device, and ignores readings while it stays active', () => {
    service.apply('d1', 'temperature', cond(true, { message: 'temperature 90 > hi 85' }), 90, 1000);
    service.apply('d1', 'temperature', cond(true), 92, 2000);
    expect(only()).toMatchObject({
      state: 'unack_active',
      value: 90,
      limit: 85,
      raisedAt: 1000,
      count: 1,
      area: 'line-a',
      conditionActive: true,
      message: 'temperature 90 > hi 85',
    });
    expect(events.map((e) => e.type)).toEqual(['raised']);
  });

  it('keeps a return before acknowledgement until acknowledged, journaling who, when and the comment', () => {
    service.apply('d1', 'temperature', cond(true), 90, 1000);
    service.apply('d1', 'temperature', cond(false), 70, 2000);
    const returned = only();
    expect(returned).toMatchObject({ state: 'unack_rtn', returnedAt: 2000 });
    const acked = service.acknowledge(returned.id, 'alice', 'sensor cable reseated', 3000);
    expect(acked).toMatchObject({ state: 'normal', ackedBy: 'alice', closedAt: 3000, closedBy: 'alice' });
    expect(store.list({ limit: 10 })).toEqual([]);
    expect(store.journal(returned.id)).toEqual([
      expect.objectContaining({ event: 'raised', from: 'normal', to: 'unack_active', by: 'system', at: 1000 }),
      expect.objectContaining({ event: 'returned', from: 'unack_active', to: 'unack_rtn', at: 2000 }),
      expect.objectContaining({
        event: 'acknowledged',
        from: 'unack_rtn',
        to: 'normal',
        by: 'alice',
        comment: 'sensor cable reseated',
        at: 3000,
      }),
    ]);
    expect(store.history({ limit: 10 }).map((a) => a.id)).toEqual([returned.id]);
  });

  it('counts a repeat on the open row (count and last-seen), never a new row', () => {
    service.apply('d1', 'temperature', cond(true), 90, 1000);
    service.apply('d1', 'temperature', cond(false), 70, 2000);
    service.apply('d1', 'temperature', cond(true), 93, 3000);
    expect(only()).toMatchObject({ state: 'unack_active', count: 2, lastAt: 3000, raisedAt: 1000, value: 93 });
  });

  it('stores a detector without a limit (NaN) as no limit', () => {
    service.apply('d1', '*', cond(true, { kind: 'offline', limit: Number.NaN }), 45, 1000);
    expect(only()).toMatchObject({ kind: 'offline', limit: null, signal: '*' });
  });

  it('raises priority when a worse limit is crossed while active', () => {
    service.apply('d1', 'p', cond(true), 90, 1000);
    service.apply('d1', 'p', cond(true, { priority: 'critical' }), 99, 2000);
    expect(only()).toMatchObject({ priority: 'critical', limit: 95 });
    expect(events.map((e) => e.type)).toEqual(['raised', 'escalated']);
  });

  describe('operator actions', () => {
    let id: number;
    beforeEach(() => {
      service.apply('d1', 'temperature', cond(true), 90, 1000);
      id = only().id;
    });

    it('refuses to acknowledge twice, or an unknown or closed alarm, with codes', () => {
      service.acknowledge(id, 'a', undefined, 1100);
      expect(codeOf(() => service.acknowledge(id, 'a', undefined, 1200))).toBe('INVALID_STATE');
      expect(codeOf(() => service.acknowledge(424242, 'a', undefined, 1200))).toBe('NOT_FOUND');
      service.apply('d1', 'temperature', cond(false), 70, 1300); // ack_active → normal: closed
      expect(codeOf(() => service.acknowledge(id, 'a', undefined, 1400))).toBe('INVALID_STATE');
    });

    it('bulk-acknowledges, reporting each alarm on its own', () => {
      service.apply('d2', 'temperature', cond(true), 90, 1000);
      const other = store.list({ devices: ['d2'], limit: 1 })[0]!.id;
      service.acknowledge(other, 'bob', undefined, 1050);
      const results = service.acknowledgeMany([id, other, 999], 'alice', 'seen', 1100);
      expect(results.map((r) => [r.id, r.ok, r.code])).toEqual([
        [id, true, null],
        [other, false, 'INVALID_STATE'],
        [999, false, 'NOT_FOUND'],
      ]);
      expect(store.get(id)).toMatchObject({ state: 'ack_active', ackedBy: 'alice', ackComment: 'seen' });
    });

    it('resolves only with a comment, and the resolution is journaled and in history', () => {
      expect(codeOf(() => service.resolve(id, 'alice', '   ', 2000))).toBe('BAD_REQUEST');
      const resolved = service.resolve(id, 'alice', 'replaced the thermocouple', 2000);
      expect(resolved).toMatchObject({ state: 'normal', closedBy: 'alice', closeComment: 'replaced the thermocouple' });
      expect(journal(id).at(-1)).toEqual(['resolved', 'unack_active', 'normal']);
      expect(store.history({ limit: 5 })[0]!.id).toBe(id);
    });

    it('shelves until a time with a reason, hides it from annunciation, and unshelves at expiry', () => {
      expect(codeOf(() => service.shelve(id, 'alice', '', now + MIN, now))).toBe('BAD_REQUEST');
      expect(codeOf(() => service.shelve(id, 'alice', 'known', now - 1, now))).toBe('BAD_REQUEST');
      const shelved = service.shelve(id, 'alice', 'sensor being replaced', now + 10 * MIN, now);
      expect(shelved).toMatchObject({ state: 'shelved', shelvedBy: 'alice', shelveReason: 'sensor being replaced' });
      expect(codeOf(() => service.acknowledge(id, 'a', undefined, now))).toBe('INVALID_STATE');
      // The condition clears and comes back while shelved: followed silently, counted.
      service.apply('d1', 'temperature', cond(false), 70, 5000);
      service.apply('d1', 'temperature', cond(true), 91, 6000);
      expect(store.get(id)).toMatchObject({ state: 'shelved', count: 2, conditionActive: true });

      now += 9 * MIN;
      service.tick(now);
      expect(store.get(id)!.state).toBe('shelved');
      now += 2 * MIN;
      service.tick(now);
      expect(store.get(id)).toMatchObject({ state: 'unack_active', shelvedUntil: null });
      expect(store.journal(id).at(-1)).toMatchObject({ event: 'unshelved', by: 'system', comment: 'shelve expired' });
    });

    it('unshelving an alarm whose condition cleared meanwhile closes it', () => {
      service.shelve(id, 'alice', 'noise', now + MIN, now);
      service.apply('d1', 'temperature', cond(false), 70, 5000);
      expect(service.unshelve(id, 'alice', undefined, now + 1000)).toMatchObject({ state: 'normal' });
    });

    it('takes an alarm out of service with a comment and back, where only return to service applies', () => {
      expect(codeOf(() => service.removeFromService(id, 'eve', '', now))).toBe('BAD_REQUEST');
      service.removeFromService(id, 'eve', 'calibration', now);
      expect(codeOf(() => service.shelve(id, 'eve', 'x', now + MIN, now))).toBe('INVALID_STATE');
      expect(codeOf(() => service.resolve(id, 'eve', 'x', now))).toBe('INVALID_STATE');
      expect(codeOf(() => service.unshelve(id, 'eve', undefined, now))).toBe('INVALID_STATE');
      expect(service.returnToService(id, 'eve', 'calibrated', now + 1)).toMatchObject({ state: 'unack_active' });
      expect(journal(id).slice(-2)).toEqual([
        ['out_of_service', 'unack_active', 'out_of_service'],
        ['in_service', 'out_of_service', 'unack_active'],
      ]);
    });
  });

  describe('delays and chattering', () => {
    it('raises only after the on-delay, judged on reading time; a shorter excursion raises nothing', () => {
      const c = (active: boolean) => cond(active, { onDelayMs: 10_000, offDelayMs: 0 });
      service.apply('d1', 't', c(true), 90, 0);
      service.apply('d1', 't', c(true), 90, 5_000);
      service.apply('d1', 't', c(false), 80, 6_000);
      service.apply('d1', 't', c(true), 90, 7_000);
      service.apply('d1', 't', c(true), 90, 16_000);
      expect(store.list({ limit: 10 })).toEqual([]);
      service.apply('d1', 't', c(true), 91, 17_000);
      expect(only()).toMatchObject({ state: 'unack_active', raisedAt: 17_000, value: 91 });
    });

    it('returns only after the off-delay; a brief dip keeps it active', () => {
      const c = (active: boolean) => cond(active, { onDelayMs: 0, offDelayMs: 10_000 });
      service.apply('d1', 't', c(true), 90, 0);
      service.apply('d1', 't', c(false), 80, 1_000);
      service.apply('d1', 't', c(true), 90, 2_000);
      service.apply('d1', 't', c(false), 80, 3_000);
      service.apply('d1', 't', c(false), 80, 12_000);
      expect(only()).toMatchObject({ state: 'unack_active', count: 1 });
      service.apply('d1', 't', c(false), 80, 13_000);
      expect(only()).toMatchObject({ state: 'unack_rtn', returnedAt: 13_000 });
    });

    it('marks an alarm chattering after more than n changes within t, once', () => {
      for (let i = 0; i < 6; i++) {
        service.apply('d1', 't', cond(i % 2 === 0), i % 2 === 0 ? 90 : 80, i * 1000);
        now += 1000;
      }
      const a = only();
      expect(a.chattering).toBe(true);
      expect(events.filter((e) => e.type === 'chattering')).toHaveLength(1);
      expect(store.journal(a.id).filter((j) => j.event === 'chattering')).toHaveLength(1);
    });

    it('holds a chattering alarm until its condition has stayed clear for the window: one alarm, no new raises', () => {
      for (let i = 0; i < 6; i++) {
        service.apply('d1', 't', cond(i % 2 === 0), i % 2 === 0 ? 90 : 80, now);
        now += 1000;
      }
      expect(only()).toMatchObject({ chattering: true, conditionActive: true });
      const annunciations = () => events.filter((e) => e.type === 'raised' || e.type === 'reactivated').length;
      const before = annunciations();
      // It keeps flickering for half a minute (ending active): nothing is raised again, and it stays one row.
      for (let i = 0; i <= 30; i++) {
        service.apply('d1', 't', cond(i % 2 === 0), i % 2 === 0 ? 90 : 80, now);
        now += 1000;
      }
      expect(only()).toMatchObject({ conditionActive: true });
      expect(annunciations()).toBe(before);
      // Clear for less than the window (1 min): still held; for the whole window: it returns.
      const clearFrom = now;
      service.apply('d1', 't', cond(false), 80, clearFrom);
      service.apply('d1', 't', cond(false), 80, clearFrom + 59_000);
      expect(only().conditionActive).toBe(true);
      service.apply('d1', 't', cond(false), 80, clearFrom + MIN);
      expect(only()).toMatchObject({ conditionActive: false, state: 'unack_rtn' });
    });

    it('does not call slow changes chattering', () => {
      for (let i = 0; i < 8; i++) {
        service.apply('d1', 't', cond(i % 2 === 0), 90, i * 1000);
        now += 30_000;
      }
      expect(only().chattering).toBe(false);
    });
  });

  describe('escalation', () => {
    it('raises priority and reminds every interval until acknowledged', () => {
      service.apply('d1', 't', cond(true, { priority: 'medium' }), 90, now);
      const id = only().id;
      now += 4 * MIN;
      service.tick(now);
      expect(events.map((e) => e.type)).toEqual(['raised']);
      now += MIN;
      service.tick(now);
      expect(store.get(id)).toMatchObject({ priority: 'high', reminders: 1 });
      now += 5 * MIN;
      service.tick(now);
      now += 5 * MIN;
      service.tick(now);
      expect(store.get(id)).toMatchObject({ priority: 'critical', reminders: 3 });
      expect(events.map((e) => e.type)).toEqual(['raised', 'escalated', 'escalated', 'reminder']);
      expect(events.at(-1)!.comment).toBe('unacknowledged for 15 min');

      service.acknowledge(id, 'alice', undefined, now);
      now += 30 * MIN;
      service.tick(now);
      expect(events.at(-1)!.type).toBe('acknowledged');
    });

    it('never escalates or reminds an alarm that returned to normal; if it comes back, the wait starts again', () => {
      service.apply('d1', 't', cond(true, { priority: 'medium' }), 90, now);
      const id = only().id;
      now += 2 * MIN;
      service.apply('d1', 't', cond(false), 80, now);
      expect(only().state).toBe('unack_rtn');
      for (let i = 0; i < 6; i++) {
        now += 5 * MIN;
        service.tick(now);
      }
      expect(store.get(id)).toMatchObject({ priority: 'medium', reminders: 0, state: 'unack_rtn' });
      expect(events.map((e) => e.type)).toEqual(['raised', 'returned']);

      service.apply('d1', 't', cond(true, { priority: 'medium' }), 91, now);
      now += 4 * MIN;
      service.tick(now);
      expect(store.get(id)).toMatchObject({ priority: 'medium', reminders: 0 });
      now += MIN;
      service.tick(now);
      expect(store.get(id)).toMatchObject({ priority: 'high', reminders: 1, state: 'unack_active' });
    });

    it('uses the configured interval', () => {
      service.stop();
      service = make({ escalateAfterMs: MIN });
      service.apply('d1', 't', cond(true), 90, now);
      now += MIN;
      service.tick(now);
      expect(events.map((e) => e.type)).toEqual(['raised', 'escalated']);
    });
  });

  describe('suppression by design', () => {
    it('suppresses a device’s signal alarms while its offline alarm stands, and brings them back after', () => {
      service.apply('d1', 'temperature', cond(true), 90, 1000);
      service.apply('d1', 'pressure', cond(true), 60, 1000);
      service.apply('d2', 'temperature', cond(true), 90, 1000);
      const offline = cond(true, { kind: 'offline', limit: 30, priority: 'high' });
      service.apply('d1', '*', offline, 45, 2000);
      const states = () =>
        Object.fromEntries(store.list({ limit: 10 }).map((a) => [`${a.deviceId}/${a.signal}/${a.kind}`, a.state]));
      expect(states()).toEqual({
        'd1/temperature/high': 'suppressed',
        'd1/pressure/high': 'suppressed',
        'd1/*/offline': 'unack_active',
        'd2/temperature/high': 'unack_active',
      });
      // A new signal alarm while offline is recorded, suppressed, and not annunciated.
      service.apply('d1', 'vibration', cond(true), 130, 2500);
      expect(states()['d1/vibration/high']).toBe('suppressed');
      expect(events.filter((e) => e.type === 'raised').map((e) => e.alarm.key)).not.toContain(
        alarmKey('d1', 'vibration', 'high'),
      );
      // The temperature returned while the device was away.
      service.apply('d1', 'temperature', cond(false), 70, 2600);

      service.apply('d1', '*', { ...offline, active: false }, 0, 3000);
      expect(states()).toEqual({
        'd1/pressure/high': 'unack_active',
        'd1/vibration/high': 'unack_active',
        'd1/*/offline': 'unack_rtn',
        'd2/temperature/high': 'unack_active',
      });
    });
  });

  describe('flood', () => {
    it('starts a flood above 10 new alarms in 10 min per area, ends it when the rate drops, and counts it in KPIs', () => {
      for (let i = 0; i < 11; i++) {
        service.apply('d1', `s${i}`, cond(true), 90, now);
        now += 10_000;
      }
      // Another area is not in flood.
      service.apply('d3', 'x', cond(true), 90, now);
      expect(floods).toEqual([expect.objectContaining({ area: 'line-a', active: true, newInWindow: 11 })]);
      expect(service.floodStatus()).toEqual([
        expect.objectContaining({ area: 'default', active: false }),
        expect.objectContaining({ area: 'line-a', active: true }),
      ]);
      const start = now;
      now += 11 * MIN;
      service.tick(now);
      expect(floods.at(-1)).toMatchObject({ area: 'line-a', active: false });
      const kpis = alarmKpis(
        store,
        store.open(),
        { from: start - 20 * MIN, to: start + 20 * MIN },
        now,
        start - 20 * MIN,
      );
      const lineA = kpis.areas.find((a) => a.area === 'line-a')!;
      expect(lineA.peakPer10Min).toBe(11);
      expect(lineA.floodPercent).toBeGreaterThan(20);
      expect(lineA.floodPercent).toBeLessThan(40);
    });
  });

  it('reloads open alarms after a restart and keeps deduplicating', () => {
    service.apply('d1', 'temperature', cond(true), 90, 1000);
    service.stop();
    const again = make();
    again.apply('d1', 'temperature', cond(true), 95, 5000);
    expect(store.list({ limit: 10 })).toHaveLength(1);
    expect(again.isConditionActive(alarmKey('d1', 'temperature', 'high'))).toBe(true);
    again.apply('d1', 'temperature', cond(false), 60, 6000);
    expect(only().state).toBe('unack_rtn');
    service = again;
  });

  it('keeps open alarms in step with the store (what the queue shows is what is stored)', () => {
    const seen: Alarm[] = [];
    service.onChange((a) => seen.push(a));
    service.apply('d1', 'temperature', cond(true), 90, 1000);
    const id = only().id;
    service.acknowledge(id, 'a', undefined, 1100);
    expect(seen.map((a) => a.state)).toEqual(['unack_active', 'ack_active']);
    expect(store.get(id)).toEqual(seen.at(-1));
  });
});
