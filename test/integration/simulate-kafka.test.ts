// `watchfloor simulate --to kafka://…` (the built CLI) against librdkafka's mock cluster, with
// an engine consuming the topic: every reading the cluster accepted is stored, and records are
// keyed by device so that each device's readings keep their order on one partition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { runCli } from '../support/cli-process';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const TOPIC = 'fleet-telemetry';

describe('watchfloor simulate into Kafka', () => {
  let mock: KafkaMock;
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;

  beforeAll(async () => {
    mock = await startKafkaMock();
    await mock.createTopics([TOPIC]);
    dir = makeTempDir('watchfloor-simulate-kafka-');
    engine = await startEngine(dir.path, {
      broker: { embedded: false },
      sources: {
        mqtt: [],
        kafka: [{ id: 'fleet', brokers: [mock.bootstrap], topics: [TOPIC], groupId: 'wf-engine', fromBeginning: true }],
      },
      simulator: { enabled: false },
    });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await mock?.stop();
    dir?.remove();
  });

  it('produces batches keyed by device that the engine stores in full', async () => {
    const labelsFile = join(dir.path, 'labels.jsonl');
    const r = await runCli([
      'simulate',
      ...['--devices', '15', '--signals', '5', '--interval-ms', '100', '--duration', '2', '--batch'],
      ...['--to', `kafka://${mock.bootstrap}/${TOPIC}`, '--seed', '3', '--fault-rate', '20', '--labels', labelsFile],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim()) as { published: number; readings: number; failed: number };
    expect(summary.failed).toBe(0);
    // 15 devices × 20 ticks, one message each (offline devices send none).
    expect(summary.published).toBeGreaterThan(200);
    expect(summary.published).toBeLessThanOrEqual(300);
    expect(summary.readings).toBeGreaterThan(summary.published * 4);
    await waitFor(() => engine.services.history.stored >= summary.readings, {
      timeoutMs: 20_000,
      what: 'Kafka readings stored',
    });
    expect(engine.services.history.stored).toBe(summary.readings);
    expect(readFileSync(labelsFile, 'utf8').trim().split('\n').length).toBeGreaterThan(0);

    const consumer = new Kafka({ clientId: 'check', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).consumer({
      groupId: 'check-keys',
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let seen = 0;
    let mismatched = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen++;
        const { deviceId } = JSON.parse(message.value!.toString()) as { deviceId: string };
        if (message.key?.toString() !== deviceId) mismatched++;
      },
    });
    await waitFor(() => seen >= summary.published, { timeoutMs: 20_000, what: 'records read back' });
    await consumer.disconnect();
    expect(mismatched).toBe(0);
  });
});
