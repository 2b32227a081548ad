// The top of the delivery log: what matters at a glance — sent, waiting for a window, not shown,
// held back by a rate limit, failed — and the reasons behind everything that did not go out.
import type { DeliveryStatus } from '../../../../../shared/contract/notifications';
import { STATUS_LABEL, statusTone } from './delivery-rows';

const ORDER: DeliveryStatus[] = ['sent', 'pending', 'waiting', 'not_shown', 'rate_limited', 'failed', 'dropped'];

export function DeliverySummary({
  counts,
  reasons,
}: {
  counts: Partial<Record<DeliveryStatus, number>>;
  reasons: [DeliveryStatus, string, number][];
}) {
  const shown = ORDER.filter((s) => s === 'sent' || s === 'failed' || (counts[s] ?? 0) > 0);
  return (
    <div className="notify-summary" data-testid="notify-summary">
      <ul className="notify-summary-counts">
        {shown.map((s) => (
          <li key={s} className={`tone-${(counts[s] ?? 0) > 0 ? statusTone(s) : 'neutral'}`} data-status={s}>
            <strong>{counts[s] ?? 0}</strong> {STATUS_LABEL[s]}
          </li>
        ))}
      </ul>
      {reasons.length > 0 && (
        <ul className="notify-summary-reasons" data-testid="notify-summary-reasons">
          {reasons.slice(0, 5).map(([status, reason, n]) => (
            <li key={`${status}\0${reason}`} className={`tone-${statusTone(status)}`}>
              {n}× {STATUS_LABEL[status]}: {reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
