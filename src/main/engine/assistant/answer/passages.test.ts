// Passages about the alarm itself: what operators wrote on it, and how earlier alarms of the same
// key were closed — only when there is something to say.
import { describe, expect, it } from 'vitest';
import { raisedAlarm, type Alarm, type AlarmJournalEntry } from '../../../../shared/domain';
import type { SearchHit } from '../knowledge/knowledge-search';
import { alarmPassages, documentPassages } from './passages';

const T = Date.UTC(2026, 11, 6, 3, 0, 0);
const alarm = (over: Partial<Alarm> = {}): Alarm => ({
  ...raisedAlarm({
    key: 'device-002/pressure/high',
    deviceId: 'device-002',
    signal: 'pressure',
    kind: 'high',
    area: 'default',
    priority: 'high',
    value: 57.3,
    limit: 55,
    at: T,
  }),
  id: 40,
  ...over,
});
const entry = (over: Partial<AlarmJournalEntry>): AlarmJournalEntry => ({
  alarmId: 40,
  at: T,
  event: 'raised',
  from: 'normal',
  to: 'unack_active',
  by: null,
  comment: null,
  value: null,
  ...over,
});

describe('passages', () => {
  it('numbers document passages from the given start, with the chunk as ref', () => {
    const hit = {
      chunkId: 'c1',
      path: '/k/pressure-runbook.md',
      title: 'Runbook RB-L1-002',
      headingPath: ['Runbook RB-L1-002', 'Alarm: High pressure'],
      page: null,
      text: 'Compare PT-201 with PI-201.',
    } as SearchHit;
    expect(documentPassages([hit, { ...hit, chunkId: 'c2' }], 3)).toMatchObject([
      { n: 3, kind: 'document', ref: 'c1', path: '/k/pressure-runbook.md', alarmId: null, text: hit.text },
      { n: 4, ref: 'c2' },
    ]);
  });

  it('gives no journal passage for an alarm nobody commented on', () => {
    expect(alarmPassages(alarm(), [entry({})], [], 1)).toEqual([]);
  });

  it('puts every comment on this alarm in one passage, then one passage per past alarm', () => {
    const journal = [
      entry({}),
      entry({ at: T + 60_000, event: 'acknowledge', by: 'maria', comment: 'oil cold, HPU warming up' }),
      entry({ at: T + 120_000, event: 'shelve', by: 'maria', comment: '  waiting for hydraulics tech ' }),
    ];
    const past = alarm({
      id: 12,
      raisedAt: T - 86_400_000,
      value: 58.1,
      state: 'normal',
      ackedBy: 'li',
      ackComment: 'PRV-201 lock nut loose',
      closedAt: T - 80_000_000,
      closedBy: 'li',
      closeComment: 'PRV-201 reset to 40 psi by the technician',
    });
    const passages = alarmPassages(alarm(), journal, [past], 5);
    expect(passages).toHaveLength(2);
    expect(passages[0]).toMatchObject({ n: 5, kind: 'alarm', ref: 'alarm:40', alarmId: 40, path: null });
    expect(passages[0]!.text).toBe(
      '2026-12-06T03:01:00.000Z acknowledge by maria: oil cold, HPU warming up\n' +
        '2026-12-06T03:02:00.000Z shelve by maria: waiting for hydraulics tech',
    );
    expect(passages[1]).toMatchObject({ n: 6, kind: 'alarm', ref: 'alarm:12', alarmId: 12 });
    expect(passages[1]!.text).toContain('Value 58.1 against limit 55');
    expect(passages[1]!.text).toContain('Acknowledged by li: PRV-201 lock nut loose');
    expect(passages[1]!.text).toContain('by li: PRV-201 reset to 40 psi by the technician');
  });
});
