// Settings → Notifications: channels, routes and the delivery log. Saving validates in the
// engine and stores the settings in state.db, where they override the configuration file's
// `notifications` section until "Use the configuration file" is pressed.
import { useCallback, useState } from 'react';
import type { NotificationsSettings } from '../../../../../shared/contract/notifications';
import { badRequestIssues } from '../../../../../shared/bad-request';
import { useClient } from '../../../app/engine-context';
import { Field } from './ChannelForms';
import { CHANNEL_SECTIONS } from './channel-sections';
import { DeliveryLog } from './DeliveryLog';
import { describeIssuePath, fromDraft, toDraft, type NotificationsDraft } from './notification-draft';
import { RoutesSection } from './RoutesSection';
import './notifications.css';
import { SaveButtons } from '../SaveButtons';
import { useLoadWhenConnected } from '../use-load-when-connected';
import { formatDateTime } from '../../../components/time-format';

function problemsOf(err: unknown, draft: NotificationsDraft): string[] {
  const issues = badRequestIssues(err);
  if (issues.length) return issues.map((i) => `${describeIssuePath(i.path, draft)}: ${i.message}`);
  return [err instanceof Error ? err.message : String(err)];
}

export function NotificationsTab() {
  const client = useClient();
  const [settings, setSettings] = useState<NotificationsSettings | null>(null);
  const [draft, setDraft] = useState<NotificationsDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const adopt = useCallback((s: NotificationsSettings) => {
    setSettings(s);
    setDraft(toDraft(s.config));
    setDirty(false);
    setProblems([]);
  }, []);

  useLoadWhenConnected(
    () => client.request('notifications.settings.get', {}),
    dirty,
    adopt,
    (message) => setProblems([message]),
  );

  const update = useCallback((change: (d: NotificationsDraft) => NotificationsDraft) => {
    setDraft((d) => (d ? change(d) : d));
    setDirty(true);
    setSaved(false);
  }, []);

  if (!draft || !settings) {
    return problems.length ? <p className="notify-error">{problems[0]}</p> : <p className="notify-hint">Loading…</p>;
  }

  const save = async () => {
    const { config, problems: local } = fromDraft(draft);
    if (local.length) {
      setProblems(local);
      return;
    }
    setBusy(true);
    try {
      adopt(await client.request('notifications.settings.set', { config }));
      setSaved(true);
    } catch (err) {
      setProblems(problemsOf(err, draft));
    } finally {
      setBusy(false);
    }
  };

  const reset = async () => {
    setBusy(true);
    try {
      adopt(await client.request('notifications.settings.reset', {}));
    } catch (err) {
      setProblems(problemsOf(err, draft));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="notify" data-testid="notifications-tab">
      <p className="notify-hint" data-testid="notify-source">
        {settings.source === 'settings'
          ? `Saved here ${settings.updatedAt ? formatDateTime(settings.updatedAt) : ''}: these settings override the configuration file’s.`
          : 'From the configuration file. Saving here overrides it until you return to the file’s settings.'}
      </p>
      <fieldset className="notify-section">
        <legend>General</legend>
        <div className="notify-grid">
          <label className="notify-inline">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => update((d) => ({ ...d, enabled: e.target.checked }))}
              data-testid="notify-enabled"
            />
            Send notifications
          </label>
          <Field label={`Time zone for routes (empty: the engine’s, ${settings.localTimeZone})`}>
            <input
              value={draft.timeZone}
              placeholder={settings.localTimeZone}
              onChange={(e) => update((d) => ({ ...d, timeZone: e.target.value }))}
              data-testid="notify-timezone"
            />
          </Field>
        </div>
      </fieldset>
      {CHANNEL_SECTIONS.map(({ kind, Section }) => (
        <Section key={kind} draft={draft} update={update} dirty={dirty} />
      ))}
      <RoutesSection draft={draft} update={update} />
      {problems.length > 0 && (
        <div className="notify-error" role="alert" data-testid="notify-problems">
          <b>Not saved:</b>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <SaveButtons
        className="notify-row notify-actions"
        busy={busy}
        dirty={dirty}
        source={settings.source}
        onSave={() => void save()}
        onDiscard={() => adopt(settings)}
        onReset={() => void reset()}
        testIdPrefix="notify"
      >
        {saved && !dirty && (
          <span className="notify-test-ok" role="status" data-testid="notify-saved">
            Saved.
          </span>
        )}
      </SaveButtons>
      <DeliveryLog />
    </div>
  );
}
