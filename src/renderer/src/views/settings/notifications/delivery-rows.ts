// What the delivery log shows for each status, and how a page of entries becomes rows: a run of
// deliveries one route's rate limit held back is one row ("12 held back"), not a wall of red.
import type { DeliveryStatus, NotificationDelivery } from '../../../../../shared/contract/notifications';

export const STATUS_LABEL: Record<DeliveryStatus, string> = {
  sent: 'sent',
  pending: 'sending',
  waiting: 'waiting for a window',
  not_shown: 'not shown',
  rate_limited: 'held back (rate limit)',
  failed: 'failed',
  dropped: 'dropped (queue full)',
};

/** Neutral states are not failures: only failed and dropped are drawn as alarms. */
export function statusTone(s: DeliveryStatus): 'ok' | 'neutral' | 'alarm' {
  if (s === 'sent') return 'ok';
  if (s === 'failed' || s === 'dropped') return 'alarm';
  return 'neutral';
}

export type LogRow =
  | { kind: 'one'; delivery: NotificationDelivery }
  | { kind: 'held'; routeId: string | null; count: number; first: number; last: number; id: number };

export function logRows(items: readonly NotificationDelivery[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const d of items) {
    const prev = rows.at(-1);
    if (d.status === 'rate_limited') {
      if (prev?.kind === 'held' && prev.routeId === d.routeId) {
        prev.count++;
        prev.first = Math.min(prev.first, d.createdAt);
        prev.last = Math.max(prev.last, d.createdAt);
        continue;
      }
      rows.push({ kind: 'held', routeId: d.routeId, count: 1, first: d.createdAt, last: d.createdAt, id: d.id });
      continue;
    }
    rows.push({ kind: 'one', delivery: d });
  }
  return rows;
}
