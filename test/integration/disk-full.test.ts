// A full data disk, for real: the data directory is on a small tmpfs that the test fills. While
// history cannot write, health is degraded with the reason and ingest acknowledges nothing
// (MQTT QoS 1 stays with mosquitto, Kafka offsets stay uncommitted, HTTP answers 503); once
// space returns history reopens by itself and everything published is stored exactly once.
// Needs root to mount the tmpfs (CI runs as root); skipped with the reason otherwise.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../src/shared/domain';
import type { RunningServe } from '../../src/main/server/serve';
import { mockKafkaSource, startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { serveInProcess } from '../support/serve-in-process';
import { makeTempDir } from '../support/temp-dir';
import { fillDisk, mountTmpfs, tmpfsRefusal, type Tmpfs } from '../support/tmpfs';
import { sleep, waitFor } from '../support/wait';

const refusal = tmpfsRefusal();

describe.skipIf(refusal !== undefined)(`a full data disk${refusal ? ` — skipped: ${refusal}` : ''}`, () => {
  const dir = makeTempDir();
  const disk = join(dir.path, 'disk');
  const filler = join(disk, 'filler');
  let broker: Mosquitto;
  let kafka: KafkaMock;
  let running: RunningServe;
  let tmpfs: Tmpfs | undefined;
  const base = Date.now() - 30 * 60_000;

  beforeAll(async () => {
    tmpfs = mountTmpfs(disk, '48m');
    broker = await startMosquitto(dir.path);
    kafka = await startKafkaMock();
    await kafka.createTopics(['disk']);
    const device = (id: string) => ({
      id,
      name: id,
      kind: 'level',
      location: 'Tank farm',
      signals: [{ key: 'v', unit: '', normal: [0, 1e9], limits: {}, intervalMs: 1000, deadband: 0 }],
    });
    running = await serveInProcess(join(disk, 'data'), {
      broker: { embedded: false },
      simulator: { enabled: false },
      devices: ['mqtt-tank', 'http-tank', 'kafka-tank'].map(device),
      history: { recovery: { retryMs: 300, minFreeBytes: 4 * 1024 * 1024 } },
      sources: {
        mqtt: [{ id: 'plant', url: broker.url, topics: ['disk/+'], qos: 1 }],
        kafka: [mockKafkaSource(kafka, 'plant-kafka', 'disk')],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    await kafka?.stop();
    await broker?.stop();
    tmpfs?.unmount();
    dir.remove();
  });

  const health = async (): Promise<Health> =>
    (await (await fetch(`${running.server.url}/api/health`)).json()) as Health;

  const post = (i: number) =>
    fetch(`${running.server.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'http-tank', sensorType: 'v', value: i, timestamp: base + i }),
    });

  it('says degraded and why, acknowledges nothing it cannot store, and reopens history by itself once space returns', async () => {
    const { engine } = running;
    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'disk-publisher' });
    const producer = new Kafka({ clientId: 'disk', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    let mqttPublished = 0;
    let kafkaProduced = 0;
    const publishMqtt = async (n: number) => {
      for (let k = 0; k < n; k++, mqttPublished++) {
        const i = mqttPublished;
        const reading = { deviceId: 'mqtt-tank', sensorType: 'v', value: i, timestamp: base + i };
        await publisher.publishAsync('disk/mqtt-tank', JSON.stringify(reading), { qos: 1 });
      }
    };
    const produceKafka = async (n: number) => {
      const messages = Array.from({ length: n }, (_, k) => {
        const i = kafkaProduced + k;
        return {
          key: 'kafka-tank',
          value: JSON.stringify({ deviceId: 'kafka-tank', sensorType: 'v', value: i, timestamp: base + i }),
        };
      });
      await producer.send({ topic: 'disk', messages });
      kafkaProduced += n;
    };
    /** HTTP readings by index: whether the engine acknowledged (202) each. */
    const httpAcked = new Map<number, boolean>();
    const postAll = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        const res = await post(i);
        expect([202, 503]).toContain(res.status);
        if (res.status === 503) expect(res.headers.get('retry-after')).toBe('5');
        httpAcked.set(i, res.status === 202);
      }
    };

    // Healthy: everything goes through.
    await publishMqtt(300);
    await produceKafka(300);
    await postAll(0, 50);
    expect([...httpAcked.values()].every(Boolean)).toBe(true);
    await waitFor(() => engine.services.history.stored === 650, { timeoutMs: 20_000, what: 'the first 650 readings' });
    expect((await health()).status).toBe('ok');

    // The disk fills up. Ingest goes on until a write fails: from then on nothing is taken.
    fillDisk(filler);
    const degraded = await waitFor(
      async () => {
        await publishMqtt(50);
        await produceKafka(50);
        await postAll(httpAcked.size, 10);
        const h = await health();
        return h.status === 'degraded' ? h : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'health degraded by the full disk' },
    );
    expect(degraded.history).toMatchObject({ writable: false });
    expect(degraded.problems[0]).toMatch(/^cannot store readings since .*no space left on device/i);

    // Still full: the broker keeps what is published, HTTP is told to come back, Kafka waits.
    // A device never seen before too: registering it is a write to state.db, refused alike.
    for (let i = 0; i < 20; i++) {
      const reading = { deviceId: 'new-tank', sensorType: 'v', value: i, timestamp: base + i };
      await publisher.publishAsync('disk/new-tank', JSON.stringify(reading), { qos: 1 });
    }
    await publishMqtt(500);
    await produceKafka(500);
    // The MQTT source let go of its session on its first refused message, PUBACKs unsent.
    const paused = await waitFor(async () => (await health()).sources.find((s) => s.id === 'plant' && !s.connected), {
      what: 'the MQTT source disconnected',
    });
    expect(paused.error).toMatch(/cannot store readings/);
    const storedWhileFull = engine.services.history.stored;
    for (let i = 0; i < 5; i++) {
      const res = await post(httpAcked.size);
      expect(res.status).toBe(503);
      httpAcked.set(httpAcked.size, false);
    }
    await sleep(1500);
    expect(engine.services.history.stored).toBe(storedWhileFull);
    expect((await health()).status).toBe('degraded');

    // Space returns: history reopens without a restart, and the sources deliver again.
    rmSync(filler);
    await waitFor(async () => (await health()).status === 'ok', { timeoutMs: 20_000, what: 'health ok again' });
    expect((await health()).history).toMatchObject({ writable: true, error: null });
    // An HTTP client sends again what was answered 503.
    for (const [i, acked] of httpAcked) if (!acked) expect((await post(i)).status).toBe(202);
    await publisher.endAsync();
    await producer.disconnect();

    const expected = {
      'mqtt-tank/v': mqttPublished,
      'new-tank/v': 20,
      'kafka-tank/v': kafkaProduced,
      'http-tank/v': httpAcked.size,
    };
    await waitFor(
      async () => {
        const counts = await engine.services.history.countBySeries();
        return Object.entries(expected).every(([k, n]) => counts.get(k) === n);
      },
      { timeoutMs: 60_000, what: `every reading published: ${JSON.stringify(expected)}` },
    );
    // Exactly once: one row per (series, timestamp), none missing.
    await sleep(1000);
    const counts = await engine.services.history.countBySeries();
    for (const [series, n] of Object.entries(expected)) expect(counts.get(series), series).toBe(n);
    expect(engine.services.deadLetters.count).toBe(0);
  }, 150_000);
});
