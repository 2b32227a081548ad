// A typed contract client over a real WebSocket to a running engine (`serve`): what a browser
// or a remote desktop uses.
import WebSocket from 'ws';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';

export async function connectWs(baseUrl: string): Promise<ContractClient> {
  const channel = createWebSocketChannel(`${baseUrl.replace(/^http/, 'ws')}/ws`, {
    WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
  });
  await channel.opened;
  return createClient(channel);
}
