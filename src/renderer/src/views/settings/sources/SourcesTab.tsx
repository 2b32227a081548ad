// Settings → Sources: one section per registered source kind (MQTT, Kafka, …, then the
// single-instance HTTP ingest: each form comes from source-forms.ts), reading times, devices and
// auto-registration. What is saved here
// is checked by the engine with the configuration file's schemas, stored in its state database
// over the file (each item says where it comes from) and applied at once: a changed source
// restarts, nothing else does. Secrets are write-only.
import { useCallback, useEffect, useState } from 'react';
import type { ParamsIn } from '../../../../../shared/contract';
import type { SettingOrigin, SourcesSettings } from '../../../../../shared/contract/sources';
import type { Device } from '../../../../../shared/domain';
import { fieldErrorsOf } from '../../../../../shared/bad-request';
import {
  SINGLE_SOURCE_KINDS,
  SOURCE_KINDS,
  type SingleSourceKindName,
  type SourceKindName,
} from '../../../../../shared/sources/source-kinds';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { DevicesSection } from './DevicesSection';
import { editingSource, saveParams, testParams, type Editing } from './editing';
import { ItemRow } from './ItemRow';
import { ReadingTimesSection } from './ReadingTimesSection';
import { SingleSourceSection } from './SingleSourceSection';
import type { Converted, FieldErrors } from './draft-fields';
import { sourceForm } from './source-forms';
import './sources-settings.css';

type Status = { ok: boolean; text: string } | null;

export function SourcesTab() {
  const client = useClient();
  const [settings, setSettings] = useState<SourcesSettings | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [singleErrors, setSingleErrors] = useState<Partial<Record<SingleSourceKindName, FieldErrors>>>({});
  const [timeErrors, setTimeErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  const connection = useAppStore((s) => s.connection);

  // Loaded once connected, and again after a reconnect (the engine may have restarted). A part
  // the same as before stays the same object: each section starts its draft again from a new
  // view, and a form half edited when the link dropped must survive it.
  useEffect(() => {
    if (connection !== 'open') return;
    client.request('sources.settings', {}).then(
      (next) => setSettings((prev) => keepUnchanged(prev, next)),
      (err: unknown) => setStatus({ ok: false, text: String(err) }),
    );
  }, [client, connection]);

  // Devices seen on the wire but never configured, offered for configuring; again after each change.
  const [unconfigured, setUnconfigured] = useState<Device[]>([]);
  useEffect(() => {
    if (connection !== 'open' || !settings) return;
    client.request('devices.list', {}).then(
      (all) => setUnconfigured(all.filter((d) => d.unconfigured)),
      () => setUnconfigured([]),
    );
  }, [client, connection, settings]);

  /** Runs one change; the engine answers with the new settings, or the reasons it refused. */
  const run = useCallback(
    async (
      what: string,
      change: () => Promise<SourcesSettings>,
      onFieldErrors: (errors: FieldErrors) => void = setErrors,
    ): Promise<boolean> => {
      setBusy(true);
      setStatus(null);
      try {
        setSettings(await change());
        onFieldErrors({});
        setStatus({ ok: true, text: `${what}: saved and applied.` });
        return true;
      } catch (err) {
        onFieldErrors(fieldErrorsOf(err, '(root)'));
        setStatus({ ok: false, text: `${what}: not saved — ${err instanceof Error ? err.message : String(err)}` });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  if (!settings) return <p className="srcset-hint">{status?.text ?? 'Loading…'}</p>;

  const edit = (e: Editing | null) => {
    setEditing(e);
    setErrors({});
    setStatus(null);
  };

  const refuse = (fieldErrors: FieldErrors) => {
    setErrors(fieldErrors);
    setStatus({ ok: false, text: 'Not saved: correct the marked fields.' });
  };

  /** One source's row: turning it on or off, removing it and reverting it to the file. */
  const sourceRow = (
    kind: SourceKindName,
    s: { id: string; origin: SettingOrigin; enabled: boolean },
    what: string,
    onEdit: () => void,
  ) => {
    const change = (request: () => Promise<SourcesSettings>) => void run(`Source ${s.id}`, request);
    return (
      <ItemRow
        key={s.id}
        id={s.id}
        what={what}
        origin={s.origin}
        enabled={s.enabled}
        busy={busy}
        onEdit={onEdit}
        onEnabled={(enabled) => change(() => client.request('sources.setEnabled', { kind, id: s.id, enabled }))}
        onRemove={() => change(() => client.request('sources.remove', { kind, id: s.id }))}
        onRevert={() => change(() => client.request('sources.revert', { kind, id: s.id }))}
      />
    );
  };

  const save = async () => {
    if (!editing) return;
    const c = saveParams(editing);
    if (!c.ok) return refuse(c.errors);
    const what = `${editing.kind === 'device' ? 'Device' : 'Source'} ${editing.draft.id}`;
    if (await run(what, () => client.request('sources.save', c.value))) setEditing(null);
  };

  const test = async () => {
    const c = editing && testParams(editing);
    if (!c) return;
    if (!c.ok) return refuse(c.errors);
    setBusy(true);
    setErrors({});
    setStatus({ ok: true, text: 'Testing the connection…' });
    try {
      const r = await client.request('sources.test', c.value);
      setStatus({ ok: r.ok, text: `${r.ok ? 'Connection works' : 'Connection failed'} (${r.ms} ms): ${r.message}` });
    } catch (err) {
      setErrors(fieldErrorsOf(err, '(root)'));
      setStatus({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  /** A single-instance kind's section: its field errors, save ({ kind, <kind>: … }) and revert. */
  const singleSection = (kind: SingleSourceKindName, title: string) => {
    const setFieldErrors = (e: FieldErrors) => setSingleErrors((all) => ({ ...all, [kind]: e }));
    const onSave = (converted: Converted<unknown>) => {
      if (!converted.ok) return setFieldErrors(converted.errors);
      const params = { kind, [kind]: converted.value } as ParamsIn<'sources.save'>;
      void run(title, () => client.request('sources.save', params), setFieldErrors);
    };
    return (
      <SingleSourceSection
        key={kind}
        kind={kind}
        title={title}
        view={settings[kind]}
        errors={singleErrors[kind] ?? {}}
        busy={busy}
        onSave={onSave}
        onRevert={() => void run(title, () => client.request('sources.revert', { kind }), setFieldErrors)}
      />
    );
  };

  const actions = (
    <div className="srcset-actions">
      <button
        type="button"
        className="button primary"
        disabled={busy}
        onClick={() => void save()}
        data-testid="source-save"
      >
        Save and apply
      </button>
      {editing && editing.kind !== 'device' && (
        <button type="button" className="button" disabled={busy} onClick={() => void test()} data-testid="source-test">
          Test connection
        </button>
      )}
      <button type="button" className="button" disabled={busy} onClick={() => edit(null)}>
        Cancel
      </button>
    </div>
  );

  return (
    <div className="srcset" data-testid="sources-tab">
      <p className="srcset-hint">
        Each item comes from the configuration file or from here; what is saved here is kept in the engine’s state
        database and wins over the file (file defaults ← Settings) until you go back to the file’s. A changed source
        reconnects at once; readings it had already taken are stored first.
      </p>
      {status && (
        <p className={`srcset-status ${status.ok ? 'ok' : 'failed'}`} role="status" data-testid="sources-status">
          {status.text}
        </p>
      )}

      {SOURCE_KINDS.map(({ kind, label }) => {
        const form = sourceForm(kind);
        return (
          <fieldset key={kind} className="srcset-section" data-testid={`${kind}-section`}>
            <legend>{`${label} sources`}</legend>
            <ul className="srcset-list">
              {settings[kind].map((s) =>
                sourceRow(kind, s, form.summary(s, settings), () => edit(editingSource(kind, form.draftOf(s)))),
              )}
            </ul>
            {editing?.kind === kind ? (
              <>
                <form.Form
                  draft={editing.draft}
                  errors={errors}
                  settings={settings}
                  onChange={(draft) => setEditing(editingSource(kind, draft))}
                />
                {actions}
              </>
            ) : (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => edit(editingSource(kind, form.newDraft()))}
                data-testid={`add-${kind}`}
              >
                {`Add ${label} source`}
              </button>
            )}
          </fieldset>
        );
      })}

      {SINGLE_SOURCE_KINDS.map(({ kind, title }) => singleSection(kind, title))}

      <ReadingTimesSection
        view={settings.readingTimes}
        errors={timeErrors}
        busy={busy}
        onSave={(value) =>
          void run(
            'Reading times',
            () => client.request('sources.save', { kind: 'readingTimes', value }),
            setTimeErrors,
          )
        }
        onInvalid={(fieldErrors) => {
          setTimeErrors(fieldErrors);
          setStatus({ ok: false, text: 'Reading times: not saved — correct the marked fields.' });
        }}
        onRevert={() =>
          void run('Reading times', () => client.request('sources.revert', { kind: 'readingTimes' }), setTimeErrors)
        }
      />

      <DevicesSection
        settings={settings}
        unconfigured={unconfigured}
        editing={editing?.kind === 'device' ? editing.draft : null}
        errors={errors}
        busy={busy}
        actions={actions}
        run={run}
        edit={(draft) => edit(draft ? { kind: 'device', draft } : null)}
        change={(draft) => setEditing({ kind: 'device', draft })}
      />
    </div>
  );
}

/** `next`, with each part equal to the one in `prev` kept as that same object. */
function keepUnchanged(prev: SourcesSettings | null, next: SourcesSettings): SourcesSettings {
  if (!prev) return next;
  const kept = { ...next } as Record<string, unknown>;
  const before = prev as unknown as Record<string, unknown>;
  for (const key of Object.keys(kept)) {
    if (JSON.stringify(before[key]) === JSON.stringify(kept[key])) kept[key] = before[key];
  }
  return kept as unknown as SourcesSettings;
}
