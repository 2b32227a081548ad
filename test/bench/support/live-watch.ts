// A renderer's live subscription, for benches: a contract client over the engine's WebSocket
// (with the data folder's local key, as the desktop has) subscribed to live.readings for every
// device, counting what arrives.
import WebSocket from 'ws';
import { createClient } from '../../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../../src/shared/rpc/websocket-channel';
import { LOCAL_KEY_HEADER } from '../../../src/main/server/access/access-gate';
import { readLocalKey } from '../../../src/main/server/access/secret-files';

export interface LiveWatch {
  /** Readings received in live events so far. */
  readings(): number;
  close(): void;
}

export async function openLiveWatch(url: string, dataDir: string): Promise<LiveWatch> {
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
  const client = createClient(channel);
  await channel.opened;
  let count = 0;
  client.subscribe('live.readings', {}, (e) => (count += e.readings.length));
  return { readings: () => count, close: () => client.close() };
}
