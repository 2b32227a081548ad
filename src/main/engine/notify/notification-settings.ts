// Where the notification configuration comes from. The configuration file gives the start;
// saving from the UI stores a complete copy in state.db that overrides the file's
// `notifications` section as a whole until it is reset. Secrets never leave the engine: the
// view says only whether each is set, and a save that omits one keeps the stored value.
import {
  NotificationsConfig,
  type NotificationsConfigView,
  type SmtpConfig,
  type WebhookConfig,
} from '../../../shared/contract/notifications';
import type { StateDb } from '../state/state-db';

const KEY = 'notifications';

export interface StoredNotifications {
  config: NotificationsConfig;
  updatedAt: number;
}

export function loadStoredNotifications(db: StateDb, log: (m: string) => void): StoredNotifications | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    const raw = JSON.parse(row.value) as { config: unknown; updatedAt: number };
    const parsed = NotificationsConfig.safeParse(raw.config);
    if (parsed.success) return { config: parsed.data, updatedAt: raw.updatedAt };
    log(`saved notification settings are no longer valid (${parsed.error.issues[0]?.message}); using the file's`);
  } catch (err) {
    log(`saved notification settings are unreadable (${String(err)}); using the file's`);
  }
  return undefined;
}

export function saveNotifications(db: StateDb, config: NotificationsConfig, at: number): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify({ config, updatedAt: at }));
}

export function clearNotifications(db: StateDb): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(KEY);
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** An omitted secret keeps the current one, but only toward the same server; "" clears it. */
function keep(next: string | undefined, current: string | undefined, sameServer: boolean): string | undefined {
  if (next === '') return undefined;
  if (next !== undefined) return next;
  return sameServer ? current : undefined;
}

export function mergeSecrets(next: NotificationsConfig, current: NotificationsConfig): NotificationsConfig {
  let smtp: SmtpConfig | undefined = next.smtp;
  if (smtp) {
    const same = current.smtp?.host === smtp.host && current.smtp?.port === smtp.port;
    smtp = { ...smtp, password: keep(smtp.password, current.smtp?.password, same) };
  }
  const webhooks: WebhookConfig[] = next.webhooks.map((w) => {
    const was = current.webhooks.find((c) => c.id === w.id);
    const same = was !== undefined && origin(was.url) === origin(w.url);
    return {
      ...w,
      bearerToken: keep(w.bearerToken, was?.bearerToken, same),
      hmacSecret: keep(w.hmacSecret, was?.hmacSecret, same),
    };
  });
  return { ...next, smtp, webhooks };
}

export function toView(c: NotificationsConfig): NotificationsConfigView {
  let smtp: NotificationsConfigView['smtp'] = null;
  if (c.smtp) {
    const { password, ...rest } = c.smtp;
    smtp = { ...rest, passwordSet: Boolean(password) };
  }
  return {
    enabled: c.enabled,
    timeZone: c.timeZone ?? null,
    desktop: { ...c.desktop },
    smtp,
    webhooks: c.webhooks.map(({ bearerToken, hmacSecret, ...rest }) => ({
      ...rest,
      bearerTokenSet: Boolean(bearerToken),
      hmacSecretSet: Boolean(hmacSecret),
    })),
    routes: c.routes,
    retry: { ...c.retry },
    queueLimit: c.queueLimit,
    logRetentionDays: c.logRetentionDays,
  };
}
