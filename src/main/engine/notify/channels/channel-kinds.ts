// The notification channel kinds, registered once. Order is the order of the view's sections
// and of secret checks on a save. Adding a kind: docs/developer-guide.md, "How to add a
// notification channel".
import { desktopChannelKind } from './desktop-channel';
import { emailChannelKind } from './email-channel';
import type { NotificationRoute } from '../../../../shared/contract/notifications';
import type { ChannelKind } from './notification-channel';
import { webhookChannelKind } from './webhook-channel';

export const CHANNEL_KINDS: readonly ChannelKind[] = [desktopChannelKind, emailChannelKind, webhookChannelKind];

/** The kind a reference belongs to: "webhook:pager" is a webhook. */
export function channelKindOf(ref: string, kinds: readonly ChannelKind[] = CHANNEL_KINDS): ChannelKind | undefined {
  const name = ref.split(':', 1)[0];
  return kinds.find((k) => k.kind === name);
}

/** What one destination is when routes overlap: the channel, unless its kind says otherwise. */
export function channelDestination(ref: string, route: NotificationRoute): string {
  return channelKindOf(ref)?.destination?.(ref, route) ?? ref;
}
