// Reports kept with their alarm in a real state.db: read back as saved, feedback stored with the
// report it was given on and gone when a regenerated report replaces it, and feedback on an alarm
// without a report refused with NOT_FOUND.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmReport } from '../../../../shared/contract/assistant';
import { raisedAlarm } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import { makeTempDir } from '../../../../../test/support/temp-dir';
import { AlarmStore } from '../../alarms/alarm-store';
import { openStateDb, type StateDb } from '../../state/state-db';
import { ReportStore } from './report-store';

const open: { db: StateDb; remove(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) {
    o.db.close();
    o.remove();
  }
});

function setup() {
  const dir = makeTempDir('wf-reports-');
  const db = openStateDb(dir.path);
  open.push({ db, remove: dir.remove });
  const alarms = new AlarmStore(db);
  const at = Date.UTC(2026, 11, 6, 3, 0);
  const alarm = alarms.insert(
    raisedAlarm({
      key: 'device-002/pressure/high',
      deviceId: 'device-002',
      signal: 'pressure',
      kind: 'high',
      area: 'default',
      priority: 'high',
      value: 57.3,
      limit: 55,
      at,
    }),
    { at, event: 'raised', from: 'normal', to: 'unack_active' },
  );
  return { dir: dir.path, db, store: new ReportStore(db), alarmId: alarm.id };
}

const report = (alarmId: number, over: Partial<AlarmReport> = {}): AlarmReport => ({
  alarmId,
  source: 'model',
  note: null,
  severity: 'high',
  category: 'process',
  summary: 'Clamp pressure above hi 55 [1].',
  causes: [{ text: 'PRV-201 sticking', citations: [1] }],
  actions: [{ text: 'Compare PT-201 with PI-201', citations: [1] }],
  confidence: 'medium',
  passages: [
    {
      n: 1,
      kind: 'document',
      ref: 'abc',
      path: '/k/pressure-runbook.md',
      title: 'Runbook RB-L1-002',
      headingPath: ['Runbook RB-L1-002', 'Alarm: High pressure'],
      page: null,
      alarmId: null,
      text: 'Compare PT-201 in Watchfloor with local gauge PI-201.',
    },
  ],
  model: 'llama3.2:3b',
  promptHash: 'f'.repeat(64),
  chunkIds: ['abc'],
  durationMs: 8123,
  createdAt: Date.UTC(2026, 11, 6, 3, 0, 9),
  feedback: null,
  ...over,
});

describe('ReportStore', () => {
  it('reads a report back as it was saved, also after the database is opened again', () => {
    const { dir, db, store, alarmId } = setup();
    expect(store.get(alarmId)).toBeUndefined();
    expect(store.has(alarmId)).toBe(false);
    store.save(report(alarmId));
    expect(store.get(alarmId)).toEqual(report(alarmId));
    db.close();
    const again = openStateDb(dir);
    open.push({ db: again, remove: () => undefined });
    expect(new ReportStore(again).get(alarmId)).toEqual(report(alarmId));
  });

  it('keeps feedback with the report, and a regenerated report replaces both', () => {
    const { store, alarmId } = setup();
    store.save(report(alarmId));
    const at = Date.UTC(2026, 11, 6, 3, 10);
    const withFeedback = store.feedback(alarmId, false, 'PRV-201 was fine, it was the filter', 'maria', at);
    expect(withFeedback.feedback).toEqual({
      useful: false,
      comment: 'PRV-201 was fine, it was the filter',
      by: 'maria',
      at,
    });
    expect(store.get(alarmId)?.feedback).toEqual(withFeedback.feedback);
    expect(store.get(alarmId)?.summary).toBe(report(alarmId).summary);

    store.save(report(alarmId, { source: 'retrieval', model: null, summary: 'From the runbook alone.' }));
    expect(store.get(alarmId)).toMatchObject({
      source: 'retrieval',
      summary: 'From the runbook alone.',
      feedback: null,
    });
  });

  it('refuses feedback on an alarm without a report with NOT_FOUND', () => {
    const { store, alarmId } = setup();
    let error: unknown;
    try {
      store.feedback(alarmId, true, null, 'maria', 1);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('NOT_FOUND');
  });

  it('reads a damaged stored report as no report', () => {
    const { db, store, alarmId } = setup();
    store.save(report(alarmId));
    db.prepare('UPDATE alarm_reports SET report = ? WHERE alarm_id = ?').run('{"alarmId": 1, "sou', alarmId);
    expect(store.get(alarmId)).toBeUndefined();
  });
});
