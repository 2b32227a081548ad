// Settings → Rules: detection rules per device and signal (limits, rate of change, flatline,
// bad quality, offline), from the configuration file and from here, in one list from the
// widest entry (* / *) to single series. Saving checks the entry (the same schema as the
// engine, then the engine against its registry); the engine applies it at once and records
// who changed what, shown in the change log below.
import { useCallback, useEffect, useState } from 'react';
import type { RuleAudit, StoredRuleEntry } from '../../../../../shared/contract/detection';
import type { Device } from '../../../../../shared/domain';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { useSaveCycle } from '../use-save-cycle';
import { RuleEditor } from './RuleEditor';
import { SuggestionsPanel } from './SuggestionsPanel';
import { draftOf, entryOf, summary, type FieldErrors, type RuleDraft } from './rule-draft';
import './rules.css';
import { formatDateTime } from '../../../components/time-format';

const when = (at: number) => formatDateTime(at);

function change(a: RuleAudit): string {
  const before = a.before ? summary(a.before) : '—';
  const after = a.after ? summary(a.after) : '—';
  return `${before} → ${after}`;
}

export function RulesTab() {
  const client = useClient();
  const [entries, setEntries] = useState<StoredRuleEntry[] | null>(null);
  const [devices, setDevices] = useState<Device[]>([]);
  const [audit, setAudit] = useState<RuleAudit[]>([]);
  const [editing, setEditing] = useState<{ draft: RuleDraft; existing: boolean } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, status, setStatus, run } = useSaveCycle();

  const connected = useAppStore((s) => s.connection === 'open');

  const reload = useCallback(async () => {
    const [list, log] = await Promise.all([
      client.request('rules.list', {}),
      client.request('rules.audit', { limit: 50 }),
    ]);
    setEntries(list);
    setAudit(log);
  }, [client]);

  // Loaded once the link to the engine is open (a link straight to #settings/rules opens
  // before it is), and again after a reconnect.
  useEffect(() => {
    if (!connected) return;
    Promise.all([client.request('rules.list', {}), client.request('rules.audit', { limit: 50 })]).then(
      ([list, log]) => {
        setEntries(list);
        setAudit(log);
      },
      (err: unknown) => setStatus({ ok: false, text: String(err) }),
    );
    client.request('devices.list', {}).then(
      (list) => setDevices(list.filter((d) => !d.unconfigured)),
      () => {},
    );
  }, [client, connected, setStatus]);

  const edit = (e: { draft: RuleDraft; existing: boolean } | null) => {
    setEditing(e);
    setErrors({});
    setStatus(null);
  };

  const save = async () => {
    if (!editing) return;
    const converted = entryOf(editing.draft);
    if (!converted.ok) {
      setErrors(converted.errors);
      setStatus({ ok: false, text: 'Not saved: correct the marked fields.' });
      return;
    }
    await run(
      async () => {
        const saved = await client.request('rules.save', converted.value);
        setEditing(null);
        await reload();
        return saved;
      },
      {
        done: (saved) => `Rules for ${saved.device} / ${saved.signal}: saved and in force.`,
        failed: (message) => `Not saved — ${message}`,
        fieldErrors: setErrors,
        root: 'rules',
      },
    );
  };

  const remove = (e: StoredRuleEntry) =>
    run(
      async () => {
        await client.request('rules.delete', { device: e.device, signal: e.signal });
        if (editing && editing.draft.device === e.device && editing.draft.signal === e.signal) setEditing(null);
        await reload();
      },
      { done: () => `Rules for ${e.device} / ${e.signal} removed.` },
    );

  if (!entries) return <p className="rules-hint">{status?.text ?? 'Loading…'}</p>;

  return (
    <div className="rules" data-testid="rules-tab">
      <p className="rules-hint">
        Each rule kind is decided by the most specific entry that sets it: device + signal, then device + *, then * +
        signal, then * + *. Without any, limits (from the device), bad quality and offline are on; rate of change and
        flatline are off. A limit's on-delay, off-delay and deadband, where nothing sets them, are those of its signal's
        kind (temperature 5 s on, 60 s off, 1 % deadband; pressure 3 s, 15 s, 2 %; …): a blank field shows its default.
        Entries from the configuration file are applied again only when the file changes them.
      </p>
      {status && (
        <p className={`rules-status ${status.ok ? 'ok' : 'failed'}`} role="status" data-testid="rules-status">
          {status.text}
        </p>
      )}

      <SuggestionsPanel onDecided={reload} />

      <table className="rules-table" data-testid="rules-list">
        <thead>
          <tr>
            <th>Device</th>
            <th>Signal</th>
            <th>Sets</th>
            <th>From</th>
            <th>Changed</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.device}/${e.signal}`} data-testid="rule-row" data-target={`${e.device}/${e.signal}`}>
              <td>{e.device}</td>
              <td>{e.signal}</td>
              <td>{summary(e.rules)}</td>
              <td>{e.origin === 'config' ? 'configuration file' : 'Settings'}</td>
              <td>
                {when(e.updatedAt)} · {e.updatedBy}
              </td>
              <td className="rules-row-actions">
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => edit({ draft: draftOf(e), existing: true })}
                >
                  Edit
                </button>
                <button type="button" className="button" disabled={busy} onClick={() => void remove(e)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {entries.length === 0 && (
            <tr>
              <td colSpan={6} className="rules-hint">
                No entries: the defaults apply everywhere.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      {editing ? (
        <section className="rules-section" aria-label="Edit rules">
          <RuleEditor
            draft={editing.draft}
            devices={devices}
            errors={errors}
            existing={editing.existing}
            onChange={(draft) => setEditing({ ...editing, draft })}
          />
          <div className="rules-actions">
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void save()}
              data-testid="rule-save"
            >
              Save and apply
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => edit(null)}>
              Cancel
            </button>
          </div>
        </section>
      ) : (
        <div className="rules-actions">
          <button
            type="button"
            className="button primary"
            onClick={() => edit({ draft: draftOf(null), existing: false })}
            data-testid="rule-new"
          >
            New entry
          </button>
        </div>
      )}

      <section className="rules-section" aria-label="Change log">
        <h3>Change log</h3>
        <table className="rules-table" data-testid="rules-audit">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Target</th>
              <th>Before → after</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((a) => (
              <tr key={a.id} data-testid="audit-row">
                <td>{when(a.at)}</td>
                <td>{a.by}</td>
                <td>{a.action}</td>
                <td>
                  {a.device} / {a.signal}
                </td>
                <td title={`${JSON.stringify(a.before)} → ${JSON.stringify(a.after)}`}>{change(a)}</td>
              </tr>
            ))}
            {audit.length === 0 && (
              <tr>
                <td colSpan={5} className="rules-hint">
                  No changes yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
