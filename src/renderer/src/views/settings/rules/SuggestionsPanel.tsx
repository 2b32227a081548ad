// Settings → Rules, "Suggested changes": rule changes that a pattern of false-alarm labels
// suggests (the engine makes them; see docs/configuration.md, Suggested rule changes). Each open
// one shows the series, the rule and field, current → proposed, why, and the labels it rests on,
// with Accept and Reject and an optional note; the engine saves an accepted change exactly as a
// save here would (validated, audited as the caller), so the rules list and change log are
// reloaded after. Decided and outdated ones stay in a collapsed history.
import { useCallback, useEffect, useState } from 'react';
import type { RuleSuggestion } from '../../../../../shared/contract/annotations';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { messageOf } from '../use-save-cycle';
import { changeText, fieldTitle, labelsText, STATUS_TITLES } from './suggestion-format';
import { formatDateTime } from '../../../components/time-format';

const when = (at: number | null) => (at === null ? '' : formatDateTime(at));

export function SuggestionsPanel({ onDecided }: { onDecided: () => Promise<void> }) {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [open, setOpen] = useState<RuleSuggestion[] | null>(null);
  const [past, setPast] = useState<RuleSuggestion[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(
    () =>
      Promise.all([
        client.request('rules.suggestions', {}),
        client.request('rules.suggestions', { status: ['accepted', 'rejected', 'outdated'] }),
      ]).then(([now, before]) => {
        setOpen(now);
        setPast(before);
      }),
    [client],
  );

  // Loaded once the link to the engine is open, and again after a reconnect.
  useEffect(() => {
    if (!connected) return;
    load().then(
      () => {},
      (err: unknown) => setSaid({ ok: false, text: `Suggestions not loaded — ${messageOf(err)}` }),
    );
  }, [connected, load]);

  const decide = async (s: RuleSuggestion, accept: boolean) => {
    setBusy(s.id);
    setSaid(null);
    try {
      const note = notes[s.id]?.trim();
      await client.request('rules.decideSuggestion', { id: s.id, accept, ...(note ? { note } : {}) });
      setSaid({
        ok: true,
        text: accept
          ? `${s.device} / ${s.signal}: ${fieldTitle(s.field)} ${changeText(s)} saved and in force.`
          : `${s.device} / ${s.signal}: suggestion rejected.`,
      });
      if (accept) await onDecided();
    } catch (err) {
      // Said above the list: a suggestion refused as outdated leaves it when the list reloads.
      const what = `${s.device} / ${s.signal}: ${fieldTitle(s.field)} ${changeText(s)}`;
      setSaid({ ok: false, text: `${what} not ${accept ? 'accepted' : 'rejected'} — ${messageOf(err)}` });
    } finally {
      setBusy(null);
      await load().catch(() => {});
    }
  };

  return (
    <section className="rules-section suggestions" aria-label="Suggested changes" data-testid="rule-suggestions">
      <h3>Suggested changes {open && open.length > 0 && <span className="suggestions-count">{open.length}</span>}</h3>
      {said && (
        <p
          className={`rules-status ${said.ok ? 'ok' : 'failed'}`}
          role={said.ok ? 'status' : 'alert'}
          data-testid="suggestion-status"
        >
          {said.text}
        </p>
      )}
      {open === null ? (
        <p className="rules-hint">Loading…</p>
      ) : open.length === 0 ? (
        <p className="rules-hint">
          None open. When three or more alarms of a series are labelled false alarms, a change that would have prevented
          most of them is suggested here.
        </p>
      ) : (
        <ul className="suggestion-list">
          {open.map((s) => (
            <li key={s.id} className="suggestion" data-testid="suggestion" data-series={`${s.device}/${s.signal}`}>
              <div className="suggestion-head">
                <strong>
                  {s.device} / {s.signal}
                </strong>
                <span className="suggestion-rule">
                  {s.rule} · {fieldTitle(s.field)}
                </span>
                <span className="suggestion-change" data-testid="suggestion-change">
                  {changeText(s)}
                </span>
              </div>
              <p className="suggestion-reason">{s.reason}</p>
              <p className="rules-hint" title={s.basedOn.join(', ')}>
                Based on {labelsText(s.basedOn)} · suggested {when(s.createdAt)}
              </p>
              <div className="suggestion-actions">
                <input
                  type="text"
                  className="suggestion-note"
                  placeholder="Note (optional)"
                  aria-label={`Note on the ${fieldTitle(s.field)} suggestion for ${s.device} / ${s.signal}`}
                  maxLength={2000}
                  value={notes[s.id] ?? ''}
                  onChange={(e) => setNotes((n) => ({ ...n, [s.id]: e.target.value }))}
                />
                <button
                  type="button"
                  className="button primary"
                  disabled={busy !== null}
                  onClick={() => void decide(s, true)}
                  data-testid="suggestion-accept"
                >
                  Accept
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy !== null}
                  onClick={() => void decide(s, false)}
                  data-testid="suggestion-reject"
                >
                  Reject
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details className="suggestion-history" data-testid="suggestion-history">
          <summary>Decided and outdated ({past.length})</summary>
          <table className="rules-table">
            <thead>
              <tr>
                <th>Series</th>
                <th>Change</th>
                <th>Status</th>
                <th>By</th>
                <th>When</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {past.map((s) => (
                <tr key={s.id} title={s.reason}>
                  <td>
                    {s.device} / {s.signal}
                  </td>
                  <td>
                    {s.rule} · {fieldTitle(s.field)} {changeText(s)}
                  </td>
                  <td>{STATUS_TITLES[s.status]}</td>
                  <td>{s.decidedBy ?? '—'}</td>
                  <td>{when(s.decidedAt)}</td>
                  <td>{s.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
