// The contract's notification requests and stream, on the engine's Notifier.
import { IN_PROCESS } from '../../../shared/rpc/call-context';
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';
import type { Notifier } from './notifier';

type NotificationRequests = Pick<
  RequestHandlers,
  | 'notifications.settings.get'
  | 'notifications.settings.set'
  | 'notifications.settings.reset'
  | 'notifications.test'
  | 'notifications.log'
>;

export function notificationRequestHandlers(notifier: Notifier): NotificationRequests {
  return {
    'notifications.settings.get': () => notifier.settings(),
    'notifications.settings.set': (p) => notifier.saveSettings(p.config),
    'notifications.settings.reset': () => notifier.resetSettings(),
    'notifications.test': (p) => notifier.test(p.channel, p.emailTo),
    'notifications.log': (p) => ({
      items: notifier.deliveries.list(p),
      total: notifier.deliveries.total(p),
      counts: notifier.deliveries.counts(),
      reasons: notifier.deliveries.reasons(),
    }),
  };
}

export function notificationStreamHandlers(notifier: Notifier): Pick<StreamHandlers, 'notifications.desktop'> {
  return {
    // The engine's own subscription (IN_PROCESS: the replay log) is not a window.
    'notifications.desktop': (_p, emit, context) => notifier.onDesktop(emit, context !== IN_PROCESS),
  };
}
