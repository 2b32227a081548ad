// Where the notification configuration comes from. The configuration file gives the start;
// saving from the UI stores a complete copy in state.db that overrides the file's
// `notifications` section as a whole until it is reset. Secrets never leave the engine: the
// view says only whether each is set (webhook headers: only their names), and a save that
// omits one keeps the stored value, toward the same server only. Which fields are secrets, and
// what "the same server" is, each channel kind says (channels/).
import { NotificationsConfig, type NotificationsConfigView } from '../../../shared/contract/notifications';
import { EngineError } from '../../../shared/errors';
import type { StateDb } from '../state/state-db';
import { clearSetting, loadSetting, saveSetting, type StoredSetting } from '../state/stored-setting';
import { CHANNEL_KINDS } from './channels/channel-kinds';
import type { KeepSecret } from './channels/notification-channel';

const KEY = 'notifications';

export type StoredNotifications = StoredSetting<NotificationsConfig>;

export function loadStoredNotifications(db: StateDb, log: (m: string) => void): StoredNotifications | undefined {
  return loadSetting(db, KEY, NotificationsConfig, 'notification', log);
}

export function saveNotifications(db: StateDb, config: NotificationsConfig, at: number): void {
  saveSetting(db, KEY, config, at);
}

export function clearNotifications(db: StateDb): void {
  clearSetting(db, KEY);
}

interface Issue {
  path: string;
  message: string;
}

/**
 * A save with secrets left out keeps the stored ones ("" clears them), but a stored secret only
 * ever goes where it was saved for: a save that points a channel at another server (SMTP host
 * or port, or weaker TLS; a webhook URL of another origin — each channel kind says) must bring
 * its secrets again, or it is refused with an issue at each secret saying why. Webhook header
 * values are secrets too: a header sent with an empty value keeps the stored value.
 */
export function mergeSecrets(next: NotificationsConfig, current: NotificationsConfig): NotificationsConfig {
  const issues: Issue[] = [];
  /** The value to store: the new one, the kept one, or nothing; an issue when keeping would move it. */
  const keep: KeepSecret = (value, stored, moved, path) => {
    if (value === '') return undefined;
    if (value !== undefined) return value;
    if (stored === undefined) return undefined;
    if (moved) issues.push({ path, message: `${moved}: enter it again, or clear it` });
    return moved ? undefined : stored;
  };
  const kept = CHANNEL_KINDS.map((kind) => kind.withSecrets?.(next, current, keep) ?? {});
  if (issues.length > 0) {
    throw new EngineError('BAD_REQUEST', `notification settings: ${issues[0]!.path}: ${issues[0]!.message}`, {
      issues,
    });
  }
  return Object.assign({ ...next }, ...kept) as NotificationsConfig;
}

/** The configuration as clients see it: each channel kind shows its part without secrets. */
export function toView(c: NotificationsConfig): NotificationsConfigView {
  return {
    enabled: c.enabled,
    timeZone: c.timeZone ?? null,
    ...(Object.assign({}, ...CHANNEL_KINDS.map((kind) => kind.view(c))) as Pick<
      NotificationsConfigView,
      'desktop' | 'smtp' | 'webhooks'
    >),
    routes: c.routes,
    retry: { ...c.retry },
    queueLimit: c.queueLimit,
    logRetentionDays: c.logRetentionDays,
  };
}
