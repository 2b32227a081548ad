// Channel over a MessagePort-like endpoint. Two flavours exist: the DOM's MessagePort
// (renderer) and Electron's MessagePortMain (utility process); both are adapted to `PortLike`
// by their callers, so this file knows neither.
import type { Channel, ChannelStatus } from './protocol';

export interface PortLike {
  postMessage(message: unknown): void;
  /** Registers the message listener; returns nothing — the port lives as long as the channel. */
  listen(onMessage: (data: unknown) => void, onClose: () => void): void;
  close(): void;
}

export function createPortChannel<In, Out>(port: PortLike): Channel<In, Out> {
  const messageListeners = new Set<(m: In) => void>();
  const statusListeners = new Set<(s: ChannelStatus) => void>();
  let status: ChannelStatus = 'open';

  const markClosed = () => {
    if (status === 'closed') return;
    status = 'closed';
    for (const l of statusListeners) l('closed');
  };

  port.listen((data) => {
    for (const l of messageListeners) l(data as In);
  }, markClosed);

  return {
    get status() {
      return status;
    },
    send(message) {
      if (status === 'open') port.postMessage(message);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      port.close();
      markClosed();
    },
  };
}
