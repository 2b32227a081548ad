// The desktop channel: a notification goes to every open control-room window, which shows it
// as an OS notification (the notifications.desktop stream). It succeeds once some window got it.
// With no window open it waits for one (the queue parks it until a window connects) for at most
// WAIT_FOR_WINDOW_MS after it was raised; then it is "not shown": an old alarm popping up late
// would mislead more than it helps, and the alarm queue shows it anyway.
import type { PendingDelivery } from '../delivery-log';
import { testMessage, type OutgoingMessage } from '../message';
import type { ChannelDeps, ChannelKind, NotificationChannel } from './notification-channel';
import type { SendResult } from './send-result';

export const WAIT_FOR_WINDOW_MS = 15 * 60_000;

class DesktopChannel implements NotificationChannel {
  readonly ref = 'desktop';

  constructor(private readonly deps: ChannelDeps) {}

  send(d: PendingDelivery): SendResult {
    const windows = this.deps.windows.count;
    if (windows === 0) {
      return {
        ok: false,
        wait: true,
        detail: 'no control-room window that may show notifications is open',
        expiresAt: d.createdAt + WAIT_FOR_WINDOW_MS,
      };
    }
    const m = d.message;
    this.deps.windows.show({
      deliveryId: d.id,
      title: m.subject.replace(/^\[Watchfloor\] /, ''),
      body: m.text.split('\n').slice(2, 8).join('\n'),
      priority: m.priority,
      alarmId: m.alarmId,
      deviceId: m.deviceId,
      at: this.deps.clock(),
    });
    return {
      ok: true,
      detail: `shown in ${windows} window${windows === 1 ? '' : 's'}`,
      target: `${windows} window(s)`,
    };
  }

  test(at: number, options: { emailTo?: string[] }): OutgoingMessage {
    return testMessage(this.ref, at, options.emailTo);
  }

  describe(): string {
    return 'control-room windows';
  }

  close(): void {
    // The windows stay: they listen to the engine, not to one configuration of it.
  }
}

export const desktopChannelKind: ChannelKind = {
  kind: 'desktop',
  channels: (_config, deps) => [new DesktopChannel(deps)],
  missing: (ref) => ({ code: 'NOT_FOUND', test: `no channel "${ref}"`, send: `${ref} is no longer configured` }),
  routable: (config) => config.desktop.enabled,
  view: (config) => ({ desktop: { ...config.desktop } }),
};
