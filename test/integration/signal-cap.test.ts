// One message naming a new device with 5,000 signals used to stall the event loop for 23 s
// (registration re-parsed and re-saved the whole device per signal) with health blocked. Now
// registration is one write per device, and a device gains at most ingest.maxSignalsPerDevice
// signals from the wire: the rest of the message is refused with one dead letter, while the
// engine goes on answering health.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServe } from '../../src/main/server/serve';
import { makeTempDir } from '../support/temp-dir';
import { startServe } from '../support/test-serve';
import { waitFor } from '../support/wait';

describe('a message naming thousands of new signals', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;

  beforeAll(async () => {
    dir = makeTempDir();
    running = await startServe(dir.path, { sources: { mqtt: [{ id: 'plant', topics: ['wide/+'], qos: 1 }] } });
  });
  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('registers up to the cap, dead-letters the rest as readings, and health answers meanwhile', async () => {
    const engine = running.engine;
    const values: Record<string, number> = {};
    for (let k = 0; k < 5000; k++) values[`sensor-${k}`] = k;
    const message = JSON.stringify({ deviceId: 'wide-1', timestamp: Date.now() - 1000, values });
    expect(message.length).toBeGreaterThan(60_000);

    // Health is asked every 50 ms while the message is processed; the slowest answer is kept.
    let slowest = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        expect((await fetch(`${running.server.url}/api/health`)).status).toBe(200);
        slowest = Math.max(slowest, performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const client = await mqtt.connectAsync(engine.services.broker!.url);
    await client.publishAsync('wide/wide-1', message, { qos: 1 });
    await client.endAsync();
    await waitFor(() => engine.services.history.stored === 1000, { what: 'the first 1000 signals stored' });
    await engine.services.pipeline.drain();
    polling = false;
    await poller;

    expect(engine.services.registry.get('wide-1')!.signals).toHaveLength(1000);
    // The 4,000 refused readings are kept as readings, in as few letters as stay re-queueable
    // (64 KiB each), all with the same reason.
    const letters = engine.services.deadLetters.list(100);
    expect(letters.length).toBeLessThanOrEqual(10);
    expect(letters.reduce((n, d) => n + d.count, 0)).toBe(4000);
    for (const letter of letters) {
      expect(letter).toMatchObject({ source: 'plant', origin: 'wide/wide-1', truncated: false });
      expect(letter.reason).toMatch(
        /^\d+ rejected; first: device wide-1 already has 1000 signals, the most one device may register \(ingest\.maxSignalsPerDevice\)$/,
      );
    }
    // Quadratic registration blocked health for seconds (23 s at 5,000 signals).
    expect(slowest).toBeLessThan(2000);
  });
});
