// What every notification channel implements, and what every kind of channel declares. A channel
// is one way out — the control-room windows, one SMTP server, one webhook — named by the
// reference routes use ("desktop", "email", "webhook:<id>"). A kind makes its channels from the
// notification settings, owns its part of them (its view without secrets, and which stored
// secrets a save may keep), and says why a reference of its kind names nothing. The notifier
// looks channels up by reference and never branches on a kind's name; kinds are registered once,
// in channel-kinds.ts.
import type {
  NotificationRoute,
  NotificationsConfig,
  NotificationsConfigView,
} from '../../../../shared/contract/notifications';
import type { ErrorCode } from '../../../../shared/errors';
import type { PendingDelivery } from '../delivery-log';
import type { OutgoingMessage } from '../message';
import type { DesktopWindows } from './desktop-windows';
import type { SendResult } from './send-result';

export interface NotificationChannel {
  /** How routes and the delivery log name it: "desktop", "email", "webhook:<id>". */
  readonly ref: string;
  /**
   * One attempt to deliver; a failure is a result (permanent or worth a retry), never a throw.
   * A channel that knows at once (the desktop) answers at once: the attempt is logged in the
   * same turn as the delivery is shown.
   */
  send(delivery: PendingDelivery): Promise<SendResult> | SendResult;
  /** The message a test sends (Settings → Notifications → Send test), once, through send. */
  test(at: number, options: { emailTo?: string[] }): OutgoingMessage;
  /** To whom a message goes, for the delivery log: recipients, a URL, the windows. */
  describe(message: OutgoingMessage): string;
  /** Lets go of what it holds open (an SMTP connection): the settings changed or the engine stops. */
  close(): void;
}

/** What a kind's channels are given. */
export interface ChannelDeps {
  clock: () => number;
  /** The control-room windows that show desktop notifications. */
  windows: DesktopWindows;
}

/** Keeps a stored secret a save left out — toward the server it was saved for only (else an issue at `path`). */
export type KeepSecret = (
  value: string | undefined,
  stored: string | undefined,
  moved: string | undefined,
  path: string,
) => string | undefined;

/** Why a reference names no channel: a test is refused with `code` and `test`, a send fails for good with `send`. */
export interface MissingChannel {
  code: ErrorCode;
  test: string;
  send: string;
}

export interface ChannelKind {
  /** The reference's first part: "desktop", "email", "webhook" (references "webhook:<id>"). */
  readonly kind: string;
  /** The channels of this kind the settings define. */
  channels(config: NotificationsConfig, deps: ChannelDeps): NotificationChannel[];
  /** Why `ref` names no channel of this kind in the settings. */
  missing(ref: string): MissingChannel;
  /** Whether routes send to this kind now (the desktop can be switched off without editing routes). */
  routable?(config: NotificationsConfig): boolean;
  /** What counts as one destination when several routes match: e-mail to other recipients is another one. */
  destination?(ref: string, route: NotificationRoute): string;
  /** Its part of the view clients get: secrets replaced by whether they are set. */
  view(config: NotificationsConfig): Partial<NotificationsConfigView>;
  /** Its part of a save, with the stored secrets it left out kept where `keep` allows. */
  withSecrets?(next: NotificationsConfig, current: NotificationsConfig, keep: KeepSecret): Partial<NotificationsConfig>;
}
