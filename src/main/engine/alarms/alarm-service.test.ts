import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { LimitCondition } from '../detect/limit-rules';
import { openStateDb, type StateDb } from '../state/state-db';
import { AlarmService } from './alarm-service';
import { nextAlarmState } from './alarm-state';
import { AlarmStore } from './alarm-store';

const high = (active: boolean, priority: LimitCondition['priority'] = 'high'): LimitCondition => ({
  kind: 'high',
  active,
  limit: priority === 'critical' ? 95 : 85,
  priority,
});

describe('nextAlarmState (ISA-18.2)', () => {
  it.each([
    ['normal', 'activate', 'unack_active'],
    ['unack_active', 'acknowledge', 'ack_active'],
    ['unack_active', 'clear', 'unack_rtn'],
    ['ack_active', 'clear', 'normal'],
    ['unack_rtn', 'acknowledge', 'normal'],
    ['unack_rtn', 'activate', 'unack_active'],
    ['ack_active', 'activate', 'ack_active'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(nextAlarmState(from, event)).toBe(to);
  });

  it('has no acknowledge from states that need none', () => {
    expect(nextAlarmState('ack_active', 'acknowledge')).toBeUndefined();
    expect(nextAlarmState('normal', 'acknowledge')).toBeUndefined();
  });
});

describe('AlarmService', () => {
  let dir: string;
  let db: StateDb;
  let store: AlarmStore;
  let service: AlarmService;
  let changes: Alarm[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-alarms-'));
    db = openStateDb(dir);
    store = new AlarmStore(db);
    service = new AlarmService(store);
    service.start();
    changes = [];
    service.onChange((a) => changes.push(a));
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises one alarm for a crossing and ignores further readings while it stays active', () => {
    service.apply('d1', 'temperature', high(true), 90, 1000);
    service.apply('d1', 'temperature', high(true), 92, 2000);
    service.apply('d1', 'temperature', high(true), 91, 3000);
    const open = store.list(undefined, 10);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ state: 'unack_active', value: 90, limit: 85, raisedAt: 1000, count: 1 });
    expect(changes).toHaveLength(1);
  });

  it('keeps a return before acknowledgement in the queue until acknowledged (with the comment)', () => {
    service.apply('d1', 'temperature', high(true), 90, 1000);
    service.apply('d1', 'temperature', high(false), 70, 2000);
    const returned = store.list(undefined, 10)[0]!;
    expect(returned).toMatchObject({ state: 'unack_rtn', returnedAt: 2000 });

    const acked = service.acknowledge(returned.id, 'alice', 'sensor cable reseated', 3000);
    expect(acked).toMatchObject({
      state: 'normal',
      ackedBy: 'alice',
      ackComment: 'sensor cable reseated',
      closedAt: 3000,
    });
    expect(store.list(undefined, 10)).toEqual([]);
    expect(store.journal(returned.id).map((j) => [j.event, j.from, j.to])).toEqual([
      ['raised', 'normal', 'unack_active'],
      ['returned', 'unack_active', 'unack_rtn'],
      ['acknowledged', 'unack_rtn', 'normal'],
    ]);
  });

  it('closes an acknowledged alarm when its value returns', () => {
    service.apply('d1', 'temperature', high(true), 90, 1000);
    const id = store.list(undefined, 10)[0]!.id;
    expect(service.acknowledge(id, 'bob', undefined, 1500).state).toBe('ack_active');
    service.apply('d1', 'temperature', high(false), 70, 2000);
    expect(store.get(id)).toMatchObject({ state: 'normal', closedAt: 2000, ackComment: null });
  });

  it('counts a repeat on the same row instead of adding one', () => {
    service.apply('d1', 'temperature', high(true), 90, 1000);
    service.apply('d1', 'temperature', high(false), 70, 2000);
    service.apply('d1', 'temperature', high(true), 93, 3000);
    const rows = store.list(undefined, 10);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'unack_active', count: 2, lastAt: 3000, value: 93, returnedAt: null });
  });

  it('escalates priority when a critical limit is crossed', () => {
    service.apply('d1', 'p', high(true), 90, 1000);
    service.apply('d1', 'p', high(true, 'critical'), 99, 2000);
    expect(store.list(undefined, 10)[0]).toMatchObject({ priority: 'critical', limit: 95 });
  });

  it('refuses to acknowledge twice or an unknown alarm, with codes', () => {
    service.apply('d1', 'temperature', high(true), 90, 1000);
    const id = store.list(undefined, 10)[0]!.id;
    service.acknowledge(id, 'a', undefined, 1100);
    expect(() => service.acknowledge(id, 'a', undefined, 1200)).toThrow(EngineError);
    try {
      service.acknowledge(id, 'a', undefined, 1200);
    } catch (e) {
      expect((e as EngineError).code).toBe('INVALID_STATE');
    }
    try {
      service.acknowledge(424242, 'a', undefined, 1200);
    } catch (e) {
      expect((e as EngineError).code).toBe('NOT_FOUND');
    }
  });

  it('reloads open alarms after a restart and keeps deduplicating', () => {
    service.apply('d1', 'temperature', high(true), 90, 1000);
    const again = new AlarmService(new AlarmStore(db));
    again.start();
    again.apply('d1', 'temperature', high(true), 95, 5000);
    expect(store.list(undefined, 10)).toHaveLength(1);
    again.apply('d1', 'temperature', high(false), 60, 6000);
    expect(store.list(undefined, 10)[0]!.state).toBe('unack_rtn');
  });
});
