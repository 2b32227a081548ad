// One corpus of bad input through every source — MQTT, HTTP, Kafka: each item lands in dead
// letters with a reason, counted per source, and the good readings around it are all stored.
import { Kafka, logLevel } from 'kafkajs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const now = Date.now();
/** [what, payload, reason pattern] */
const CORPUS: [string, string | Buffer, RegExp][] = [
  ['not JSON', '{"deviceId": "a",', /not valid JSON/],
  ['wrong type', JSON.stringify({ deviceId: 'dev-1', sensorType: 't', value: 'high' }), /must be a number/],
  ['NaN as text', JSON.stringify({ deviceId: 'dev-1', sensorType: 't', value: 'NaN' }), /must be a number/],
  ['Infinity', '{"deviceId":"dev-1","sensorType":"t","value":1e999}', /not a finite number/],
  ['missing field', JSON.stringify({ deviceId: 'dev-1', value: 1 }), /missing "sensorType"/],
  [
    'far future',
    JSON.stringify({ deviceId: 'dev-1', sensorType: 't', value: 1, timestamp: now + 30 * 86_400_000 }),
    /engine's clock/,
  ],
  [
    'far past',
    JSON.stringify({ deviceId: 'dev-1', sensorType: 't', value: 1, timestamp: '2001-01-01T00:00:00Z' }),
    /engine's clock/,
  ],
  [
    'oversized',
    JSON.stringify({ deviceId: 'dev-1', sensorType: 't', value: 1, pad: 'x'.repeat(300 * 1024) }),
    /exceeds/,
  ],
  ['not UTF-8', Buffer.from([0xff, 0xfe, 0x7b]), /UTF-8/],
];

function good(source: string, i: number): string {
  return JSON.stringify({ deviceId: `${source}-dev`, sensorType: 'v', value: i, timestamp: now - 10_000 + i });
}

describe('a corpus of bad input through every source', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let mock: KafkaMock;
  let running: RunningServe;

  beforeAll(async () => {
    dir = makeTempDir();
    mock = await startKafkaMock();
    await mock.createTopics(['corpus']);
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir: dir.path },
          {
            server: { port: 0 },
            broker: { port: 0 },
            simulator: { enabled: false },
            sources: {
              mqtt: [{ id: 'mqtt', topics: ['corpus/#'], qos: 1 }],
              kafka: [
                {
                  id: 'kafka',
                  brokers: [mock.bootstrap],
                  topics: ['corpus'],
                  groupId: 'corpus',
                  fromBeginning: true,
                  sessionTimeoutMs: 6000,
                },
              ],
            },
          },
        ),
      ),
      rendererDir: dir.path,
      version: 'test',
      log: () => {},
    });
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await mock?.stop();
    dir?.remove();
  });

  it('dead-letters every bad item with its reason and stores every good reading, per source', async () => {
    const engine = running.engine;
    // MQTT
    const client = await mqtt.connectAsync(engine.broker!.url);
    for (let i = 0; i < CORPUS.length; i++) {
      await client.publishAsync('corpus/x', good('mqtt', i), { qos: 1 });
      await client.publishAsync('corpus/x', CORPUS[i]![1], { qos: 1 });
    }
    await client.endAsync();
    // HTTP: a request body may be up to 4 MiB, so "oversized" is tested at that limit in
    // http-ingest.test.ts (413, refused unread) rather than here.
    for (let i = 0; i < CORPUS.length; i++) {
      if (CORPUS[i]![0] === 'oversized') continue;
      const post = (body: string | Buffer) =>
        fetch(`${running.server.url}/ingest/realtime`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      expect((await post(good('http', i))).status).toBe(202);
      const res = await post(CORPUS[i]![1]);
      expect([400, 413, 415], CORPUS[i]![0]).toContain(res.status);
    }
    // Kafka
    const producer = new Kafka({
      clientId: 'corpus',
      brokers: [mock.bootstrap],
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await producer.send({
      topic: 'corpus',
      messages: CORPUS.flatMap(([, bad], i) => [
        { key: 'k', value: good('kafka', i) },
        { key: 'k', value: bad },
      ]),
    });
    await producer.disconnect();

    const n = CORPUS.length;
    await waitFor(() => engine.history.stored === 3 * n - 1, { timeoutMs: 30_000, what: 'every good reading' });
    await waitFor(() => engine.deadLetters.count === 3 * n - 1, { timeoutMs: 30_000, what: 'every bad item' });
    const counts = await engine.history.countBySeries();
    expect(counts.get('mqtt-dev/v')).toBe(n);
    expect(counts.get('http-dev/v')).toBe(n - 1);
    expect(counts.get('kafka-dev/v')).toBe(n);
    expect(engine.deadLetters.countsBySource()).toEqual({ mqtt: n, http: n - 1, kafka: n });
    const letters = engine.deadLetters.list(100);
    for (const source of ['mqtt', 'kafka']) {
      const reasons = letters.filter((d) => d.source === source).map((d) => d.reason);
      for (const [what, , pattern] of CORPUS)
        expect(
          reasons.some((r) => pattern.test(r)),
          `${source}: ${what}`,
        ).toBe(true);
    }
  }, 60_000);
});
