// The channels of the Notifications tab: the desktop, one SMTP server, and webhooks. Secrets are
// write-only: a set secret shows as "set", an empty field keeps it, "clear" removes it — but once
// the server changes, a stored secret must be entered again, and the field says why.
import { useState, type ReactNode } from 'react';
import { TestButton } from './TestButton';
import { askDesktopPermission, desktopPermission, type DesktopPermission } from './desktop-permission';
import {
  newWebhook,
  smtpPasswordNeeded,
  webhookSecretsNeeded,
  type NotificationsDraft,
  type SmtpDraft,
  type WebhookDraft,
} from './notification-draft';

export type Update = (change: (d: NotificationsDraft) => NotificationsDraft) => void;

export function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={wide ? 'notify-field wide' : 'notify-field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}

function SecretField(props: {
  label: string;
  value: string;
  isSet: boolean;
  clear: boolean;
  onValue: (v: string) => void;
  onClear: (c: boolean) => void;
  testId: string;
  /** Why the stored value cannot be kept as the form stands (its server changed), if so. */
  moved?: string | null;
}) {
  const needed = props.isSet && !props.clear && !props.value && props.moved;
  return (
    <Field label={props.label}>
      <span className="notify-secret">
        <input
          type="password"
          autoComplete="new-password"
          value={props.value}
          disabled={props.clear}
          className={needed ? 'needed' : undefined}
          placeholder={needed ? 'enter it again' : props.isSet ? 'set — leave empty to keep' : 'not set'}
          onChange={(e) => props.onValue(e.target.value)}
          data-testid={props.testId}
        />
        {props.isSet && (
          <label className="notify-inline">
            <input type="checkbox" checked={props.clear} onChange={(e) => props.onClear(e.target.checked)} /> clear
          </label>
        )}
      </span>
      {needed && <SecretNeeded reason={needed} testId={`${props.testId}-needed`} />}
    </Field>
  );
}

/** Why a stored secret must be typed again: it is only ever sent to the server it was saved for. */
function SecretNeeded({
  reason,
  testId,
  action = 'enter it again, or clear it',
}: {
  reason: string;
  testId: string;
  action?: string;
}) {
  return (
    <small className="notify-secret-needed" role="note" data-testid={testId}>
      {reason}: a stored secret only goes to the server it was saved for — {action}.
    </small>
  );
}

export function DesktopSection({
  draft,
  update,
  dirty,
}: {
  draft: NotificationsDraft;
  update: Update;
  dirty: boolean;
}) {
  const [permission, setPermission] = useState<DesktopPermission>(desktopPermission);
  const toggle = async (on: boolean) => {
    update((d) => ({ ...d, desktop: on }));
    if (on) setPermission(await askDesktopPermission());
  };
  return (
    <fieldset className="notify-section">
      <legend>Desktop</legend>
      <label className="notify-inline">
        <input
          type="checkbox"
          checked={draft.desktop}
          onChange={(e) => void toggle(e.target.checked)}
          data-testid="notify-desktop-enabled"
        />
        Show alarm notifications on the desktop of every open control-room window
      </label>
      <p className="notify-hint" data-testid="notify-desktop-permission">
        {permission === 'granted'
          ? 'This window may show notifications.'
          : permission === 'denied'
            ? 'Notifications are blocked for this window: allow them in the browser’s site settings.'
            : permission === 'unsupported'
              ? 'This browser cannot show notifications.'
              : 'This window has not been allowed to show notifications yet.'}{' '}
        {permission === 'default' && (
          <button type="button" className="button" onClick={() => void askDesktopPermission().then(setPermission)}>
            Allow in this window
          </button>
        )}
      </p>
      <TestButton channel="desktop" unsaved={dirty} />
    </fieldset>
  );
}

export function SmtpSection({ draft, update, dirty }: { draft: NotificationsDraft; update: Update; dirty: boolean }) {
  const s = draft.smtp;
  const set = (patch: Partial<SmtpDraft>) => update((d) => ({ ...d, smtp: { ...d.smtp, ...patch } }));
  return (
    <fieldset className="notify-section" data-testid="notify-smtp">
      <legend>E-mail (SMTP)</legend>
      <label className="notify-inline">
        <input type="checkbox" checked={s.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Send e-mail through an SMTP server
      </label>
      {s.enabled && (
        <div className="notify-grid">
          <Field label="Server">
            <input value={s.host} onChange={(e) => set({ host: e.target.value })} data-testid="notify-smtp-host" />
          </Field>
          <Field label="Port">
            <input
              value={s.port}
              inputMode="numeric"
              onChange={(e) => set({ port: e.target.value })}
              data-testid="notify-smtp-port"
            />
          </Field>
          <Field label="Security">
            <select
              value={s.security}
              onChange={(e) => set({ security: e.target.value as SmtpDraft['security'] })}
              data-testid="notify-smtp-security"
            >
              <option value="starttls">STARTTLS (required)</option>
              <option value="tls">TLS from the start</option>
              <option value="none">None (plain text)</option>
            </select>
          </Field>
          <label className="notify-inline">
            <input
              type="checkbox"
              checked={s.rejectUnauthorized}
              onChange={(e) => set({ rejectUnauthorized: e.target.checked })}
            />
            Check the server’s certificate
          </label>
          <Field label="User">
            <input
              value={s.user}
              autoComplete="off"
              onChange={(e) => set({ user: e.target.value })}
              data-testid="notify-smtp-user"
            />
          </Field>
          <SecretField
            label="Password"
            value={s.password}
            isSet={s.passwordSet}
            clear={s.clearPassword}
            onValue={(password) => set({ password })}
            onClear={(clearPassword) => set({ clearPassword })}
            testId="notify-smtp-password"
            moved={smtpPasswordNeeded(s)}
          />
          <Field label="From">
            <input value={s.from} onChange={(e) => set({ from: e.target.value })} data-testid="notify-smtp-from" />
          </Field>
          <Field label="To (default recipients, comma separated)" wide>
            <input value={s.to} onChange={(e) => set({ to: e.target.value })} data-testid="notify-smtp-to" />
          </Field>
        </div>
      )}
      <TestButton channel="email" unsaved={dirty} />
    </fieldset>
  );
}

function WebhookForm({
  hook,
  index,
  update,
  dirty,
}: {
  hook: WebhookDraft;
  index: number;
  update: Update;
  dirty: boolean;
}) {
  const set = (patch: Partial<WebhookDraft>) =>
    update((d) => ({ ...d, webhooks: d.webhooks.map((w, i) => (i === index ? { ...w, ...patch } : w)) }));
  const remove = () => update((d) => ({ ...d, webhooks: d.webhooks.filter((_, i) => i !== index) }));
  const moved = webhookSecretsNeeded(hook);
  // A stored header left without a value ("Name:") keeps its value, which cannot follow a new address.
  const keptHeaders = hook.headers.split('\n').filter((l) => /^[^:]+:\s*$/.test(l.trim()));
  return (
    <div className="notify-item" data-testid={`notify-webhook-${index}`}>
      <div className="notify-grid">
        <Field label="Id">
          <input
            value={hook.id}
            onChange={(e) => set({ id: e.target.value })}
            data-testid={`notify-webhook-${index}-id`}
          />
        </Field>
        <Field label="URL" wide>
          <input
            value={hook.url}
            onChange={(e) => set({ url: e.target.value })}
            data-testid={`notify-webhook-${index}-url`}
          />
        </Field>
        <SecretField
          label="Bearer token"
          value={hook.bearerToken}
          isSet={hook.bearerTokenSet}
          clear={hook.clearBearerToken}
          onValue={(bearerToken) => set({ bearerToken })}
          onClear={(clearBearerToken) => set({ clearBearerToken })}
          testId={`notify-webhook-${index}-bearer`}
          moved={moved}
        />
        <SecretField
          label="HMAC secret (signs each body)"
          value={hook.hmacSecret}
          isSet={hook.hmacSecretSet}
          clear={hook.clearHmacSecret}
          onValue={(hmacSecret) => set({ hmacSecret })}
          onClear={(clearHmacSecret) => set({ clearHmacSecret })}
          testId={`notify-webhook-${index}-hmac`}
          moved={moved}
        />
        <Field label="Timeout (ms)">
          <input value={hook.timeoutMs} inputMode="numeric" onChange={(e) => set({ timeoutMs: e.target.value })} />
        </Field>
        <Field label="Extra headers (Name: value, one per line; stored values are not shown — “Name:” keeps one)" wide>
          <textarea rows={2} value={hook.headers} onChange={(e) => set({ headers: e.target.value })} />
          {moved && keptHeaders.length > 0 && (
            <SecretNeeded
              reason={`${moved}, and ${keptHeaders.map((l) => l.split(':')[0]!.trim()).join(', ')} had stored values`}
              action="type the values again, or remove those lines"
              testId={`notify-webhook-${index}-headers-needed`}
            />
          )}
        </Field>
      </div>
      <div className="notify-row">
        <TestButton channel={`webhook:${hook.id}`} unsaved={dirty} />
        <button type="button" className="button" onClick={remove}>
          Remove webhook
        </button>
      </div>
    </div>
  );
}

export function WebhooksSection({
  draft,
  update,
  dirty,
}: {
  draft: NotificationsDraft;
  update: Update;
  dirty: boolean;
}) {
  return (
    <fieldset className="notify-section">
      <legend>Webhooks (JSON POST)</legend>
      {draft.webhooks.length === 0 && <p className="notify-hint">No webhooks.</p>}
      {draft.webhooks.map((hook, i) => (
        <WebhookForm key={i} hook={hook} index={i} update={update} dirty={dirty} />
      ))}
      <button
        type="button"
        className="button"
        onClick={() => update((d) => ({ ...d, webhooks: [...d.webhooks, newWebhook(d.webhooks)] }))}
        data-testid="notify-add-webhook"
      >
        Add webhook
      </button>
    </fieldset>
  );
}
