// OS notifications for alarms: the engine cannot show them itself, so every window with the
// browser's permission subscribes to `notifications.desktop` and shows each one with
// `new Notification(...)` (Electron and browsers alike). Windows of one app share a tag per
// delivery, so the OS shows a notification once however many windows are open.
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/app-store';
import { PERMISSION_CHANGED } from '../views/settings/notifications/desktop-permission';
import { useClient } from './engine-context';

const granted = () => typeof Notification !== 'undefined' && Notification.permission === 'granted';

export function useDesktopNotifications(): void {
  const client = useClient();
  const [allowed, setAllowed] = useState(granted);
  const connected = useAppStore((s) => s.connection === 'open');

  useEffect(() => {
    const recheck = () => setAllowed(granted());
    window.addEventListener(PERMISSION_CHANGED, recheck);
    window.addEventListener('focus', recheck);
    return () => {
      window.removeEventListener(PERMISSION_CHANGED, recheck);
      window.removeEventListener('focus', recheck);
    };
  }, []);

  useEffect(() => {
    // Without permission the window does not subscribe: the engine then logs that no window
    // could show it, instead of claiming a notification nobody saw.
    if (!allowed || !connected) return;
    return client.subscribe('notifications.desktop', {}, (n) => {
      const shown = new Notification(n.title, {
        body: n.body,
        tag: `watchfloor-${n.deliveryId}`,
        requireInteraction: n.priority === 'critical',
      });
      shown.onclick = () => {
        window.focus();
        useAppStore.getState().setView('alarms');
        shown.close();
      };
    });
  }, [client, allowed, connected]);
}
