// A contract client over the engine's WebSocket with the data folder's local key, as the desktop
// connects, for benches that drive a running `watchfloor serve`.
import WebSocket from 'ws';
import { createClient } from '../../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../../src/shared/rpc/websocket-channel';
import { LOCAL_KEY_HEADER } from '../../../src/main/server/access/access-gate';
import { readLocalKey } from '../../../src/main/server/access/secret-files';

/** Connected once `opened` resolves. */
export function keyedClient(url: string, dataDir: string, options: { timeoutMs?: number } = {}) {
  const key = readLocalKey(dataDir);
  const headers: Record<string, string> = key ? { [LOCAL_KEY_HEADER]: key.toString('hex') } : {};
  class KeyedWebSocket extends WebSocket {
    constructor(address: string) {
      super(address, { headers });
    }
  }
  const channel = createWebSocketChannel(`${url.replace(/^http/, 'ws')}/ws`, {
    WebSocketImpl: KeyedWebSocket as unknown as WebSocketConstructor,
  });
  return { client: createClient(channel, options), opened: channel.opened };
}
