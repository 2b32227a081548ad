// A generated corpus of hostile payloads (test/support/hostile-corpus.ts: seeded, so a failure
// reproduces with the same WATCHFLOOR_FUZZ_SEED) through every channel of one running engine —
// MQTT JSON and bare values, Sparkplug B, Kafka, HTTP realtime/batch/CSV and file import — mixed
// with valid readings. The engine must stay up and answer, store every valid reading, account
// for every hostile message (each refused one has its dead letter, found by its origin), and
// never need its last-resort guard: a guard that fired means a decoder threw, which is a bug.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJsonPayload, decodeValuePayload } from '../../src/main/engine/ingest/decode-json';
import { recordDecoder } from '../../src/main/engine/ingest/kafka/record-decoder';
import { encodeSparkplugPayload } from '../../src/main/engine/ingest/sparkplug/sparkplug-proto';
import { SparkplugSession } from '../../src/main/engine/ingest/sparkplug/sparkplug-session';
import type { RunningServe } from '../../src/main/server/serve';
import { contractClient } from '../support/contract-client';
import {
  hostileCsvBody,
  hostileCsvRow,
  hostileJson,
  hostileSparkplug,
  hostileValue,
  Rand,
  validReading,
} from '../support/hostile-corpus';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { makeTempDir } from '../support/temp-dir';
import { startServe } from '../support/test-serve';
import { waitFor } from '../support/wait';

const SEED = Number(process.env.WATCHFLOOR_FUZZ_SEED ?? 20261206);
/** Hostile payloads per channel; as many valid readings again. */
const N = Number(process.env.WATCHFLOOR_FUZZ_N ?? 1000);
const now = Date.now();
const BASE = now - 3_600_000;
const enc = new TextEncoder();

/** Origins of hostile messages the decoders refused (per the same decoders run here). */
type Expected = Map<string, Set<string>>;

describe(`a hostile corpus through every channel (seed ${SEED}, ${N} per channel)`, () => {
  let dir: ReturnType<typeof makeTempDir>;
  let mock: KafkaMock;
  let running: RunningServe;
  const log: string[] = [];
  const expectedLetters: Expected = new Map();
  const expectLetter = (source: string, origin: string) => {
    let set = expectedLetters.get(source);
    if (!set) expectedLetters.set(source, (set = new Set()));
    set.add(origin);
  };
  const validCounts = new Map<string, number>();
  const sentValid = (series: string, n = 1) => validCounts.set(series, (validCounts.get(series) ?? 0) + n);
  const corpus: Record<string, number> = {};
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    dir = makeTempDir();
    mock = await startKafkaMock();
    await mock.createTopics(['fuzz']);
    running = await startServe(
      dir.path,
      {
        // Room for the whole corpus: the limits have their own test, and dropping would hide letters.
        ingest: { deadLetters: { maxBytes: 1024 * 1024 * 1024 } },
        sources: {
          mqtt: [
            {
              id: 'fuzz-mqtt',
              topics: ['fuzz/json/+', { template: 'fuzz/value/{device}/{signal}', format: 'value' }],
              qos: 1,
            },
            { id: 'fuzz-sparkplug', topics: ['spBv1.0/#'], qos: 1 },
          ],
          kafka: [
            {
              id: 'fuzz-kafka',
              brokers: [mock.bootstrap],
              topics: ['fuzz'],
              groupId: 'fuzz',
              fromBeginning: true,
              sessionTimeoutMs: 6000,
            },
          ],
        },
      },
      (m) => log.push(m),
    );
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await mock?.stop();
    dir?.remove();
    console.log(`hostile corpus (seed ${SEED}): ${JSON.stringify(corpus)}; ms per phase: ${JSON.stringify(timings)}`);
  });

  const opts = () => ({ ...running.engine.services.pipeline.decodeOptions() });

  it('stays up, stores every valid reading and dead-letters every refused message', async () => {
    const engine = running.engine;
    const r = new Rand(SEED);
    let t0 = performance.now();
    const phase = (name: string) => {
      const t = performance.now();
      timings[name] = Math.round(t - t0);
      t0 = t;
    };

    // MQTT: JSON and bare values, each hostile message on a topic of its own.
    const client = await mqtt.connectAsync(engine.services.broker!.url);
    const sent = { mqtt: 0, sparkplug: 0 };
    const pending: Promise<unknown>[] = [];
    const flushSome = async () => {
      if (pending.length >= 200) await Promise.all(pending.splice(0));
    };
    for (let i = 0; i < N; i++) {
      const { bytes } = hostileJson(r, i, now, { big: 60_000 });
      const topic = `fuzz/json/h${i}`;
      if (decodeJsonPayload(bytes, opts()).rejects.length > 0) expectLetter('fuzz-mqtt', topic);
      pending.push(client.publishAsync(topic, Buffer.from(bytes), { qos: 1 }));
      const device = `valid-mqtt-${i % 20}`;
      pending.push(
        client.publishAsync(`fuzz/json/v${i}`, JSON.stringify(validReading(device, 'v', i, BASE + i)), { qos: 1 }),
      );
      sentValid(`${device}/v`);
      if (i % 3 === 0) {
        const value = hostileValue(r, now, { big: 60_000 });
        const vtopic = `fuzz/value/hostile-v${i}/t`;
        const names = { deviceId: `hostile-v${i}`, signal: 't' };
        if (decodeValuePayload(value, { ...opts(), names }).rejects.length > 0) expectLetter('fuzz-mqtt', vtopic);
        pending.push(client.publishAsync(vtopic, Buffer.from(value), { qos: 1 }));
        sent.mqtt++;
      }
      sent.mqtt += 2;
      await flushSome();
    }
    corpus.mqtt = N + Math.ceil(N / 3);
    phase('mqtt');

    // Sparkplug B: a valid node and device born once, then hostile messages from other nodes.
    const oracle = new SparkplugSession({ onBirth: () => {}, onDeath: () => {}, requestRebirth: () => {} });
    const birth = { timestamp: now, seq: 0, metrics: [{ name: 'bdSeq', datatype: 8, long_value: 0 }] };
    pending.push(client.publishAsync('spBv1.0/fuzzok/NBIRTH/edge', Buffer.from(encodeSparkplugPayload(birth))));
    const dbirth = { timestamp: now, seq: 1, metrics: [{ name: 'Temp', alias: 1, datatype: 10, double_value: 0 }] };
    pending.push(client.publishAsync('spBv1.0/fuzzok/DBIRTH/edge/dev', Buffer.from(encodeSparkplugPayload(dbirth))));
    sentValid('fuzzok.edge.dev/Temp');
    sent.sparkplug += 2;
    await Promise.all(pending.splice(0));
    for (let i = 0; i < N; i++) {
      const { topic, bytes } = hostileSparkplug(r, i, now);
      if (oracle.handle(topic, bytes, opts()).rejects.length > 0) expectLetter('fuzz-sparkplug', topic);
      pending.push(client.publishAsync(topic, Buffer.from(bytes), { qos: 1 }));
      const data = { timestamp: BASE + i, seq: (2 + i) % 256, metrics: [{ alias: 1, datatype: 10, double_value: i }] };
      pending.push(client.publishAsync('spBv1.0/fuzzok/DDATA/edge/dev', Buffer.from(encodeSparkplugPayload(data))));
      sentValid('fuzzok.edge.dev/Temp');
      sent.sparkplug += 2;
      await flushSome();
    }
    await Promise.all(pending.splice(0));
    await client.endAsync();
    corpus.sparkplug = N;
    phase('sparkplug');

    // Kafka: one key, so one partition, where a record's offset is its position in this list.
    const kafkaConfig = engine.config.sources.kafka[0]!;
    const decodeRecord = recordDecoder(kafkaConfig);
    const records: { key: string; value: Buffer }[] = [];
    for (let i = 0; i < N; i++) {
      const { bytes } = hostileJson(r, 100_000 + i, now, { big: 4_000 });
      const value = Buffer.from(bytes);
      if (decodeRecord({ topic: 'fuzz', key: null, value }, opts()).rejects.length > 0) {
        expectLetter('fuzz-kafka', `@${records.length}`);
      }
      records.push({ key: 'k', value });
      const device = `valid-kafka-${i % 20}`;
      records.push({ key: 'k', value: Buffer.from(JSON.stringify(validReading(device, 'v', i, BASE + i))) });
      sentValid(`${device}/v`);
    }
    const producer = new Kafka({ clientId: 'fuzz', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    for (let i = 0; i < records.length; i += 500) {
      await producer.send({ topic: 'fuzz', messages: records.slice(i, i + 500) });
    }
    await producer.disconnect();
    corpus.kafka = N;
    phase('kafka');

    // HTTP: realtime, batch and CSV, each answered; a refused request leaves a dead letter.
    const post = async (path: string, body: Uint8Array | string, type: string) => {
      const res = await fetch(`${running.server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: Buffer.from(typeof body === 'string' ? enc.encode(body) : body),
      });
      const answer = (await res.json()) as { data?: { rejected: unknown[] } };
      return { status: res.status, rejected: answer.data?.rejected.length ?? 0 };
    };
    const statuses = new Map<number, number>();
    let refusedRequests = 0;
    const perEndpoint = Math.ceil(N / 3);
    const answer = (a: { status: number; rejected: number }) => {
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status !== 202 || a.rejected > 0) refusedRequests++;
    };
    // Clients post concurrently: 30 requests in flight at a time.
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < perEndpoint; i++) {
      const requests: [string, Uint8Array | string, string][] = [
        ['/ingest/realtime', hostileJson(r, 200_000 + i, now, { big: 60_000 }).bytes, 'application/json'],
        ['/ingest/batch', hostileJson(r, 300_000 + i, now, { big: 60_000 }).bytes, 'application/json'],
        ['/ingest/csv', hostileCsvBody(r, 400_000 + i, now, { big: 60_000 }), 'text/csv'],
      ];
      for (const [path, body, type] of requests) inFlight.push(post(path, body, type).then(answer));
      if (i % 10 === 0) {
        const batch = Array.from({ length: 10 }, (_, k) => validReading(`valid-http-${k}`, 'v', i, BASE + i));
        for (let k = 0; k < 10; k++) sentValid(`valid-http-${k}/v`);
        inFlight.push(
          post('/ingest/batch', JSON.stringify(batch), 'application/json').then((a) => expect(a.status).toBe(202)),
        );
      }
      if (inFlight.length >= 30) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight.splice(0));
    corpus.http = perEndpoint * 3;
    phase('http');
    expect(
      [...statuses.keys()].every((s) => [202, 400, 413, 415].includes(s)),
      JSON.stringify([...statuses]),
    ).toBe(true);

    // File import: valid rows and hostile rows (quotes balanced, so rows stay rows) in one file.
    const lines = ['deviceId,sensorType,value,timestamp'];
    for (let i = 0; i < N; i++) {
      lines.push(hostileCsvRow(r, 500_000 + i, now, { big: 60_000 }));
      const device = `valid-file-${i % 20}`;
      lines.push(`${device},v,${i},${BASE + i}`);
      sentValid(`${device}/v`);
    }
    const path = join(dir.path, 'hostile.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const contract = contractClient(engine);
    const job = await contract.request('import.start', {
      path,
      csv: { separator: ',', header: true },
      mapping: { deviceColumn: 'deviceId', signalColumn: 'sensorType', value: 'value', timestamp: 'timestamp' },
      createDevice: true, // the corpus's devices are new: creating them is confirmed
    });
    await waitFor(async () => ['done', 'failed'].includes((await contract.request('jobs.get', { id: job.id })).state), {
      timeoutMs: 60_000,
      what: 'the import',
    });
    const summary = await contract.request('import.summary', { id: job.id });
    expect(summary.state).toBe('done');
    corpus.file = N;
    phase('file');

    // Everything arrived and was taken: every message reached the pipeline.
    await waitFor(() => engine.services.pipeline.counters('fuzz-kafka').messages >= records.length, {
      timeoutMs: 60_000,
      what: 'every Kafka record',
    });
    await waitFor(() => engine.services.pipeline.counters('fuzz-mqtt').messages >= sent.mqtt, {
      what: 'every MQTT message',
    });
    await waitFor(() => engine.services.pipeline.counters('fuzz-sparkplug').messages >= sent.sparkplug, {
      what: 'every Sparkplug message',
    });
    await engine.services.pipeline.drain();
    phase('drain');

    // Every valid reading is stored.
    const counts = await engine.services.history.countBySeries();
    const missing = [...validCounts].filter(([series, n]) => counts.get(series) !== n);
    expect(missing.map(([series, n]) => `${series}: ${counts.get(series) ?? 0} of ${n}`)).toEqual([]);

    // Every hostile message the decoders refuse has its dead letter, found by its origin.
    const letters = engine.services.deadLetters.page(1_000_000).items;
    expect(engine.services.deadLetters.dropped.count).toBe(0);
    const origins = new Map<string, Set<string>>();
    for (const d of letters) {
      const origin = d.source === 'fuzz-kafka' ? d.origin.slice(d.origin.indexOf('@')) : d.origin;
      let set = origins.get(d.source);
      if (!set) origins.set(d.source, (set = new Set()));
      set.add(origin);
    }
    for (const [source, expected] of expectedLetters) {
      const got = origins.get(source) ?? new Set();
      const lost = [...expected].filter((o) => !got.has(o));
      expect(
        lost.slice(0, 5),
        `${source}: ${lost.length} of ${expected.size} refused messages without a dead letter`,
      ).toEqual([]);
    }
    expect(engine.services.deadLetters.countsBySource().http ?? 0).toBeGreaterThanOrEqual(refusedRequests);
    expect(engine.services.deadLetters.countsBySource().file ?? 0).toBeGreaterThan(0);
    expect(summary.rejected).toBeGreaterThan(0);

    // The engine is up and healthy, and no decoder needed the last-resort guard.
    expect(engine.health().status).toBe('ok');
    expect((await fetch(`${running.server.url}/api/health`)).status).toBe(200);
    expect(
      log.filter((l) => / failed on a |could not be processed|could not be read|could not be taken/.test(l)),
    ).toEqual([]);
    contract.close();
    corpus.hostileTotal = corpus.mqtt + corpus.sparkplug + corpus.kafka + corpus.http + corpus.file;
  }, 240_000);
});
