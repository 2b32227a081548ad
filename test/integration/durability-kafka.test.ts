// Killing the engine while it consumes Kafka loses nothing and stores nothing twice: offsets
// are committed only once readings are durable, the restarted engine resumes from the last
// commit, and the historian absorbs the replayed tail. Runs the built engine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { countStored, storedInHistory, storedThisRun } from '../support/stored-readings';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { sleep, waitFor } from '../support/wait';

describe('durability under SIGKILL, Kafka', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let mock: KafkaMock;
  let engine: ServeProcess | undefined;

  beforeAll(async () => {
    dir = makeTempDir();
    mock = await startKafkaMock();
    await mock.createTopics(['durable']);
  }, 60_000);
  afterAll(async () => {
    await engine?.kill();
    await mock?.stop();
    dir?.remove();
  });

  it('stores every record exactly once across a kill and restart', async () => {
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({
        broker: { embedded: false },
        simulator: { enabled: false },
        sources: {
          mqtt: [],
          kafka: [
            {
              id: 'k',
              brokers: [mock.bootstrap],
              topics: ['durable'],
              groupId: 'wf-durable',
              fromBeginning: true,
              sessionTimeoutMs: 6000,
            },
          ],
        },
      }),
    );
    const data = join(dir.path, 'data');
    const args = ['--config', config, '--data', data];
    engine = await startServeProcess(args);

    const producer = new Kafka({
      clientId: 'durability',
      brokers: [mock.bootstrap],
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    const devices = 10;
    const total = 4000;
    const base = Date.now() - 60_000;
    const producing = (async () => {
      for (let batch = 0; batch < total / 100; batch++) {
        await producer.send({
          topic: 'durable',
          messages: Array.from({ length: 100 }, (_, k) => {
            const i = batch * 100 + k;
            const device = `dev-${i % devices}`;
            return {
              key: device,
              value: JSON.stringify({
                deviceId: device,
                sensorType: 'v',
                value: i,
                timestamp: base + Math.floor(i / devices),
              }),
            };
          }),
        });
        await sleep(25);
      }
    })();

    await waitFor(async () => (await storedThisRun(engine!.url)) > 300, {
      timeoutMs: 20_000,
      what: 'some records stored before the kill',
    });
    await engine.kill();
    engine = await startServeProcess(args);
    await producing;
    await producer.disconnect();
    await waitFor(async () => (await storedInHistory(engine!.url)) >= total, {
      timeoutMs: 45_000,
      what: 'every record stored',
    });
    await sleep(1000); // a replay of an uncommitted tail would arrive now
    expect(await engine.stop()).toBe(0);
    engine = undefined;

    const counts = await countStored(data);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(total);
    for (let d = 0; d < devices; d++) expect(counts.get(`dev-${d}/v`), `dev-${d}`).toBe(total / devices);
  }, 90_000);
});
