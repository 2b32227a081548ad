// Settings → Assistant: on/off, the Ollama server and models, the site's knowledge folders,
// background reports and the first-token timeout, saved in state.db over the configuration
// file's `assistant` section (or reset to the file) with the busy → saved | refused cycle of the
// other tabs; beside it, the assistant's live status (AssistantStatusPanel).
import { useCallback, useState, type ReactNode } from 'react';
import type { AssistantSettings } from '../../../../../shared/contract/assistant';
import type { FieldErrors } from '../../../../../shared/bad-request';
import { Priority } from '../../../../../shared/domain';
import { useClient } from '../../../app/engine-context';
import { useAssistantStatus } from '../../assistant/use-assistant-status';
import { useSaveCycle } from '../use-save-cycle';
import { addFolder, fromDraft, isAbsolutePath, toDraft, type AssistantDraft } from './assistant-draft';
import { AssistantStatusPanel } from './AssistantStatusPanel';
import '../../assistant/assistant.css';
import './assistant-settings.css';
import { SaveButtons } from '../SaveButtons';
import { useLoadWhenConnected } from '../use-load-when-connected';
import { formatDateTime } from '../../../components/time-format';

function Field({
  label,
  path,
  errors,
  children,
}: {
  label: string;
  path: string;
  errors: FieldErrors;
  children: ReactNode;
}) {
  const error = errors[path];
  return (
    <label className={`asst-field${error ? ' invalid' : ''}`}>
      <span>{label}</span>
      {children}
      {error && (
        <small className="asst-field-error" role="alert" data-testid={`error-${path}`}>
          {error}
        </small>
      )}
    </label>
  );
}

export function AssistantTab() {
  const client = useClient();
  const live = useAssistantStatus();
  const [settings, setSettings] = useState<AssistantSettings | null>(null);
  const [draft, setDraft] = useState<AssistantDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [newFolder, setNewFolder] = useState('');
  const { busy, status, setStatus, run } = useSaveCycle();

  const adopt = useCallback((s: AssistantSettings) => {
    setSettings(s);
    setDraft(toDraft(s.config));
    setDirty(false);
    setErrors({});
  }, []);

  useLoadWhenConnected(
    () => client.request('assistant.settings.get', {}),
    dirty,
    adopt,
    (text) => setStatus({ ok: false, text }),
  );

  const update = (change: (d: AssistantDraft) => AssistantDraft) => {
    setDraft((d) => (d ? change(d) : d));
    setDirty(true);
    setStatus(null);
  };

  if (!draft || !settings) return <p className="assistant-hint">{status?.text ?? 'Loading…'}</p>;

  const save = async () => {
    const checked = fromDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ ok: false, text: 'Not saved: correct the marked fields.' });
      return;
    }
    await run(async () => adopt(await client.request('assistant.settings.set', checked.value)), {
      done: () => 'Saved and applied.',
      failed: (message) => `Not saved — ${message}`,
      fieldErrors: setErrors,
    });
  };

  const reset = () =>
    run(async () => adopt(await client.request('assistant.settings.reset', {})), {
      done: () => 'The configuration file’s settings apply again.',
    });

  const add = () => {
    const path = newFolder.trim();
    if (!path) return;
    if (!isAbsolutePath(path)) {
      setErrors((e) => ({ ...e, newFolder: 'must be an absolute path (/… or C:\\…)' }));
      return;
    }
    update((d) => addFolder(d, path));
    setNewFolder('');
    setErrors(({ newFolder: _gone, ...rest }) => rest);
  };

  const folderError = Object.entries(errors).find(([k]) => k === 'folders' || k.startsWith('folders.'));

  return (
    <div className="asst-settings" data-testid="assistant-tab">
      <form
        className="asst-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <p className="assistant-hint" data-testid="assistant-source">
          {settings.source === 'settings'
            ? `Saved here${settings.updatedAt ? ` ${formatDateTime(settings.updatedAt)}` : ''}: these settings override the configuration file’s.`
            : 'From the configuration file. Saving here overrides it until you return to the file’s settings.'}
        </p>
        <fieldset className="asst-section">
          <legend>Ollama</legend>
          <label className="asst-inline">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => update((d) => ({ ...d, enabled: e.target.checked }))}
              data-testid="assistant-enabled"
            />
            Use Ollama (off: answers and reports come from the runbooks alone)
          </label>
          <Field label="Base URL" path="baseUrl" errors={errors}>
            <input
              value={draft.baseUrl}
              spellCheck={false}
              onChange={(e) => update((d) => ({ ...d, baseUrl: e.target.value }))}
              data-testid="assistant-base-url"
            />
          </Field>
          <Field label="Chat model" path="chatModel" errors={errors}>
            <input
              value={draft.chatModel}
              spellCheck={false}
              onChange={(e) => update((d) => ({ ...d, chatModel: e.target.value }))}
              data-testid="assistant-chat-model"
            />
          </Field>
          <Field label="Embedding model (empty: keyword search only)" path="embeddingModel" errors={errors}>
            <input
              value={draft.embeddingModel}
              spellCheck={false}
              onChange={(e) => update((d) => ({ ...d, embeddingModel: e.target.value }))}
              data-testid="assistant-embedding-model"
            />
          </Field>
          <Field
            label="First-token timeout (seconds; includes loading the model)"
            path="firstTokenTimeoutMs"
            errors={errors}
          >
            <input
              inputMode="decimal"
              value={draft.firstTokenTimeout}
              onChange={(e) => update((d) => ({ ...d, firstTokenTimeout: e.target.value }))}
              data-testid="assistant-first-token"
            />
          </Field>
        </fieldset>

        <fieldset className="asst-section">
          <legend>Knowledge folders of this site</legend>
          <p className="assistant-hint">
            Absolute paths on the engine’s machine, indexed besides the shipped runbooks. Markdown, text, HTML and PDF;
            changed files are read again.
          </p>
          {draft.folders.length > 0 ? (
            <ul className="asst-folders" data-testid="assistant-folders">
              {draft.folders.map((f, i) => (
                <li key={f} className={errors[`folders.${i}`] ? 'invalid' : undefined}>
                  <code>{f}</code>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Remove ${f}`}
                    onClick={() => update((d) => ({ ...d, folders: d.folders.filter((x) => x !== f) }))}
                  >
                    Remove
                  </button>
                  {errors[`folders.${i}`] && (
                    <small className="asst-field-error" role="alert" data-testid={`error-folders.${i}`}>
                      {errors[`folders.${i}`]}
                    </small>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="assistant-hint">None added.</p>
          )}
          <div className="asst-add">
            <Field label="Add a folder" path="newFolder" errors={errors}>
              <input
                value={newFolder}
                spellCheck={false}
                placeholder="/srv/plant/runbooks"
                onChange={(e) => setNewFolder(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    add();
                  }
                }}
                data-testid="assistant-new-folder"
              />
            </Field>
            <button
              type="button"
              className="button"
              onClick={add}
              disabled={!newFolder.trim()}
              data-testid="assistant-add-folder"
            >
              Add
            </button>
          </div>
          {folderError && !/^folders\.\d+$/.test(folderError[0]) && (
            <small className="asst-field-error" role="alert">
              {folderError[1]}
            </small>
          )}
        </fieldset>

        <fieldset className="asst-section">
          <legend>Alarm reports</legend>
          <label className="asst-inline">
            <input
              type="checkbox"
              checked={draft.reportsEnabled}
              onChange={(e) => update((d) => ({ ...d, reportsEnabled: e.target.checked }))}
              data-testid="assistant-reports-enabled"
            />
            Write a report for every new alarm in the background
          </label>
          <div className="asst-row">
            <Field label="At or above priority" path="reports.minPriority" errors={errors}>
              <select
                value={draft.minPriority}
                onChange={(e) => update((d) => ({ ...d, minPriority: Priority.parse(e.target.value) }))}
                data-testid="assistant-min-priority"
              >
                {Priority.options.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="At most per minute" path="reports.perMinute" errors={errors}>
              <input
                inputMode="numeric"
                value={draft.perMinute}
                onChange={(e) => update((d) => ({ ...d, perMinute: e.target.value }))}
                data-testid="assistant-per-minute"
              />
            </Field>
            <Field label="Waiting at most" path="reports.queueLimit" errors={errors}>
              <input
                inputMode="numeric"
                value={draft.queueLimit}
                onChange={(e) => update((d) => ({ ...d, queueLimit: e.target.value }))}
                data-testid="assistant-queue-limit"
              />
            </Field>
          </div>
        </fieldset>

        {errors['(root)'] && (
          <p className="assistant-error" role="alert">
            {errors['(root)']}
          </p>
        )}
        <SaveButtons
          className="assistant-actions"
          busy={busy}
          dirty={dirty}
          source={settings.source}
          onDiscard={() => adopt(settings)}
          onReset={() => void reset()}
          testIdPrefix="assistant"
        >
          {busy && <span className="assistant-hint">Saving…</span>}
          {status && (
            <span
              className={status.ok ? 'asst-ok' : 'assistant-error'}
              role="status"
              data-testid="assistant-save-status"
            >
              {status.text}
            </span>
          )}
        </SaveButtons>
      </form>
      <AssistantStatusPanel live={live} />
    </div>
  );
}
