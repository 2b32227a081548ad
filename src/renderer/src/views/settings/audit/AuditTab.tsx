// Settings → Audit: the engine's audit trail for administrators — who did what, from where, on
// what, and how it ended — newest first, a page at a time, with filters, the CSV export (made by
// the engine, recorded there, downloaded here) and the chain check. A non-admin gets the engine's
// refusal in words; the tab itself is shown to everyone, like every Settings tab, so the answer
// to "where is the audit trail?" is on screen rather than missing.
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditVerdict } from '../../../../../shared/contract/users';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { saveBlob } from '../../device/download';
import { auditErrorText, detailsSummary, isDenied, PERIODS, periodFrom, type PeriodId } from './audit-format';
import './audit.css';
import { formatDateTime } from '../../../components/time-format';

const PAGE = 50;
type Outcome = '' | 'ok' | 'refused' | 'failed';

interface Filters {
  period: PeriodId;
  actor: string;
  action: string;
  outcome: Outcome;
  text: string;
}

const NO_FILTERS: Filters = { period: 'week', actor: '', action: '', outcome: '', text: '' };

/** The contract's filter parameters for what the form holds (empty fields left out). */
function params(f: Filters, now: number) {
  const from = periodFrom(f.period, now);
  return {
    ...(from !== undefined ? { from } : {}),
    ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
  };
}

export function AuditTab() {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  /** Cursors of the pages before this one (`before` values); the last is this page's. */
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ items: AuditEntry[]; next: number | null; total: number } | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [denied, setDenied] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const [busy, setBusy] = useState<'export' | 'verify' | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const before = cursors[cursors.length - 1];
  const load = useCallback(() => {
    client.request('audit.list', { ...params(filters, Date.now()), limit: PAGE, ...(before ? { before } : {}) }).then(
      (r) => {
        setPage(r);
        setError(null);
        setDenied(null);
      },
      (err: unknown) => (isDenied(err) ? setDenied(auditErrorText(err)) : setError(auditErrorText(err))),
    );
  }, [client, filters, before]);

  useEffect(() => {
    if (connected) load();
  }, [connected, load]);

  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  };

  const exportCsv = async () => {
    setBusy('export');
    setNote(null);
    try {
      const out = await client.request('audit.export', params(filters, Date.now()));
      saveBlob(new Blob([out.content], { type: 'text/csv' }), out.fileName);
      setNote(
        `Exported ${out.count.toLocaleString()} entries to ${out.fileName}` +
          (out.truncated ? ' — the first 100,000 only: narrow the period for the rest.' : '.'),
      );
      load(); // the export is in the trail now
    } catch (err) {
      setError(auditErrorText(err));
    } finally {
      setBusy(null);
    }
  };

  const verify = async () => {
    setBusy('verify');
    try {
      setVerdict(await client.request('audit.verify', {}));
    } catch (err) {
      setError(auditErrorText(err));
    } finally {
      setBusy(null);
    }
  };

  // Not an administrator: a calm sentence, no filters or buttons that could only be refused.
  if (denied) {
    return (
      <div className="audit" data-testid="settings-audit">
        <p className="audit-denied" data-testid="audit-error">
          {denied}
        </p>
      </div>
    );
  }

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const first = cursors.length === 1;

  return (
    <div className="audit" data-testid="settings-audit">
      <form className="audit-filters" onSubmit={apply} aria-label="Filter the audit trail">
        <label>
          Period
          <select value={draft.period} onChange={(e) => set('period', e.target.value as PeriodId)}>
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          User
          <input value={draft.actor} onChange={(e) => set('actor', e.target.value)} placeholder="any" size={10} />
        </label>
        <label>
          Action
          <input
            value={draft.action}
            onChange={(e) => set('action', e.target.value)}
            placeholder="e.g. alarms."
            size={14}
            data-testid="audit-filter-action"
          />
        </label>
        <label>
          Outcome
          <select value={draft.outcome} onChange={(e) => set('outcome', e.target.value as Outcome)}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="refused">refused</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <label className="audit-text">
          Text
          <input value={draft.text} onChange={(e) => set('text', e.target.value)} placeholder="target or details" />
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        <span className="audit-actions">
          <button
            type="button"
            className="button"
            onClick={() => void exportCsv()}
            disabled={busy !== null || error !== null}
            data-testid="audit-export"
          >
            {busy === 'export' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void verify()}
            disabled={busy !== null || error !== null}
            data-testid="audit-verify"
          >
            {busy === 'verify' ? 'Checking…' : 'Verify chain'}
          </button>
        </span>
      </form>

      {verdict && (
        <p className={`audit-verdict${verdict.ok ? '' : ' broken'}`} role="status" data-testid="audit-verdict">
          {verdict.ok
            ? `${verdict.entries.toLocaleString()} entries, chain intact.`
            : `Chain broken at entry ${verdict.broken!.seq}: ${verdict.broken!.reason}.`}
        </p>
      )}
      {note && <p className="audit-note">{note}</p>}
      {error && (
        <p className="audit-error" role="alert" data-testid="audit-error">
          {error}
        </p>
      )}

      {page && !error && (
        <>
          <div className="audit-table-wrap">
            <table className="audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>User</th>
                  <th>Role</th>
                  <th>Client</th>
                  <th>Action</th>
                  <th>Target</th>
                  <th>Outcome</th>
                  <th>Details</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <Fragment key={e.seq}>
                    <tr
                      className={`audit-row outcome-${e.outcome}`}
                      onClick={() => setOpen(open === e.seq ? null : e.seq)}
                      aria-expanded={open === e.seq}
                      data-testid="audit-row"
                    >
                      <td className="audit-time">{formatDateTime(e.at)}</td>
                      <td>{e.actor}</td>
                      <td>{e.role ?? ''}</td>
                      <td>{e.client}</td>
                      <td className="audit-action">{e.action}</td>
                      <td className="audit-target">{e.target ?? ''}</td>
                      <td className="audit-outcome">{e.outcome}</td>
                      <td className="audit-details">{detailsSummary(e.details)}</td>
                    </tr>
                    {open === e.seq && (
                      <tr className="audit-open">
                        <td colSpan={8}>
                          <pre>{JSON.stringify(e.details, null, 2)}</pre>
                          <span className="audit-hash">
                            entry {e.seq} · sha256 {e.hash}
                          </span>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          {page.items.length === 0 && <p className="audit-note">Nothing recorded in this period with these filters.</p>}
          <div className="audit-paging">
            <button type="button" className="button" disabled={first} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Newer
            </button>
            <span>
              {page.total.toLocaleString()} entries · page {cursors.length} of{' '}
              {Math.max(1, Math.ceil(page.total / PAGE))}
            </span>
            <button
              type="button"
              className="button"
              disabled={page.next === null}
              onClick={() => setCursors((c) => [...c, page.next!])}
            >
              Older
            </button>
          </div>
        </>
      )}
    </div>
  );
}
