// The Kafka source against a real Kafka-protocol broker (librdkafka's mock cluster through
// kcat) and a real engine: DuckDB history and SQLite dead letters on disk. Records are stored
// exactly once, offsets move only once readings are durable, a restarted consumer group does
// not re-deliver what it committed, and undecodable records reach dead letters and the DLQ.
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { KafkaSourceConfig } from '../../src/main/engine/config/config-schema';
import { KafkaSource, type IngestPort } from '../../src/main/engine/ingest/kafka-source';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { sleep, waitFor } from '../support/wait';

const log = (m: string) => {
  if (process.env.WATCHFLOOR_TEST_LOG) process.stderr.write(`[kafka] ${m}\n`);
};

describe('Kafka source', () => {
  let mock: KafkaMock;
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  const sources: KafkaSource[] = [];

  function source(config: Partial<KafkaSourceConfig> & { id: string; topics: string[] }, port?: IngestPort) {
    const s = new KafkaSource(
      KafkaSourceConfig.parse({ brokers: [mock.bootstrap], fromBeginning: true, ...config }),
      port ?? engine.services.pipeline,
      // Short sessions: the mock cluster holds a group that a member left for a session timeout.
      { log, clock: Date.now, consumerTimings: { sessionTimeout: 6000, heartbeatInterval: 1000 } },
    );
    sources.push(s);
    return s;
  }

  async function storedFor(prefix: string): Promise<Map<string, number>> {
    const all = await engine.services.history.countBySeries();
    return new Map([...all].filter(([series]) => series.startsWith(prefix)));
  }

  async function committed(groupId: string, topic: string): Promise<number> {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return t!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  async function produced(topic: string): Promise<number> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  }

  beforeAll(async () => {
    mock = await startKafkaMock();
    dir = makeTempDir();
    engine = await startEngine(dir.path, {
      broker: { embedded: false },
      sources: { mqtt: [] },
      simulator: { enabled: false },
    });
    kafka = new Kafka({ clientId: 'kafka-source-test', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    await mock.createTopics(['telemetry', 'held', 'garbage', 'garbage-dlq', 'lines']);
  });

  afterAll(async () => {
    for (const s of sources) await s.stop().catch(() => {});
    await producer?.disconnect().catch(() => {});
    await admin?.disconnect().catch(() => {});
    await engine?.stop();
    await mock?.stop();
    dir?.remove();
  });

  it('stores every reading from four partitions exactly once; a restarted group resumes after its commits', async () => {
    const devices = 40;
    const perDevice = 500;
    const t0 = Date.now() - 3600_000;
    const reading = (d: number, k: number) => ({
      key: `kd-${d}`,
      value: JSON.stringify({ deviceId: `kd-${d}`, sensorType: 'temp', value: k, timestamp: t0 + k * 1000 }),
    });
    for (let k = 0; k < perDevice; k += 50) {
      const messages = [];
      for (let d = 0; d < devices; d++) for (let j = k; j < k + 50; j++) messages.push(reading(d, j));
      await producer.send({ topic: 'telemetry', messages });
    }
    const total = devices * perDevice;
    const partitions = (await admin.fetchTopicOffsets('telemetry')).filter((p) => Number(p.high) > 0);
    expect(partitions.length).toBe(4);

    const first = source({ id: 'kafka-a', topics: ['telemetry'], groupId: 'g-telemetry' });
    const startedAt = Date.now();
    await first.start();
    await waitFor(async () => first.health().lastMessageAt, { intervalMs: 5, what: 'the first batch' });
    const firstBatchAt = Date.now();
    await waitFor(async () => [...(await storedFor('kd-')).values()].reduce((a, b) => a + b, 0) === total, {
      timeoutMs: 20_000,
      what: `${total} readings stored`,
    });
    const seconds = (Date.now() - firstBatchAt) / 1000;
    log(`group joined and first batch after ${firstBatchAt - startedAt} ms`);
    log(`${total} readings stored ${seconds.toFixed(2)} s after the first batch (${Math.round(total / seconds)}/s)`);

    const stored = await storedFor('kd-');
    expect(stored.size).toBe(devices);
    for (const n of stored.values()) expect(n).toBe(perDevice);
    expect(first.health()).toMatchObject({ kind: 'kafka', connected: true, messages: total, error: null });
    await waitFor(async () => (await committed('g-telemetry', 'telemetry')) === total, {
      what: 'offsets committed up to the end',
    });

    await first.stop();
    expect(first.health().connected).toBe(false);
    const extra = Array.from({ length: devices }, (_, d) => reading(d, perDevice));
    await producer.send({ topic: 'telemetry', messages: extra });

    const second = source({ id: 'kafka-a', topics: ['telemetry'], groupId: 'g-telemetry' });
    await second.start();
    await waitFor(async () => (await committed('g-telemetry', 'telemetry')) === total + devices, {
      timeoutMs: 15_000,
      what: 'the new records committed',
    });
    // Only the records produced after the commit came again: nothing was re-delivered.
    expect(second.health().messages).toBe(devices);
    const after = await storedFor('kd-');
    for (const n of after.values()) expect(n).toBe(perDevice + 1);
    expect(engine.services.history.duplicates).toBe(0);
    await second.stop();
  });

  it('commits offsets only once the readings are durable', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Durability is reported late: history has the readings, the source has not heard yet.
    const late: IngestPort = {
      decodeOptions: () => engine.services.pipeline.decodeOptions(),
      submitDecoded: (...args) =>
        engine.services.pipeline.submitDecoded(...args).then((outcome) => gate.then(() => outcome)),
    };
    const now = Date.now();
    await producer.send({
      topic: 'held',
      messages: Array.from({ length: 20 }, (_, k) => ({
        key: `h-${k % 4}`,
        value: JSON.stringify({ deviceId: `held-${k % 4}`, sensorType: 'p', value: k, timestamp: now - k }),
      })),
    });
    const held = source({ id: 'kafka-held', topics: ['held'], groupId: 'g-held' }, late);
    await held.start();
    await waitFor(async () => [...(await storedFor('held-')).values()].reduce((a, b) => a + b, 0) === 20, {
      what: 'readings stored',
    });
    await sleep(1500);
    expect(await committed('g-held', 'held')).toBe(0);
    expect(held.health().pending).toBe(20);

    release();
    await waitFor(async () => (await committed('g-held', 'held')) === 20, { what: 'offsets committed' });
    expect(held.health().pending).toBe(0);
    await held.stop();
  });

  it('sends undecodable records to dead letters with their reason and origin, and to the DLQ topic', async () => {
    const now = Date.now();
    await producer.send({
      topic: 'garbage',
      messages: [
        { key: 'a', value: 'temperature=72' },
        { key: 'a', value: JSON.stringify({ deviceId: 'gx-1', sensorType: 't', value: 'hot' }) },
        { key: 'a', value: null },
        { key: 'a', value: JSON.stringify({ deviceId: 'gx-1', sensorType: 't', value: 21.5, timestamp: now }) },
      ],
    });
    const garbage = source({ id: 'kafka-garbage', topics: ['garbage'], groupId: 'g-garbage', dlqTopic: 'garbage-dlq' });
    await garbage.start();
    await waitFor(() => garbage.deadLettered === 3, { what: 'three records copied to the DLQ topic' });

    const letters = engine.services.deadLetters.list(100, 'kafka-garbage');
    expect(letters.map((l) => l.reason).reverse()).toEqual([
      expect.stringMatching(/^payload is not valid JSON: /),
      '"value" must be a number, got the string "hot"',
      'record has no value (tombstone)',
    ]);
    for (const l of letters) expect(l.origin).toMatch(/^garbage\/\d@\d+$/);
    expect((await storedFor('gx-1')).get('gx-1/t')).toBe(1);

    const dlq: { value: string | null; reason: string; origin: string }[] = [];
    const reader = kafka.consumer({ groupId: 'g-dlq-reader', maxWaitTimeInMs: 500 });
    await reader.connect();
    await reader.subscribe({ topics: ['garbage-dlq'], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        dlq.push({
          value: message.value?.toString() ?? null,
          reason: message.headers?.['watchfloor-reason']?.toString() ?? '',
          origin: message.headers?.['watchfloor-origin']?.toString() ?? '',
        });
      },
    });
    await waitFor(() => dlq.length === 3, { timeoutMs: 15_000, what: 'the DLQ topic to hold three records' });
    await reader.disconnect();
    expect(dlq.map((m) => m.value)).toEqual([
      'temperature=72',
      JSON.stringify({ deviceId: 'gx-1', sensorType: 't', value: 'hot' }),
      null,
    ]);
    expect(dlq[0]!.reason).toMatch(/^payload is not valid JSON/);
    expect(dlq.map((m) => m.origin)).toEqual(letters.map((l) => l.origin).reverse());
    await garbage.stop();
  });

  it('starts without a reachable cluster, reports why in health, and stops promptly', async () => {
    const down = source({ id: 'kafka-down', brokers: ['127.0.0.1:1'], topics: ['telemetry'] });
    let t = Date.now();
    await down.start();
    expect(Date.now() - t).toBeLessThan(4000);
    expect(down.health()).toMatchObject({ id: 'kafka-down', connected: false, messages: 0 });
    expect(down.health().error).toMatch(/ECONNREFUSED 127\.0\.0\.1:1/);
    // Still retrying its first connection: stopping does not wait for the retries to run out.
    t = Date.now();
    await down.stop();
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('reads a CSV topic, one line per record, rejecting ragged lines', async () => {
    const now = Date.now();
    await producer.send({
      topic: 'lines',
      messages: [
        { key: 'l', value: `line-1,flow,12.5,${now - 2000}` },
        { key: 'l', value: `line-1,flow,"13",${new Date(now - 1000).toISOString()}` },
        { key: 'l', value: 'line-1,flow,14' },
        { key: 'l', value: 'line-2;level;1,5;' },
      ],
    });
    const lines = source({ id: 'kafka-csv', topics: ['lines'], groupId: 'g-lines', format: 'csv' });
    await lines.start();
    await waitFor(async () => (await produced('lines')) === 4 && (await committed('g-lines', 'lines')) === 4, {
      timeoutMs: 15_000,
      what: 'the CSV records consumed',
    });
    expect(Object.fromEntries(await storedFor('line-'))).toEqual({ 'line-1/flow': 2 });
    expect(
      engine.services.deadLetters
        .list(10, 'kafka-csv')
        .map((l) => l.reason)
        .sort(),
    ).toEqual(['row 1 has 2 fields, expected 4', 'row 1 has 3 fields, expected 4']);
    await lines.stop();
  });
});
