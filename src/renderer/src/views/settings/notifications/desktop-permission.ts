// The browser's notification permission, asked for when the operator turns desktop
// notifications on. Windows listen for the change so they start (or stop) showing them.
export type DesktopPermission = NotificationPermission | 'unsupported';

export const PERMISSION_CHANGED = 'watchfloor:notification-permission';

export function desktopPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const result =
    Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  window.dispatchEvent(new Event(PERMISSION_CHANGED));
  return result;
}
