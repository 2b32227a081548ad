// An in-memory contract link that drops and comes back, like a WebSocket that reconnects: the
// client end stays, each `up()` attaches a new server end (a new connection), `down()` closes
// both. For unit tests of resuming without sockets.
import { ChannelEvents } from '../../src/shared/rpc/channel-events';
import type { ClientChannel, ClientMessage, ServerChannel, ServerMessage } from '../../src/shared/rpc/protocol';

export function droppableLink(attach: (server: ServerChannel) => void) {
  const clientEvents = new ChannelEvents<ServerMessage>('closed');
  let serverEvents: ChannelEvents<ClientMessage> | undefined;
  const client: ClientChannel = {
    get status() {
      return clientEvents.status;
    },
    send: (m) => {
      const to = serverEvents;
      if (to && clientEvents.status === 'open') queueMicrotask(() => to.emitMessage(structuredClone(m)));
    },
    onMessage: clientEvents.onMessage,
    onStatus: clientEvents.onStatus,
    close: () => clientEvents.setStatus('closed'),
  };
  const up = () => {
    const events = new ChannelEvents<ClientMessage>('open');
    serverEvents = events;
    const server: ServerChannel = {
      get status() {
        return events.status;
      },
      send: (m) => {
        if (events.status === 'open' && serverEvents === events)
          queueMicrotask(() => clientEvents.emitMessage(structuredClone(m)));
      },
      onMessage: events.onMessage,
      onStatus: events.onStatus,
      close: () => events.setStatus('closed'),
    };
    attach(server);
    clientEvents.setStatus('open');
  };
  const down = () => {
    serverEvents?.setStatus('closed');
    serverEvents = undefined;
    clientEvents.setStatus('closed');
  };
  return { client, up, down };
}
