// In-memory channel pair: the in-process transport, and the way tests exercise the contract
// without sockets. Messages are structured-cloned, as they would be across a real boundary.
import { ChannelEvents } from './channel-events';
import type { Channel, ClientMessage, ServerMessage } from './protocol';

class MemoryEnd<In, Out> implements Channel<In, Out> {
  peer!: MemoryEnd<Out, In>;
  private readonly events = new ChannelEvents<In>('open');
  readonly onMessage = this.events.onMessage;
  readonly onStatus = this.events.onStatus;

  get status() {
    return this.events.status;
  }

  send(message: Out): void {
    if (this.status !== 'open') return;
    const copy = structuredClone(message);
    const peer = this.peer;
    queueMicrotask(() => peer.deliver(copy));
  }

  deliver(message: In): void {
    if (this.status === 'open') this.events.emitMessage(message);
  }

  markClosed(): void {
    this.events.setStatus('closed');
  }

  close(): void {
    this.markClosed();
    this.peer.markClosed();
  }
}

export function createMemoryChannelPair(): [
  client: Channel<ServerMessage, ClientMessage>,
  server: Channel<ClientMessage, ServerMessage>,
] {
  const client = new MemoryEnd<ServerMessage, ClientMessage>();
  const server = new MemoryEnd<ClientMessage, ServerMessage>();
  client.peer = server;
  server.peer = client;
  return [client, server];
}
