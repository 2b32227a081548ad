// The channels the current notification settings define, by reference. Rebuilt whenever the
// settings change (the old channels are closed first, so an SMTP connection to a server that is
// no longer configured does not linger); looked up for every send, test and delivery-log entry.
import type { NotificationsConfig } from '../../../../shared/contract/notifications';
import { CHANNEL_KINDS, channelKindOf } from './channel-kinds';
import type { ChannelDeps, ChannelKind, MissingChannel, NotificationChannel } from './notification-channel';

export class ChannelSet {
  private byRef = new Map<string, NotificationChannel>();

  constructor(
    private readonly deps: ChannelDeps,
    private readonly kinds: readonly ChannelKind[] = CHANNEL_KINDS,
  ) {}

  /** Makes the channels of these settings, closing the previous ones. */
  configure(config: NotificationsConfig): void {
    this.close();
    for (const kind of this.kinds) {
      for (const channel of kind.channels(config, this.deps)) this.byRef.set(channel.ref, channel);
    }
  }

  get(ref: string): NotificationChannel | undefined {
    return this.byRef.get(ref);
  }

  kindOf(ref: string): ChannelKind | undefined {
    return channelKindOf(ref, this.kinds);
  }

  /** Why `ref` names no channel now. */
  missing(ref: string): MissingChannel {
    return (
      this.kindOf(ref)?.missing(ref) ?? {
        code: 'NOT_FOUND',
        test: `no channel "${ref}"`,
        send: `${ref} is no longer configured`,
      }
    );
  }

  /** Whether routes send to `ref` now. */
  routable(ref: string, config: NotificationsConfig): boolean {
    return this.kindOf(ref)?.routable?.(config) ?? true;
  }

  close(): void {
    for (const channel of this.byRef.values()) channel.close();
    this.byRef.clear();
  }
}
