// The desktop transport: a client channel over the MessagePort the shell hands this window.
// A port dies with the engine process, so this channel asks for a fresh one (with backoff)
// whenever the current port closes or none arrives, and reports closed/open like the
// WebSocket channel does — the client above re-subscribes and never learns the difference.
import { PORT_MESSAGE, type WatchfloorPreloadApi } from '../../../shared/preload-api';
import { createPortChannel } from '../../../shared/rpc/port-channel';
import { ChannelEvents } from '../../../shared/rpc/channel-events';
import type { ClientChannel, ClientMessage, ServerMessage } from '../../../shared/rpc/protocol';
import { domPort } from './dom-port';

const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;

export function createElectronChannel(api: WatchfloorPreloadApi, target: Window = window): ClientChannel {
  const events = new ChannelEvents<ServerMessage>('closed');
  let current: ClientChannel | undefined;
  let retryMs = MIN_RETRY_MS;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closedByUser = false;

  /** Asks the shell for a port, and asks again later if none has arrived by then. */
  const requestPort = () => {
    if (closedByUser) return;
    if (retry) clearTimeout(retry);
    api.connect();
    retry = setTimeout(requestPort, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  const attach = (port: MessagePort) => {
    if (retry) clearTimeout(retry);
    retry = undefined;
    retryMs = MIN_RETRY_MS;
    const channel = createPortChannel<ServerMessage, ClientMessage>(domPort(port));
    const previous = current;
    current = channel;
    previous?.close();
    channel.onMessage((m) => {
      if (current !== channel) return;
      events.emitMessage(m);
    });
    channel.onStatus((s) => {
      if (current !== channel || s !== 'closed') return;
      current = undefined;
      events.setStatus('closed');
      requestPort();
    });
    // A replacement port is a new connection: pass through 'closed' so pending requests fail
    // fast and subscriptions are re-sent on the new port.
    events.setStatus('closed');
    events.setStatus('open');
  };

  const onWindowMessage = (event: MessageEvent) => {
    const port = event.ports[0];
    if (event.data !== PORT_MESSAGE || !port) return;
    attach(port);
  };
  target.addEventListener('message', onWindowMessage);
  requestPort();

  return {
    get status() {
      return events.status;
    },
    send(message) {
      current?.send(message);
    },
    onMessage: events.onMessage,
    onStatus: events.onStatus,
    close() {
      closedByUser = true;
      if (retry) clearTimeout(retry);
      target.removeEventListener('message', onWindowMessage);
      const channel = current;
      current = undefined;
      channel?.close();
      events.setStatus('closed');
    },
  };
}
