// The annotation service over a real state.db, device registry and alarm store: revisions and
// CONFLICT, history, delete/restore, validation, causes, corrections, list and search, and the
// in-memory index that detection asks per reading.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Device, type Alarm } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import { AlarmStore } from '../alarms/alarm-store';
import { DeviceRegistry } from '../state/device-registry';
import { openStateDb, type StateDb } from '../state/state-db';
import type { LabelChange } from './annotation-ports';
import { AnnotationService, type CreateParams } from './annotation-service';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);

function alarmOf(deviceId: string, signal: string): Alarm {
  return {
    id: 0,
    key: `${deviceId}/${signal}/high`,
    deviceId,
    signal,
    kind: 'high',
    area: 'default',
    priority: 'high',
    state: 'normal',
    value: 99,
    limit: 85,
    message: null,
    conditionActive: false,
    raisedAt: T0,
    lastAt: T0,
    count: 1,
    returnedAt: T0 + 60_000,
    ackedAt: null,
    ackedBy: null,
    ackComment: null,
    shelvedUntil: null,
    shelvedBy: null,
    shelveReason: null,
    chattering: false,
    reminders: 0,
    closedAt: T0 + 120_000,
    closedBy: 'ops',
    closeComment: null,
  };
}

/** What the error a call throws says: its code, message and details. */
function failure(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('it did not fail');
}

describe('AnnotationService', () => {
  let dir: string;
  let db: StateDb;
  let now: number;
  let registry: DeviceRegistry;
  let alarmStore: AlarmStore;
  let service: AnnotationService;
  const stored = new Map<string, string[]>();

  function open(): AnnotationService {
    const s = new AnnotationService({
      db,
      registry,
      alarmStore,
      storedSignals: (id) => stored.get(id) ?? [],
      clock: () => now,
      log: () => {},
    });
    s.start();
    return s;
  }

  const label = (p: Partial<CreateParams> = {}, by = 'ana') =>
    service.create(
      {
        deviceId: 'press-1',
        signal: 'pressure',
        from: T0,
        to: T0 + HOUR,
        verdict: 'true-anomaly',
        cause: null,
        text: '',
        target: { type: 'range' },
        ...p,
      },
      by,
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-annotations-'));
    db = openStateDb(dir);
    now = T0 + 10 * HOUR;
    registry = new DeviceRegistry(db);
    registry.load(
      [
        Device.parse({ id: 'press-1', name: 'Press 1', signals: [{ key: 'pressure' }, { key: 'temperature' }] }),
        Device.parse({ id: 'press-2', name: 'Press 2', signals: [{ key: 'pressure' }] }),
      ],
      now,
    );
    alarmStore = new AlarmStore(db);
    stored.clear();
    service = open();
  });
  afterEach(() => {
    service.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a label by its caller at revision 1, with a create entry in its history', () => {
    const a = label({ text: 'seal blew', cause: 'equipment failure' });
    expect(a).toMatchObject({
      revision: 1,
      author: 'ana',
      updatedBy: 'ana',
      deleted: false,
      cause: 'Equipment failure',
    });
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    const { annotation, history } = service.get(a.id);
    expect(annotation).toEqual(a);
    expect(history).toEqual([
      expect.objectContaining({ revision: 1, by: 'ana', action: 'create', before: null, note: null }),
    ]);
    expect(history[0]!.after).toMatchObject({ deviceId: 'press-1', signal: 'pressure', text: 'seal blew' });
  });

  it('refuses a change made against an older revision with CONFLICT carrying the label as it is now', () => {
    const a = label();
    now += 1000;
    const b = service.update({ id: a.id, revision: 1, text: 'first edit' }, 'bo');
    expect(b).toMatchObject({ revision: 2, updatedBy: 'bo', author: 'ana', updatedAt: now, text: 'first edit' });
    const err = failure(() => service.update({ id: a.id, revision: 1, text: 'lost edit' }, 'cy'));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('bo');
    expect((err.details as { current: { text: string; revision: number } }).current).toMatchObject({
      text: 'first edit',
      revision: 2,
    });
    expect(failure(() => service.remove(a.id, 1, 'cy')).code).toBe('CONFLICT');
    expect(service.get(a.id).annotation.text).toBe('first edit');
    const history = service.get(a.id).history;
    expect(history.map((h) => [h.revision, h.action, h.by])).toEqual([
      [1, 'create', 'ana'],
      [2, 'update', 'bo'],
    ]);
    expect(history[1]!.before?.text).toBe('');
    expect(history[1]!.after?.text).toBe('first edit');
  });

  it('deletes by marking (the label stays, out of the index) and restores', () => {
    const a = label();
    expect(service.covering('press-1', 'pressure', T0 + 10, 'true-anomaly')?.id).toBe(a.id);
    const d = service.remove(a.id, 1, 'bo');
    expect(d).toMatchObject({ deleted: true, revision: 2 });
    expect(service.covering('press-1', 'pressure', T0 + 10, 'true-anomaly')).toBeUndefined();
    expect(service.get(a.id).annotation.deleted).toBe(true);
    expect(service.list({ includeDeleted: false, limit: 10 }).items).toEqual([]);
    expect(service.list({ includeDeleted: true, limit: 10 }).items.map((x) => x.id)).toEqual([a.id]);
    expect(failure(() => service.update({ id: a.id, revision: 2, text: 'x' }, 'bo')).code).toBe('INVALID_STATE');
    const r = service.restore(a.id, 2, 'cy');
    expect(r).toMatchObject({ deleted: false, revision: 3 });
    expect(service.covering('press-1', 'pressure', T0 + 10, 'true-anomaly')?.id).toBe(a.id);
    expect(service.get(a.id).history.map((h) => [h.action, h.before === null, h.after === null])).toEqual([
      ['create', true, false],
      ['delete', false, true],
      ['restore', true, false],
    ]);
  });

  it('says what is wrong with a label it refuses', () => {
    expect(failure(() => label({ deviceId: 'nowhere' })).message).toContain('no device "nowhere"');
    expect(failure(() => label({ signal: 'flow' })).message).toContain('has no signal "flow"');
    expect(failure(() => label({ cause: 'Gremlins' })).message).toMatch(/"Gremlins" is not one of the site's causes/);
    expect(failure(() => label({ target: { type: 'alarm', alarmId: 77 } })).message).toContain('no alarm 77');
    const alarm = alarmStore.insert(alarmOf('press-2', 'pressure'), {
      at: T0,
      event: 'raise',
      from: 'normal',
      to: 'unack_active',
    });
    expect(failure(() => label({ target: { type: 'alarm', alarmId: alarm.id } })).message).toContain(
      'belongs to press-2',
    );
    expect(label({ deviceId: 'press-2', target: { type: 'alarm', alarmId: alarm.id } }).target).toEqual({
      type: 'alarm',
      alarmId: alarm.id,
    });
    // A device only history knows (removed from the registry) can still be labelled.
    stored.set('old-pump', ['flow']);
    expect(label({ deviceId: 'old-pump', signal: 'flow' }).deviceId).toBe('old-pump');
    expect(label({ deviceId: 'old-pump', signal: '*' }).signal).toBe('*');
  });

  it('answers covering() per series from its own and its device-wide labels, by verdict, at the edges', () => {
    const wide = label({ signal: '*', from: T0, to: T0 + 100, verdict: 'maintenance' });
    const long = label({ from: T0 + 50, to: T0 + 10_000, verdict: 'bad-data' });
    const short = label({ from: T0 + 200, to: T0 + 300, verdict: 'bad-data' });
    const other = label({ signal: 'temperature', from: T0 + 400, to: T0 + 500, verdict: 'bad-data' });
    expect(service.covering('press-1', 'pressure', T0, 'maintenance')?.id).toBe(wide.id);
    expect(service.covering('press-1', 'temperature', T0 + 100, 'maintenance')?.id).toBe(wide.id);
    expect(service.covering('press-1', 'pressure', T0 + 101, 'maintenance')).toBeUndefined();
    // The long range started earlier still covers past the short one (found by walking back).
    expect(service.covering('press-1', 'pressure', T0 + 9_999, 'bad-data')?.id).toBe(long.id);
    expect(service.covering('press-1', 'pressure', T0 + 250, 'bad-data')?.id).toMatch(
      new RegExp(`${long.id}|${short.id}`),
    );
    expect(service.covering('press-1', 'pressure', T0 + 10_001, 'bad-data')).toBeUndefined();
    expect(service.covering('press-1', 'pressure', T0 + 450, 'bad-data')?.id).toBe(long.id);
    expect(service.covering('press-1', 'temperature', T0 + 450, 'bad-data')?.id).toBe(other.id);
    expect(service.covering('press-1', 'temperature', T0 + 600, 'bad-data')).toBeUndefined();
    expect(service.covering('press-2', 'pressure', T0 + 250, 'bad-data')).toBeUndefined();
    expect(service.rangesOf('press-1', 'pressure', T0 + 90, T0 + 250).map((r) => r.id)).toEqual([
      wide.id,
      long.id,
      short.id,
    ]);
    expect(service.rangesOf('press-1', 'pressure', T0, T0 + 250, ['maintenance']).map((r) => r.id)).toEqual([wide.id]);
    // Moving a label moves it in the index; a restart rebuilds the same index from the table.
    service.update({ id: short.id, revision: 1, from: T0 + 20_000, to: T0 + 20_100 }, 'bo');
    expect(service.covering('press-1', 'pressure', T0 + 20_050, 'bad-data')?.id).toBe(short.id);
    service.stop();
    service = open();
    expect(service.covering('press-1', 'pressure', T0 + 20_050, 'bad-data')?.id).toBe(short.id);
    expect(service.covering('press-1', 'pressure', T0 + 9_999, 'bad-data')?.id).toBe(long.id);
    expect(service.covering('press-1', 'temperature', T0 + 50, 'maintenance')?.id).toBe(wide.id);
  });

  it('tells listeners every change with the label before and after', () => {
    const seen: LabelChange[] = [];
    const events: string[] = [];
    service.onChange((c) => seen.push(c));
    service.onEvent((e) => events.push(`${e.action}:${e.annotation.revision}`));
    const before = service.revision;
    const a = label();
    service.update({ id: a.id, revision: 1, verdict: 'false-alarm' }, 'bo');
    service.remove(a.id, 2, 'bo');
    expect(service.revision).toBeGreaterThan(before);
    expect(events).toEqual(['create:1', 'update:2', 'delete:3']);
    expect(seen.map((c) => [c.action, c.before?.verdict ?? null, c.after?.verdict ?? null])).toEqual([
      ['create', null, 'true-anomaly'],
      ['update', 'true-anomaly', 'false-alarm'],
      ['delete', 'false-alarm', null],
    ]);
  });

  it('keeps the site list of causes, and takes causes only from it', () => {
    expect(service.causes()).toContain('Sensor fault');
    service.setCauses(['Gremlins', 'Sensor fault']);
    expect(label({ cause: 'gremlins' }).cause).toBe('Gremlins');
    expect(failure(() => label({ cause: 'Calibration' })).code).toBe('BAD_REQUEST');
    service.stop();
    service = open();
    expect(service.causes()).toEqual(['Gremlins', 'Sensor fault']);
  });

  it('lists newest first with filters, word search over text and cause, and pages that add up to the total', () => {
    for (let i = 0; i < 7; i++) {
      label(
        {
          from: T0 + i * HOUR,
          to: T0 + i * HOUR + 60_000,
          verdict: i % 2 ? 'false-alarm' : 'true-anomaly',
          text: i === 3 ? 'Bearing noise after the shift change' : `note ${i}`,
          cause: i === 5 ? 'Calibration' : null,
        },
        i < 2 ? 'bo' : 'ana',
      );
    }
    const all = service.list({ includeDeleted: false, limit: 3 });
    expect(all.total).toBe(7);
    expect(all.items.map((a) => a.from)).toEqual([T0 + 6 * HOUR, T0 + 5 * HOUR, T0 + 4 * HOUR]);
    const second = service.list({ includeDeleted: false, limit: 3, cursor: all.next! });
    const third = service.list({ includeDeleted: false, limit: 3, cursor: second.next! });
    expect([...all.items, ...second.items, ...third.items].map((a) => a.from)).toEqual(
      Array.from({ length: 7 }, (_, i) => T0 + (6 - i) * HOUR),
    );
    expect(third.next).toBeNull();
    expect(service.list({ includeDeleted: false, limit: 10, q: 'BEAR shift' }).items.map((a) => a.text)).toEqual([
      'Bearing noise after the shift change',
    ]);
    expect(service.list({ includeDeleted: false, limit: 10, q: 'calibration' }).items.map((a) => a.from)).toEqual([
      T0 + 5 * HOUR,
    ]);
    expect(service.list({ includeDeleted: false, limit: 10, q: 'bearing calibration' }).total).toBe(0);
    // Punctuation alone is not a word to find; quotes and operators are plain text.
    expect(service.list({ includeDeleted: false, limit: 10, q: '- ( bear' }).total).toBe(1);
    expect(service.list({ includeDeleted: false, limit: 10, q: 'NOT "shift' }).total).toBe(0);
    expect(service.list({ includeDeleted: false, limit: 10, verdicts: ['false-alarm'] }).total).toBe(3);
    expect(service.list({ includeDeleted: false, limit: 10, author: 'bo' }).total).toBe(2);
    expect(
      service.list({ includeDeleted: false, limit: 10, from: T0 + 2 * HOUR + 30_000, to: T0 + 3 * HOUR }).total,
    ).toBe(2);
    expect(failure(() => service.list({ includeDeleted: false, limit: 3, cursor: 'nonsense' })).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('stores corrected values only on a live bad-data label of one signal, inside its range, with history', () => {
    const bad = label({ verdict: 'bad-data', from: T0, to: T0 + 1000 });
    const values = [
      { ts: T0 + 500, value: 2 },
      { ts: T0 + 100, value: 1 },
    ];
    const notBad = label({ verdict: 'maintenance' });
    expect(failure(() => service.setCorrections(notBad.id, 1, values, 'bo')).message).toContain(
      'only a bad-data label',
    );
    const wide = label({ verdict: 'bad-data', signal: '*' });
    expect(failure(() => service.setCorrections(wide.id, 1, values, 'bo')).code).toBe('INVALID_STATE');
    expect(failure(() => service.setCorrections(bad.id, 1, [{ ts: T0 + 1001, value: 0 }], 'bo')).message).toContain(
      'outside the label',
    );
    const c = service.setCorrections(bad.id, 1, values, 'bo');
    expect(c).toMatchObject({ corrections: 2, revision: 2 });
    expect(service.get(bad.id).history.at(-1)).toMatchObject({ action: 'corrections', note: '0 → 2 values', by: 'bo' });
    expect(service.corrected(['press-1/pressure', 'press-1/temperature'], T0, T0 + 2000)).toEqual([
      { series: 'press-1/pressure', annotationId: bad.id, ts: [T0 + 100, T0 + 500], value: [1, 2] },
    ]);
    // Changing the label so that its corrections would no longer belong to it is refused.
    expect(failure(() => service.update({ id: bad.id, revision: 2, verdict: 'unsure' }, 'bo')).code).toBe(
      'INVALID_STATE',
    );
    expect(failure(() => service.update({ id: bad.id, revision: 2, to: T0 + 300 }, 'bo')).message).toContain(
      '1 outside the new range',
    );
    expect(service.update({ id: bad.id, revision: 2, to: T0 + 800 }, 'bo').revision).toBe(3);
    service.remove(bad.id, 3, 'bo');
    expect(service.corrected(['press-1/pressure'], T0, T0 + 2000)).toEqual([]);
    expect(failure(() => service.setCorrections(bad.id, 4, [], 'bo')).code).toBe('INVALID_STATE');
  });
});
