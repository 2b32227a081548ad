// Store-and-forward on every channel: an edge gateway flushing two weeks of buffer over MQTT
// (mosquitto), HTTP and Kafka (the mock cluster) has all of it stored and rolled up, with no
// alarm storm and no live update from it; a device whose clock is a little off still alarms
// live; the future stays closed. The limits change live in Settings → Sources, and a reading
// refused by them is re-queued once they allow it — as history.
import { Kafka, logLevel } from 'kafkajs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServe } from '../../src/main/server/serve';
import { contractClient } from '../support/contract-client';
import { mockKafkaSource, startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { serveInProcess } from '../support/serve-in-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A signal alarming above 50; the gateway's buffer crosses that every seventh reading. */
function device(id: string) {
  return {
    id,
    name: id,
    kind: 'pressure',
    location: 'Edge site',
    signals: [{ key: 'p', unit: 'bar', normal: [0, 40], limits: { hi: 50 }, intervalMs: 10 * MINUTE, deadband: 0 }],
  };
}

/** Two weeks of buffer, one reading every 10 minutes, ending an hour ago: oldest first, as gateways flush. */
function buffer(deviceId: string, now: number) {
  const end = now - 60 * MINUTE;
  const n = (14 * DAY) / (10 * MINUTE);
  return Array.from({ length: n }, (_, i) => ({
    deviceId,
    sensorType: 'p',
    value: i % 7 === 0 ? 70 : 20 + (i % 5),
    timestamp: end - (n - 1 - i) * 10 * MINUTE,
  }));
}

function chunks<T>(list: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
}

describe('store-and-forward', () => {
  const dir = makeTempDir();
  let broker: Mosquitto;
  let kafka: KafkaMock;
  let running: RunningServe;

  beforeAll(async () => {
    broker = await startMosquitto(dir.path);
    kafka = await startKafkaMock();
    await kafka.createTopics(['edge']);
    running = await serveInProcess(`${dir.path}/data`, {
      broker: { embedded: false },
      simulator: { enabled: false },
      devices: ['gw-mqtt', 'gw-http', 'gw-kafka', 'skewed', 'future'].map(device),
      sources: {
        mqtt: [{ id: 'edge', url: broker.url, topics: ['edge/+'], qos: 1 }],
        kafka: [mockKafkaSource(kafka, 'edge-kafka', 'edge')],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    await kafka?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('stores and rolls up two weeks of buffer from every channel, raising no alarm and moving no live screen', async () => {
    const { engine } = running;
    const now = Date.now();
    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'edge-gateway' });
    for (const part of chunks(buffer('gw-mqtt', now), 48)) {
      await publisher.publishAsync('edge/gw-mqtt', JSON.stringify(part), { qos: 1 });
    }
    await publisher.endAsync();

    for (const part of chunks(buffer('gw-http', now), 500)) {
      const res = await fetch(`${running.server.url}/ingest/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(part),
      });
      expect(res.status).toBe(202);
    }

    const producer = new Kafka({ clientId: 'edge', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: 'edge',
      messages: chunks(buffer('gw-kafka', now), 48).map((part) => ({ key: 'gw-kafka', value: JSON.stringify(part) })),
    });
    await producer.disconnect();

    const n = (14 * DAY) / (10 * MINUTE);
    await waitFor(
      async () => {
        const counts = await engine.services.history.countBySeries();
        return ['gw-mqtt', 'gw-http', 'gw-kafka'].every((d) => counts.get(`${d}/p`) === n);
      },
      { timeoutMs: 30_000, what: `${n} readings per gateway` },
    );
    expect(engine.services.deadLetters.count).toBe(0);

    const client = contractClient(engine);
    const [daily] = await client.request('history.query', {
      series: ['gw-mqtt/p'],
      from: now - 15 * DAY,
      to: now,
      tier: '1d',
    });
    expect(daily!.count.reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.max(...daily!.max)).toBe(70);

    expect(await client.request('alarms.list', { devices: ['gw-mqtt', 'gw-http', 'gw-kafka'] })).toEqual([]);
    expect(engine.services.live.snapshot().filter((r) => r.deviceId.startsWith('gw-'))).toEqual([]);
  }, 90_000);

  it('still alarms live on a device whose clock is two minutes behind, and refuses one ten minutes ahead', async () => {
    const { engine } = running;
    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'edge-devices' });
    const behind = { deviceId: 'skewed', sensorType: 'p', value: 75, timestamp: Date.now() - 2 * MINUTE };
    const ahead = { deviceId: 'future', sensorType: 'p', value: 75, timestamp: Date.now() + 10 * MINUTE };
    await publisher.publishAsync('edge/skewed', JSON.stringify(behind), { qos: 1 });
    await publisher.publishAsync('edge/future', JSON.stringify(ahead), { qos: 1 });
    await publisher.endAsync();

    const client = contractClient(engine);
    const alarms = await waitFor(
      async () => {
        const list = await client.request('alarms.list', { devices: ['skewed'] });
        return list.length > 0 ? list : undefined;
      },
      { what: 'the live alarm' },
    );
    expect(alarms.map((a) => a.kind)).toEqual(['high']);
    expect(engine.services.live.snapshot().find((r) => r.deviceId === 'skewed')).toMatchObject({ value: 75 });

    await waitFor(() => engine.services.deadLetters.count === 1, { what: 'the reading from the future dead-lettered' });
    expect(engine.services.deadLetters.list(1)[0]!.reason).toMatch(
      /"timestamp" \S+ is more than 5 min ahead of the engine's clock \(ingest\.maxFutureMs\)/,
    );
    expect((await engine.services.history.countBySeries()).get('future/p')).toBeUndefined();
  });

  it('applies limits saved in Settings at once, and re-queues what they refused once they allow it, as history', async () => {
    const { engine } = running;
    const client = contractClient(engine);
    const limited = await client.request('sources.save', {
      kind: 'readingTimes',
      value: { maxFutureMs: 5 * MINUTE, maxAgeMs: DAY, liveWindowMs: 15 * MINUTE },
    });
    expect(limited.readingTimes).toEqual({
      value: { maxFutureMs: 5 * MINUTE, maxAgeMs: DAY, liveWindowMs: 15 * MINUTE },
      origin: 'edited',
    });

    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'edge-late' });
    const late = { deviceId: 'gw-mqtt', sensorType: 'p', value: 99, timestamp: Date.now() - 3 * DAY };
    await publisher.publishAsync('edge/gw-mqtt', JSON.stringify(late), { qos: 1 });
    await publisher.endAsync();
    const letter = await waitFor(
      () => engine.services.deadLetters.list(10).find((d) => d.reason.includes('ingest.maxAgeMs')),
      {
        what: 'the old reading dead-lettered',
      },
    );
    expect(letter.reason).toMatch(/"timestamp" \S+ is more than 1 d old \(ingest\.maxAgeMs\)/);

    const reverted = await client.request('sources.revert', { kind: 'readingTimes' });
    expect(reverted.readingTimes).toEqual({
      value: { maxFutureMs: 5 * MINUTE, maxAgeMs: null, liveWindowMs: 15 * MINUTE },
      origin: 'file',
    });
    const before = (await engine.services.history.countBySeries()).get('gw-mqtt/p')!;
    expect(await client.request('deadLetters.requeue', { ids: [letter.id] })).toEqual([
      { id: letter.id, ok: true, reason: null },
    ]);
    expect((await engine.services.history.countBySeries()).get('gw-mqtt/p')).toBe(before + 1);
    expect(await client.request('alarms.list', { devices: ['gw-mqtt'] })).toEqual([]);
  });

  it('refuses limits that are not durations, naming the field', async () => {
    const client = contractClient(running.engine);
    await expect(
      client.request('sources.save', {
        kind: 'readingTimes',
        value: { maxFutureMs: -1, maxAgeMs: null, liveWindowMs: 0 },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
