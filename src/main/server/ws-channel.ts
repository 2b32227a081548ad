// Server end of the WebSocket transport: adapts one `ws` connection to a contract channel.
import type { WebSocket } from 'ws';
import { ChannelEvents } from '../../shared/rpc/channel-events';
import type { ClientMessage, ServerChannel, ServerMessage } from '../../shared/rpc/protocol';

/** Beyond this many unsent bytes a client is too slow to follow; it is disconnected to protect the engine. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function createWsServerChannel(socket: WebSocket): ServerChannel {
  const events = new ChannelEvents<ClientMessage>('open');

  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return;
    }
    events.emitMessage(msg as ClientMessage);
  });
  socket.on('close', () => events.setStatus('closed'));
  socket.on('error', () => socket.terminate());

  return {
    get status() {
      return events.status;
    },
    send(message: ServerMessage) {
      if (events.status !== 'open') return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.terminate();
        return;
      }
      socket.send(JSON.stringify(message));
    },
    onMessage: events.onMessage,
    onStatus: events.onStatus,
    close() {
      socket.close();
    },
  };
}
