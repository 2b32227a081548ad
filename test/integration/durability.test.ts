// Killing the engine loses nothing a broker delivered: QoS 1 messages are acknowledged only
// once durable, the persistent session keeps what arrives while the engine is down, and the
// historian stores a redelivered reading once. Runs the built engine (`npm test` builds).
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquittoEngine, type MosquittoEngine } from '../support/mosquitto-engine';
import { countStored, storedThisRun } from '../support/stored-readings';
import { sleep, waitFor } from '../support/wait';

describe('durability under SIGKILL', () => {
  let plant: MosquittoEngine;

  beforeAll(async () => {
    plant = await startMosquittoEngine('dur/+');
  });
  afterAll(async () => {
    await plant?.close();
  });

  it('stores every QoS 1 reading exactly once across a kill and restart', async () => {
    const { broker, data } = plant;
    let engine = await plant.start();

    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'durability-publisher' });
    const devices = 20;
    const total = 6000;
    const base = Date.now() - 60_000;
    let published = 0;
    const publishing = (async () => {
      for (let i = 0; i < total; i++) {
        const device = `dev-${i % devices}`;
        await publisher.publishAsync(
          `dur/${device}`,
          JSON.stringify({ deviceId: device, sensorType: 'v', value: i, timestamp: base + Math.floor(i / devices) }),
          { qos: 1 },
        );
        published++;
        if (i % 200 === 0) await sleep(20); // ~10k/s in bursts: the kill lands mid-stream
      }
    })();

    await waitFor(async () => (await storedThisRun(engine.url)) > 500, {
      what: 'some readings stored before the kill',
    });
    await engine.kill();
    const storedBeforeKill = published;
    await sleep(300); // the broker keeps queueing for the engine's session meanwhile
    engine = await plant.start();
    await publishing;
    await publisher.endAsync();
    expect(storedBeforeKill).toBeLessThan(total);

    await waitFor(async () => (await storedThisRun(engine.url)) >= total - 1000, {
      timeoutMs: 30_000,
      what: 'the tail',
    });
    await sleep(1500); // let redeliveries settle
    expect(await engine.stop()).toBe(0);

    const counts = await countStored(data);
    const sum = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(sum).toBe(total);
    for (let d = 0; d < devices; d++) expect(counts.get(`dev-${d}/v`), `dev-${d}`).toBe(total / devices);
  }, 90_000);
});
