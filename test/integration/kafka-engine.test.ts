// A Kafka source configured like any other: the engine starts it from the configuration,
// reports its health and stores what it consumes.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

describe('engine with a Kafka source from its configuration', () => {
  let mock: KafkaMock;
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;

  beforeAll(async () => {
    mock = await startKafkaMock();
    await mock.createTopics(['plant-telemetry']);
    dir = makeTempDir();
    engine = await startEngine(dir.path, {
      broker: { embedded: false },
      sources: {
        mqtt: [],
        kafka: [
          {
            id: 'plant-kafka',
            brokers: [mock.bootstrap],
            topics: ['plant-telemetry'],
            groupId: 'wf-engine',
            fromBeginning: true,
          },
        ],
      },
      simulator: { enabled: false },
    });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await mock?.stop();
    dir?.remove();
  });

  it('consumes, stores and reports the source in health', async () => {
    const producer = new Kafka({ clientId: 'test', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const now = Date.now();
    await producer.send({
      topic: 'plant-telemetry',
      messages: Array.from({ length: 200 }, (_, i) => ({
        key: `pump-${i % 4}`,
        value: JSON.stringify({ deviceId: `pump-${i % 4}`, sensorType: 'flow', value: i, timestamp: now - 200 + i }),
      })),
    });
    await producer.disconnect();
    await waitFor(() => engine.services.history.stored === 200, { timeoutMs: 30_000, what: '200 readings from Kafka' });
    const health = engine.health().sources.find((s) => s.id === 'plant-kafka');
    expect(health).toMatchObject({ kind: 'kafka', connected: true, messages: 200 });
    expect((await engine.services.history.countBySeries()).get('pump-3/flow')).toBe(50);
  });
});
