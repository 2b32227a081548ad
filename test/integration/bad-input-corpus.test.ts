// One corpus of bad input through every source — MQTT, HTTP, Kafka and file import: each item
// lands in dead letters with a reason, counted per source, and the good readings around it are
// all stored.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { contractClient } from '../support/contract-client';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const now = Date.now();
/** [what, payload, reason pattern]. An old timestamp is not bad input: it is history (docs/configuration.md: Payloads). */
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
    'oversized',
    JSON.stringify({ deviceId: 'dev-1', sensorType: 't', value: 1, pad: 'x'.repeat(300 * 1024) }),
    /exceeds/,
  ],
  ['not UTF-8', Buffer.from([0xff, 0xfe, 0x7b]), /UTF-8/],
];

/**
 * The same kinds of bad input as CSV rows for file import: [what, row, reason pattern]. A file
 * holds history, so old timestamps are not refused; a row over the record limit fails the whole
 * file before anything is read (file-import.test.ts), so it is not among these.
 */
const FILE_CORPUS: [string, string, RegExp][] = [
  ['ragged row', `file-dev,v,${new Date(now - 5000).toISOString()}`, /has 3 fields, expected 4/],
  ['wrong type', `file-dev,v,${new Date(now - 5000).toISOString()},high`, /"high" is not a number/],
  ['NaN', `file-dev,v,${new Date(now - 5000).toISOString()},NaN`, /"NaN" is not a number/],
  ['Infinity', `file-dev,v,${new Date(now - 5000).toISOString()},1e999`, /not a finite number/],
  ['missing field', `,v,${new Date(now - 5000).toISOString()},1`, /missing "deviceId"/],
  ['far future', `file-dev,v,${new Date(now + 30 * 86_400_000).toISOString()},1`, /future/],
  ['bad timestamp', `file-dev,v,yesterday-ish,1`, /is not a date/],
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
    const client = await mqtt.connectAsync(engine.services.broker!.url);
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
    await waitFor(() => engine.services.history.stored === 3 * n - 1, {
      timeoutMs: 30_000,
      what: 'every good reading',
    });
    await waitFor(() => engine.services.deadLetters.count === 3 * n - 1, { timeoutMs: 30_000, what: 'every bad item' });
    const counts = await engine.services.history.countBySeries();
    expect(counts.get('mqtt-dev/v')).toBe(n);
    expect(counts.get('http-dev/v')).toBe(n - 1);
    expect(counts.get('kafka-dev/v')).toBe(n);
    expect(engine.services.deadLetters.countsBySource()).toEqual({ mqtt: n, http: n - 1, kafka: n });
    const letters = engine.services.deadLetters.list(100);
    for (const source of ['mqtt', 'kafka']) {
      const reasons = letters.filter((d) => d.source === source).map((d) => d.reason);
      for (const [what, , pattern] of CORPUS)
        expect(
          reasons.some((r) => pattern.test(r)),
          `${source}: ${what}`,
        ).toBe(true);
    }
  }, 60_000);
  it('dead-letters every bad file row with its reason, and imports the good rows around them', async () => {
    const engine = running.engine;
    const client = contractClient(engine);
    const lines = ['device,signal,timestamp,value'];
    FILE_CORPUS.forEach(([, bad], i) => {
      lines.push(`file-dev,v,${new Date(now - 20_000 + i).toISOString()},${i}`);
      lines.push(bad);
    });
    const path = join(dir.path, 'corpus.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const storedBefore = engine.services.history.stored;
    const job = await client.request('import.start', {
      path,
      mapping: { deviceColumn: 'device', signalColumn: 'signal', value: 'value', timestamp: 'timestamp' },
      createDevice: true, // the file's devices are new: creating them is confirmed
    });
    await waitFor(async () => (await client.request('jobs.get', { id: job.id })).state === 'done', {
      what: 'the import done',
      timeoutMs: 20_000,
    });
    const summary = await client.request('import.summary', { id: job.id });
    const n = FILE_CORPUS.length;
    expect(summary).toMatchObject({ rows: 2 * n, stored: n, rejected: n });
    expect(engine.services.history.stored - storedBefore).toBe(n);
    // The bad rows of one batch are one dead letter, which names every reason and holds the rows.
    expect(engine.services.deadLetters.countsBySource().file).toBe(1);
    const letter = engine.services.deadLetters.list(1, 'file')[0]!;
    expect(letter).toMatchObject({ count: n, raw: FILE_CORPUS.map(([, row]) => row).join('\n') });
    expect(letter.origin).toMatch(/^corpus\.csv:\d+-\d+$/);
    for (const [what, , pattern] of FILE_CORPUS) expect(letter.reason, `file: ${what}`).toMatch(pattern);
    // And the pipeline keeps going: a live reading after the import is stored.
    const mqttClient = await mqtt.connectAsync(engine.services.broker!.url);
    await mqttClient.publishAsync('corpus/x', good('after-file', 1), { qos: 1 });
    await mqttClient.endAsync();
    await waitFor(async () => (await engine.services.history.countBySeries()).get('after-file-dev/v') === 1, {
      what: 'a live reading after the file',
    });
    client.close();
  }, 60_000);
});
