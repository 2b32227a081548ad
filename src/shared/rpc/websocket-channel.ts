// Client end of the WebSocket transport, with reconnect and backoff. Works with the browser's
// WebSocket and, in Node tests and the CLI, with any constructor of the same shape (`ws`).
import type { Channel, ChannelStatus, ClientMessage, ServerMessage } from './protocol';

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
  const messageListeners = new Set<(m: ServerMessage) => void>();
  const statusListeners = new Set<(s: ChannelStatus) => void>();
  let status: ChannelStatus = 'closed';
  let closedByUser = false;
  let backoff = minBackoff;
  let socket: SocketLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let resolveOpened!: () => void;
  const opened = new Promise<void>((r) => (resolveOpened = r));

  const setStatus = (next: ChannelStatus) => {
    if (status === next) return;
    status = next;
    for (const l of statusListeners) l(next);
  };

  const connect = () => {
    const ws = new Impl(url);
    socket = ws;
    ws.onopen = () => {
      backoff = minBackoff;
      setStatus('open');
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
      for (const l of messageListeners) l(msg);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      socket = undefined;
      setStatus('closed');
      if (closedByUser) return;
      retry = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    };
  };
  connect();

  return {
    opened,
    get status() {
      return status;
    },
    send(message) {
      if (socket && status === 'open') socket.send(JSON.stringify(message));
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
      closedByUser = true;
      if (retry) clearTimeout(retry);
      socket?.close();
      setStatus('closed');
    },
  };
}
