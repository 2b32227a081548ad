// The listener bookkeeping every channel implementation shares: message and status
// listeners, and a status that notifies only on change.
import type { ChannelStatus } from './protocol';

export class ChannelEvents<In> {
  private readonly messageListeners = new Set<(m: In) => void>();
  private readonly statusListeners = new Set<(s: ChannelStatus) => void>();

  constructor(public status: ChannelStatus) {}

  readonly onMessage = (listener: (m: In) => void): (() => void) => {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  };

  readonly onStatus = (listener: (s: ChannelStatus) => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  emitMessage(message: In): void {
    for (const l of this.messageListeners) l(message);
  }

  setStatus(next: ChannelStatus): void {
    if (this.status === next) return;
    this.status = next;
    for (const l of this.statusListeners) l(next);
  }
}
