// In-memory channel pair: the in-process transport, and the way tests exercise the contract
// without sockets. Messages are structured-cloned, as they would be across a real boundary.
import type { Channel, ChannelStatus, ClientMessage, ServerMessage } from './protocol';

class MemoryEnd<In, Out> implements Channel<In, Out> {
  peer!: MemoryEnd<Out, In>;
  status: ChannelStatus = 'open';
  private readonly messageListeners = new Set<(m: In) => void>();
  private readonly statusListeners = new Set<(s: ChannelStatus) => void>();

  send(message: Out): void {
    if (this.status !== 'open') return;
    const copy = structuredClone(message);
    const peer = this.peer;
    queueMicrotask(() => peer.deliver(copy));
  }

  deliver(message: In): void {
    if (this.status !== 'open') return;
    for (const l of this.messageListeners) l(message);
  }

  onMessage(listener: (m: In) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onStatus(listener: (s: ChannelStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  markClosed(): void {
    if (this.status === 'closed') return;
    this.status = 'closed';
    for (const l of this.statusListeners) l('closed');
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
