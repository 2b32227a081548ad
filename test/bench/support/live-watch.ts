// A renderer's live subscription, for benches: a contract client over the engine's WebSocket
// (with the data folder's local key, as the desktop has) subscribed to live.readings for every
// device, counting what arrives.
import { keyedClient } from './keyed-client';

export interface LiveWatch {
  /** Readings received in live events so far. */
  readings(): number;
  close(): void;
}

export async function openLiveWatch(url: string, dataDir: string): Promise<LiveWatch> {
  const { client, opened } = keyedClient(url, dataDir);
  await opened;
  let count = 0;
  client.subscribe('live.readings', {}, (e) => (count += e.readings.length));
  return { readings: () => count, close: () => client.close() };
}
