// Server end of the WebSocket transport: adapts one `ws` connection to a contract channel.
import type { WebSocket } from 'ws';
import type { ChannelStatus, ClientMessage, ServerChannel, ServerMessage } from '../../shared/rpc/protocol';

/** Beyond this many unsent bytes a client is too slow to follow; it is disconnected to protect the engine. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function createWsServerChannel(socket: WebSocket): ServerChannel {
  const messageListeners = new Set<(m: ClientMessage) => void>();
  const statusListeners = new Set<(s: ChannelStatus) => void>();
  let status: ChannelStatus = 'open';

  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return;
    }
    for (const l of messageListeners) l(msg as ClientMessage);
  });
  socket.on('close', () => {
    status = 'closed';
    for (const l of statusListeners) l('closed');
  });
  socket.on('error', () => socket.terminate());

  return {
    get status() {
      return status;
    },
    send(message: ServerMessage) {
      if (status !== 'open') return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.terminate();
        return;
      }
      socket.send(JSON.stringify(message));
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
      socket.close();
    },
  };
}
