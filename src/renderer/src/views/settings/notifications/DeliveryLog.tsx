// The delivery log: what was sent, to whom, when, after how many attempts, and why it failed.
// Paged on the engine (PAGE_SIZE a page, newest first, with the total); a summary on top counts
// outcomes and reasons; held-back deliveries fold into one row per run; the To and Subject
// columns are cut to one line with the whole text in a tooltip, so the page stays short.
// Refreshes every few seconds while shown; a row opens to show each attempt.
import { useCallback, useEffect, useState } from 'react';
import type { DeliveryStatus, NotificationDelivery } from '../../../../../shared/contract/notifications';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { formatDateTime } from '../../../components/time-format';
import { logRows, STATUS_LABEL, statusTone } from './delivery-rows';
import { DeliverySummary } from './DeliverySummary';

const FILTERS: { id: string; label: string; status?: DeliveryStatus[] }[] = [
  { id: 'all', label: 'All' },
  { id: 'failures', label: 'Failures', status: ['failed', 'dropped'] },
  { id: 'unshown', label: 'Waiting or not shown', status: ['waiting', 'not_shown'] },
  { id: 'limited', label: 'Held back', status: ['rate_limited'] },
  { id: 'pending', label: 'Sending', status: ['pending'] },
];

export const PAGE_SIZE = 25;

const REFRESH_MS = 5000;

function time(ts: number | null): string {
  return ts === null ? '' : formatDateTime(ts);
}

export function DeliveryLog() {
  const client = useClient();
  const [filter, setFilter] = useState('all');
  const [items, setItems] = useState<NotificationDelivery[]>([]);
  const [counts, setCounts] = useState<Partial<Record<DeliveryStatus, number>>>({});
  const [reasons, setReasons] = useState<[DeliveryStatus, string, number][]>([]);
  const [page, setPage] = useState(0);
  const [total, setTotal] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    const status = FILTERS.find((f) => f.id === filter)?.status;
    const query = { limit: PAGE_SIZE, offset: page * PAGE_SIZE, ...(status ? { status } : {}) };
    return client.request('notifications.log', query).then(
      (r) => {
        setItems(r.items);
        setCounts(r.counts);
        setReasons(r.reasons);
        setTotal(r.total);
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [client, filter, page]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const connected = useAppStore((s) => s.connection === 'open');
  useEffect(() => {
    if (!connected) return;
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, connected]);

  return (
    <fieldset className="notify-section" data-testid="notify-log">
      <legend>Delivery log</legend>
      <DeliverySummary counts={counts} reasons={reasons} />
      <div className="notify-row" role="radiogroup" aria-label="Show">
        {FILTERS.map((f) => (
          <label key={f.id} className="notify-inline">
            <input
              type="radio"
              name="notify-log-filter"
              checked={filter === f.id}
              onChange={() => {
                setFilter(f.id);
                setPage(0);
              }}
              data-testid={`notify-log-filter-${f.id}`}
            />
            {f.label}
          </label>
        ))}
        <button type="button" className="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && <p className="notify-error">{error}</p>}
      {items.length === 0 ? (
        <p className="notify-hint">Nothing logged{filter === 'all' ? ' yet' : ' of this kind'}.</p>
      ) : (
        <>
          <table className="notify-log">
            <colgroup>
              <col className="c-when" />
              <col className="c-event" />
              <col className="c-via" />
              <col className="c-to" />
              <col className="c-subject" />
              <col className="c-outcome" />
            </colgroup>
            <thead>
              <tr>
                <th>When</th>
                <th>Event</th>
                <th>Route · channel</th>
                <th>To</th>
                <th>Subject</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {logRows(items).map((row) =>
                row.kind === 'held' ? (
                  <tr key={`held-${row.id}`} className="notify-log-row tone-neutral" data-testid="notify-log-held">
                    <td>{time(row.last)}</td>
                    <td colSpan={5}>
                      {row.count} held back by the rate limit of route {row.routeId ?? '—'}
                      {row.count > 1 ? ` (from ${time(row.first)})` : ''}: sent later in one digest
                    </td>
                  </tr>
                ) : (
                  <DeliveryRow
                    key={row.delivery.id}
                    d={row.delivery}
                    open={open === row.delivery.id}
                    toggle={() => setOpen(open === row.delivery.id ? null : row.delivery.id)}
                  />
                ),
              )}
            </tbody>
          </table>
          <div className="notify-row notify-pager" data-testid="notify-log-pager">
            <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <span className="notify-hint" data-testid="notify-log-range">
              {page * PAGE_SIZE + 1}–{page * PAGE_SIZE + items.length} of {total} · page {page + 1} of {pages}
            </span>
            <button
              type="button"
              className="button"
              disabled={page + 1 >= pages}
              onClick={() => setPage(page + 1)}
              data-testid="notify-log-older"
            >
              Older
            </button>
          </div>
        </>
      )}
    </fieldset>
  );
}

function DeliveryRow({ d, open, toggle }: { d: NotificationDelivery; open: boolean; toggle: () => void }) {
  const outcome = `${STATUS_LABEL[d.status]}${d.lastError && d.status !== 'sent' ? `: ${d.lastError}` : ''}${
    d.status === 'pending' && d.nextAttemptAt ? ` (next try ${time(d.nextAttemptAt)})` : ''
  }${d.attempts > 1 ? ` · ${d.attempts} attempts` : ''}`;
  return (
    <>
      <tr
        className={`notify-log-row tone-${statusTone(d.status)}`}
        onClick={toggle}
        aria-expanded={open}
        data-testid="notify-log-row"
        data-status={d.status}
      >
        <td>{time(d.createdAt)}</td>
        <td>{d.event}</td>
        <td className="notify-log-cut" title={`${d.routeId ?? '—'} · ${d.channel}`}>
          {d.routeId ?? '—'} · {d.channel}
        </td>
        <td className="notify-log-cut notify-log-target" title={d.target} data-testid="notify-log-target">
          {d.target}
        </td>
        <td className="notify-log-cut" title={d.subject}>
          {d.subject}
        </td>
        <td data-testid="notify-log-status">{outcome}</td>
      </tr>
      {open && (
        <tr className="notify-log-attempts">
          <td colSpan={6}>
            {d.attemptLog.length === 0
              ? 'No attempt was made.'
              : d.attemptLog.map((a) => (
                  <div key={a.attempt}>
                    #{a.attempt} {time(a.at)} — {a.ok ? 'ok' : 'failed'}: {a.detail} ({a.durationMs} ms)
                  </div>
                ))}
          </td>
        </tr>
      )}
    </>
  );
}
