// The delivery log: what was sent, to whom, when, after how many attempts, and why it failed.
// Refreshes every few seconds while shown; a row opens to show each attempt.
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { DeliveryStatus, NotificationDelivery } from '../../../../../shared/contract/notifications';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { formatDateTime } from '../../../components/time-format';

const FILTERS: { id: string; label: string; status?: DeliveryStatus[] }[] = [
  { id: 'all', label: 'All' },
  { id: 'failures', label: 'Failures', status: ['failed', 'dropped'] },
  { id: 'limited', label: 'Held by rate limit', status: ['rate_limited'] },
  { id: 'pending', label: 'Pending', status: ['pending'] },
];

const REFRESH_MS = 5000;

function time(ts: number | null): string {
  return ts === null ? '' : formatDateTime(ts);
}

export function DeliveryLog() {
  const client = useClient();
  const [filter, setFilter] = useState('all');
  const [items, setItems] = useState<NotificationDelivery[]>([]);
  const [counts, setCounts] = useState<Partial<Record<DeliveryStatus, number>>>({});
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    const status = FILTERS.find((f) => f.id === filter)?.status;
    return client.request('notifications.log', { limit: 200, ...(status ? { status } : {}) }).then(
      (r) => {
        setItems(r.items);
        setCounts(r.counts);
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [client, filter]);

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
      <div className="notify-row" role="radiogroup" aria-label="Show">
        {FILTERS.map((f) => (
          <label key={f.id} className="notify-inline">
            <input
              type="radio"
              name="notify-log-filter"
              checked={filter === f.id}
              onChange={() => setFilter(f.id)}
              data-testid={`notify-log-filter-${f.id}`}
            />
            {f.label}
          </label>
        ))}
        <span className="notify-hint">
          sent {counts.sent ?? 0} · failed {counts.failed ?? 0} · held {counts.rate_limited ?? 0} · dropped{' '}
          {counts.dropped ?? 0} · pending {counts.pending ?? 0}
        </span>
        <button type="button" className="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && <p className="notify-error">{error}</p>}
      {items.length === 0 ? (
        <p className="notify-hint">Nothing logged{filter === 'all' ? ' yet' : ' of this kind'}.</p>
      ) : (
        <table className="notify-log">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Route</th>
              <th>Channel</th>
              <th>To</th>
              <th>Subject</th>
              <th>Outcome</th>
              <th className="num">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <Fragment key={d.id}>
                <tr
                  className={`notify-log-row status-${d.status}`}
                  onClick={() => setOpen(open === d.id ? null : d.id)}
                  aria-expanded={open === d.id}
                  data-testid="notify-log-row"
                >
                  <td>{time(d.createdAt)}</td>
                  <td>{d.event}</td>
                  <td>{d.routeId ?? '—'}</td>
                  <td>{d.channel}</td>
                  <td className="notify-log-target">{d.target}</td>
                  <td>{d.subject}</td>
                  <td data-testid="notify-log-status">
                    {d.status.replace('_', ' ')}
                    {d.lastError ? `: ${d.lastError}` : ''}
                    {d.status === 'pending' && d.nextAttemptAt ? ` (next try ${time(d.nextAttemptAt)})` : ''}
                  </td>
                  <td className="num">{d.attempts}</td>
                </tr>
                {open === d.id && (
                  <tr className="notify-log-attempts">
                    <td colSpan={8}>
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
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
