// Client end of the WebSocket transport, with reconnect and backoff. Works with the browser's
// WebSocket and, in Node tests and the CLI, with any constructor of the same shape (`ws`).
import { ChannelEvents } from './channel-events';
import type { Channel, ClientMessage, ServerMessage } from './protocol';

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type WebSocketConstructor = new (url: string) => SocketLike;

export interface WebSocketChannelOptions {
  WebSocketImpl?: WebSocketConstructor;
  /** First retry delay; doubles up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export type WebSocketChannel = Channel<ServerMessage, ClientMessage> & {
  /** Resolves once the first connection is open. */
  readonly opened: Promise<void>;
};

export function createWebSocketChannel(url: string, options: WebSocketChannelOptions = {}): WebSocketChannel {
  const Impl = options.WebSocketImpl ?? (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket;
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const events = new ChannelEvents<ServerMessage>('closed');
  let closedByUser = false;
  let backoff = minBackoff;
  let socket: SocketLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let resolveOpened!: () => void;
  const opened = new Promise<void>((r) => (resolveOpened = r));

  const connect = () => {
    const ws = new Impl(url);
    socket = ws;
    ws.onopen = () => {
      backoff = minBackoff;
      events.setStatus('open');
      resolveOpened();
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(ev.data) as ServerMessage;
      } catch {
        return;
      }
      events.emitMessage(msg);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      socket = undefined;
      events.setStatus('closed');
      if (closedByUser) return;
      retry = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    };
  };
  connect();

  return {
    opened,
    get status() {
      return events.status;
    },
    send(message) {
      if (socket && events.status === 'open') socket.send(JSON.stringify(message));
    },
    onMessage: events.onMessage,
    onStatus: events.onStatus,
    close() {
      closedByUser = true;
      if (retry) clearTimeout(retry);
      socket?.close();
      events.setStatus('closed');
    },
  };
}
