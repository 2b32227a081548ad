// The control-room windows listening for desktop notifications (the notifications.desktop
// stream). They outlive any change of the notification settings. A listener is not always a
// window: the engine's replay log of the stream listens from the start (replay/stream-logs.ts),
// and windows then read that log; so windows are counted apart (`opened()`), and only they make
// a desktop notification "shown".
import type { DesktopNotification } from '../../../../shared/contract/notifications';

export class DesktopWindows {
  private readonly listeners = new Set<(n: DesktopNotification) => void>();

  private windows = 0;

  /** Windows open now: those listening directly and those reading the replay log. */
  get count(): number {
    return this.windows;
  }

  /** `window`: false for the engine's own recorder (the replay log), which shows nothing. */
  listen(listener: (n: DesktopNotification) => void, window = true): () => void {
    this.listeners.add(listener);
    const closed = window ? this.opened() : () => {};
    return () => {
      this.listeners.delete(listener);
      closed();
    };
  }

  /** A window that reads the stream another way (the replay log); returns its close. */
  opened(): () => void {
    this.windows++;
    let open = true;
    return () => {
      if (open) this.windows--;
      open = false;
    };
  }

  show(n: DesktopNotification): void {
    for (const l of this.listeners) l(n);
  }

  clear(): void {
    this.listeners.clear();
    this.windows = 0;
  }
}
