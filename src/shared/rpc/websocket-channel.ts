// Client end of the WebSocket transport, with reconnect and backoff. Works with the browser's
// WebSocket and, in Node tests and the CLI, with any constructor of the same shape (`ws`).
// A dropped link is often silent (a pulled cable, a VPN gone): the engine sends a heartbeat every
// 2 s, so more than 4.5 s without any message means the link is lost — the channel says 'closed'
// at once (without waiting for a close handshake that may never come) and connects again. A
// connection attempt that neither opens nor fails within 5 s is given up the same way.
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
  /** Silence (no message at all) after which the connection counts as lost; 0: never. */
  silenceMs?: number;
  /** An attempt not open by then is abandoned and retried. */
  connectTimeoutMs?: number;
}

/** The engine's heartbeat is every 2 s (rpc/server.ts): two missed and a half, and the link is gone. */
export const SILENCE_MS = 4500;

export type WebSocketChannel = Channel<ServerMessage, ClientMessage> & {
  /** Resolves once the first connection is open. */
  readonly opened: Promise<void>;
};

export function createWebSocketChannel(url: string, options: WebSocketChannelOptions = {}): WebSocketChannel {
  const Impl = options.WebSocketImpl ?? (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket;
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const silenceMs = options.silenceMs ?? SILENCE_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const events = new ChannelEvents<ServerMessage>('closed');
  let closedByUser = false;
  let backoff = minBackoff;
  let socket: SocketLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** The connect timeout, then the silence check, of the current socket. */
  let watch: ReturnType<typeof setTimeout> | undefined;
  let lastHeard = 0;
  let resolveOpened!: () => void;
  const opened = new Promise<void>((r) => (resolveOpened = r));

  const stopWatch = () => {
    if (watch !== undefined) clearTimeout(watch);
    watch = undefined;
  };

  /** The socket is gone (closed, failed, silent): say so and try again after the backoff. */
  const lost = (ws: SocketLike) => {
    if (socket !== ws) return;
    stopWatch();
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.onerror = () => {};
    socket = undefined;
    try {
      ws.close();
    } catch {
      // already closed
    }
    events.setStatus('closed');
    if (closedByUser) return;
    retry = setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, maxBackoff);
  };

  const checkSilence = (ws: SocketLike) => {
    const quiet = Date.now() - lastHeard;
    if (quiet > silenceMs) lost(ws);
    else watch = setTimeout(() => checkSilence(ws), Math.max(100, silenceMs - quiet + 50));
  };

  const connect = () => {
    const ws = new Impl(url);
    socket = ws;
    if (connectTimeoutMs > 0) watch = setTimeout(() => lost(ws), connectTimeoutMs);
    ws.onopen = () => {
      stopWatch();
      lastHeard = Date.now();
      if (silenceMs > 0) watch = setTimeout(() => checkSilence(ws), silenceMs + 50);
      backoff = minBackoff;
      events.setStatus('open');
      resolveOpened();
    };
    ws.onmessage = (ev) => {
      lastHeard = Date.now();
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
    ws.onclose = () => lost(ws);
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
      stopWatch();
      socket?.close();
      events.setStatus('closed');
    },
  };
}
