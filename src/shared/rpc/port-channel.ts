// Channel over a MessagePort-like endpoint. Two flavours exist: the DOM's MessagePort
// (renderer) and Electron's MessagePortMain (utility process); both are adapted to `PortLike`
// by their callers, so this file knows neither.
import { ChannelEvents } from './channel-events';
import type { Channel } from './protocol';

export interface PortLike {
  postMessage(message: unknown): void;
  /** Registers the message listener; returns nothing — the port lives as long as the channel. */
  listen(onMessage: (data: unknown) => void, onClose: () => void): void;
  close(): void;
}

export function createPortChannel<In, Out>(port: PortLike): Channel<In, Out> {
  const events = new ChannelEvents<In>('open');
  const markClosed = () => events.setStatus('closed');
  port.listen((data) => events.emitMessage(data as In), markClosed);

  return {
    get status() {
      return events.status;
    },
    send(message) {
      if (events.status === 'open') port.postMessage(message);
    },
    onMessage: events.onMessage,
    onStatus: events.onStatus,
    close() {
      port.close();
      markClosed();
    },
  };
}
