// The control-room windows listening for desktop notifications (the notifications.desktop
// stream). They outlive any change of the notification settings.
import type { DesktopNotification } from '../../../../shared/contract/notifications';

export class DesktopWindows {
  private readonly listeners = new Set<(n: DesktopNotification) => void>();

  get count(): number {
    return this.listeners.size;
  }

  listen(listener: (n: DesktopNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  show(n: DesktopNotification): void {
    for (const l of this.listeners) l(n);
  }

  clear(): void {
    this.listeners.clear();
  }
}
