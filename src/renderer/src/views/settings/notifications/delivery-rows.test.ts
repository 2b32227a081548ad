// The log groups what a rate limit held back and keeps every other delivery on its own row.
import { describe, expect, it } from 'vitest';
import type { NotificationDelivery } from '../../../../../shared/contract/notifications';
import { logRows, statusTone } from './delivery-rows';

const d = (id: number, status: NotificationDelivery['status'], routeId = 'floor'): NotificationDelivery => ({
  id,
  createdAt: 1000 * id,
  event: 'raised',
  alarmId: id,
  alarmKey: null,
  routeId,
  channel: 'desktop',
  target: 'control-room windows',
  subject: `alarm ${id}`,
  status,
  attempts: 0,
  nextAttemptAt: null,
  lastError: null,
  sentAt: null,
  updatedAt: 0,
  attemptLog: [],
});

describe('delivery log rows', () => {
  it('folds a run of held-back deliveries of one route into one row', () => {
    const rows = logRows([
      d(9, 'sent'),
      d(8, 'rate_limited'),
      d(7, 'rate_limited'),
      d(6, 'rate_limited', 'other'),
      d(5, 'waiting'),
    ]);
    expect(rows.map((r) => (r.kind === 'held' ? `held ${r.routeId} ${r.count}` : r.delivery.id))).toEqual([
      9,
      'held floor 2',
      'held other 1',
      5,
    ]);
  });

  it('draws only failures as alarms', () => {
    expect(statusTone('failed')).toBe('alarm');
    expect(statusTone('rate_limited')).toBe('neutral');
    expect(statusTone('not_shown')).toBe('neutral');
    expect(statusTone('waiting')).toBe('neutral');
  });
});
