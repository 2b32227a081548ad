import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLabelIndex } from '../../../../../test/support/label-index';
import { makeTempDir } from '../../../../../test/support/temp-dir';
import { Device, type Alarm } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import { openStateDb, type StateDb } from '../../state/state-db';
import { RuleStore } from '../rule-store';
import { RuleSuggester } from './rule-suggester';

const press = Device.parse({
  id: 'press-1',
  name: 'Press',
  signals: [{ key: 'temperature', limits: { lo: 15, hi: 85, hiHi: 95 } }],
});
const registry = { get: (id: string) => (id === press.id ? press : undefined), list: () => [press] };
const MIN = 60_000;

/** A high alarm at `at` that returned `ms` later, peaking at `peak`. */
function alarm(id: number, at: number, ms: number, peak: number): Alarm {
  return {
    id,
    key: 'press-1/temperature/high',
    deviceId: 'press-1',
    signal: 'temperature',
    kind: 'high',
    area: 'default',
    priority: 'high',
    state: 'normal',
    value: peak,
    limit: 85,
    message: null,
    conditionActive: false,
    raisedAt: at,
    lastAt: at,
    count: 1,
    returnedAt: at + ms,
    ackedAt: null,
    ackedBy: null,
    ackComment: null,
    shelvedUntil: null,
    shelvedBy: null,
    shelveReason: null,
    chattering: false,
    reminders: 0,
    closedAt: at + ms,
    closedBy: 'system',
    closeComment: null,
  };
}

describe('RuleSuggester', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: StateDb;
  let rules: RuleStore;
  let labels: MemoryLabelIndex;
  let suggester: RuleSuggester;
  let alarms: Alarm[];
  let readings: { ts: number; value: number }[];
  let now: number;

  beforeEach(() => {
    dir = makeTempDir();
    db = openStateDb(dir.path);
    rules = new RuleStore(db, registry, { kindDefaults: false }); // the suggestions start from rules with no delay
    rules.load([], 1);
    labels = new MemoryLabelIndex();
    alarms = [];
    readings = [];
    now = 100 * MIN;
    suggester = new RuleSuggester(suggesterDeps());
    suggester.start();
  });

  function suggesterDeps(): ConstructorParameters<typeof RuleSuggester>[0] {
    return {
      db,
      labels,
      alarms: {
        get: (id) => alarms.find((a) => a.id === id),
        ofSeries: (d, s, from, to) => alarms.filter((a) => a.raisedAt >= from && a.raisedAt <= to),
      },
      readings: (_series, from, to) => Promise.resolve(readings.filter((r) => r.ts >= from && r.ts <= to)),
      rules,
      registry,
      clock: () => now,
      log: () => {},
    };
  }
  afterEach(async () => {
    await suggester.stop();
    db.close();
    dir.remove();
  });

  /** Three short spikes at minutes 10, 20, 30 (4 s, 6 s, 8 s past hi), each labelled false alarm. */
  async function threeShortFalseAlarms(): Promise<string[]> {
    const ids: string[] = [];
    const mine: Alarm[] = [];
    [4, 6, 8].forEach((secs, i) => {
      const at = (10 + 10 * i) * MIN;
      readings.push({ ts: at - 1000, value: 80 });
      for (let s = 0; s < secs; s++) readings.push({ ts: at + s * 1000, value: 90 + i });
      readings.push({ ts: at + secs * 1000, value: 80 });
      mine.push(alarm(i + 1, at, secs * 1000, 90 + i));
    });
    alarms.push(...mine);
    for (const a of mine) {
      const l = labels.create({
        deviceId: 'press-1',
        signal: 'temperature',
        from: a.raisedAt,
        to: a.returnedAt!,
        verdict: 'false-alarm',
        target: { type: 'alarm', alarmId: a.id },
      });
      ids.push(l.id);
    }
    await suggester.idle();
    return ids;
  }

  it('looks at labels made before it started (an upgrade): the suggestion appears at start', async () => {
    await threeShortFalseAlarms();
    const before = suggester.list({});
    expect(before).toHaveLength(1);
    // A fresh state: the stored suggestion is gone, the labels stay; a new suggester finds them at start.
    db.prepare('DELETE FROM rule_suggestions').run();
    await suggester.stop();
    suggester = new RuleSuggester({ ...suggesterDeps() });
    expect(suggester.list({})).toHaveLength(0);
    suggester.start();
    await suggester.idle();
    expect(suggester.list({})).toMatchObject([{ field: 'onDelayMs', proposed: before[0]!.proposed }]);
  });

  it('suggests an on-delay from three short false alarms, and revises it rather than duplicating', async () => {
    const ids = await threeShortFalseAlarms();
    const [s] = suggester.list({});
    expect(s).toMatchObject({ device: 'press-1', signal: 'temperature', rule: 'limits', field: 'onDelayMs' });
    expect(s!.proposed).toBe(10_000);
    expect(s!.basedOn).toEqual(ids);
    // A fourth, longer one moves the proposal; still one open suggestion.
    readings.push({ ts: 50 * MIN, value: 91 }, { ts: 50 * MIN + 12_000, value: 80 });
    alarms.push(alarm(4, 50 * MIN, 12_000, 91));
    labels.create({
      deviceId: 'press-1',
      signal: 'temperature',
      from: 50 * MIN,
      to: 50 * MIN + 12_000,
      verdict: 'false-alarm',
    });
    await suggester.idle();
    const open = suggester.list({});
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: s!.id, proposed: 15_000 });
    expect(open[0]!.basedOn).toHaveLength(4);
  });

  it('keeps a true anomaly alarming: no on-delay when a true-anomaly alarm was shorter, no hi above its peak', async () => {
    readings.push({ ts: 70 * MIN, value: 89 }, { ts: 70 * MIN + 3000, value: 80 });
    alarms.push(alarm(9, 70 * MIN, 3000, 89));
    labels.create({
      deviceId: 'press-1',
      signal: 'temperature',
      from: 70 * MIN,
      to: 70 * MIN + 3000,
      verdict: 'true-anomaly',
      target: { type: 'alarm', alarmId: 9 },
    });
    await threeShortFalseAlarms();
    expect(suggester.list({})).toEqual([]);
  });

  it('outdates a suggestion when a label it rests on is deleted, or when its rule changes', async () => {
    const ids = await threeShortFalseAlarms();
    const first = suggester.list({})[0]!;
    labels.delete(ids[0]!);
    await suggester.idle();
    expect(suggester.list({})).toEqual([]);
    expect(suggester.list({ status: ['outdated'] }).map((s) => s.id)).toEqual([first.id]);

    labels.create({ deviceId: 'press-1', signal: 'temperature', from: 9 * MIN, to: 11 * MIN, verdict: 'false-alarm' });
    await suggester.idle();
    const second = suggester.list({})[0]!;
    expect(second.id).not.toBe(first.id);
    rules.save({ device: 'press-1', signal: 'temperature', rules: { limits: { deadband: 1 } } }, 'ana', now);
    expect(suggester.list({})).toEqual([]);
    expect(suggester.list({ status: ['outdated'] }).map((s) => s.id)).toContain(second.id);
    // Looked at again under the new rule: the labels still call for the on-delay, as a new suggestion.
    await suggester.idle();
    const third = suggester.list({});
    expect(third).toHaveLength(1);
    expect(third[0]).toMatchObject({ field: 'onDelayMs', proposed: 10_000 });
    expect(third[0]!.id).not.toBe(second.id);
    // A rule that already holds them back leaves nothing to suggest (and outdates the open one).
    rules.save({ device: 'press-1', signal: 'temperature', rules: { limits: { onDelayMs: 15_000 } } }, 'ana', now);
    await suggester.idle();
    expect(suggester.list({})).toEqual([]);
    expect(suggester.list({ status: ['outdated'] })).toHaveLength(3);
  });

  it('accepting saves the rule as the caller (audited, in force); rejecting keeps it as history', async () => {
    await threeShortFalseAlarms();
    const s = suggester.list({})[0]!;
    now += MIN;
    const decided = suggester.decide({ id: s.id, accept: true, note: 'spikes from the door' }, 'ana');
    expect(decided).toMatchObject({
      status: 'accepted',
      decidedBy: 'ana',
      decidedAt: now,
      note: 'spikes from the door',
    });
    expect(rules.book.compile('press-1', press.signals[0]!).limits).toMatchObject({ onDelayMs: 10_000, hi: 85 });
    expect(rules.audit({ limit: 1 })[0]).toMatchObject({ by: 'ana', after: { limits: { onDelayMs: 10_000 } } });
    expect(() => suggester.decide({ id: s.id, accept: false }, 'ben')).toThrow(EngineError);
    expect(suggester.list({ status: ['accepted', 'rejected'] }).map((x) => x.status)).toEqual(['accepted']);
  });

  it('rejecting leaves the rule as it was', async () => {
    await threeShortFalseAlarms();
    const s = suggester.list({})[0]!;
    expect(suggester.decide({ id: s.id, accept: false }, 'ben')).toMatchObject({
      status: 'rejected',
      decidedBy: 'ben',
      note: null,
    });
    expect(rules.audit({ limit: 5 })).toEqual([]);
  });
});
