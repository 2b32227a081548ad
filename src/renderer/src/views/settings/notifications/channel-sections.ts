// The notification channel kinds on the Notifications tab, registered once: each brings its
// section (the form, with its own "Send test") and the channel references its draft offers to
// routes. The tab and the routes read this list; neither branches on a channel's name.
import type { ReactNode } from 'react';
import { DesktopSection, SmtpSection, WebhooksSection, type Update } from './ChannelForms';
import type { NotificationsDraft } from './notification-draft';

export interface ChannelSection {
  /** The engine's channel kind: "desktop", "email", "webhook". */
  kind: string;
  Section(props: { draft: NotificationsDraft; update: Update; dirty: boolean }): ReactNode;
  /** The references routes may send to, as the form stands ("webhook:<id>" per webhook). */
  refs(draft: NotificationsDraft): string[];
}

export const CHANNEL_SECTIONS: readonly ChannelSection[] = [
  { kind: 'desktop', Section: DesktopSection, refs: () => ['desktop'] },
  { kind: 'email', Section: SmtpSection, refs: (d) => (d.smtp.enabled ? ['email'] : []) },
  { kind: 'webhook', Section: WebhooksSection, refs: (d) => d.webhooks.map((w) => `webhook:${w.id}`) },
];
