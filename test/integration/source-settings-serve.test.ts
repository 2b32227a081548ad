// Settings → Sources for HTTP ingest and Kafka, against `serve` (HTTP server) and librdkafka's
// mock cluster: bearer tokens added and removed through the contract take effect on the next
// request and never come back; turning HTTP ingest off answers 404 at once; a Kafka source added
// through the contract consumes, "Test connection" reports what it reached and what it did not.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { contractClient } from '../support/contract-client';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const TOKEN = 'plant-gateway-token-0123456789';

describe('Settings → Sources with serve', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let mock: KafkaMock;

  beforeAll(async () => {
    dir = makeTempDir();
    mock = await startKafkaMock();
    await mock.createTopics(['line-telemetry']);
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir: dir.path },
          { server: { port: 0 }, broker: { embedded: false }, simulator: { enabled: false }, sources: { mqtt: [] } },
        ),
      ),
      rendererDir: dir.path,
      version: 'test',
      log: () => {},
    });
  }, 30_000);
  afterAll(async () => {
    await running?.stop();
    await mock?.stop();
    dir?.remove();
  });

  const post = (auth?: string) =>
    fetch(`${running.server.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify({ deviceId: 'gw-1', sensorType: 'flow', value: 3 }),
    });

  it('applies HTTP ingest tokens and on/off on the next request, and never returns a token', async () => {
    const client = contractClient(running.engine);
    expect((await post()).status).toBe(202); // no tokens: loopback may post

    const saved = await client.request('sources.save', { kind: 'http', http: { enabled: true, addTokens: [TOKEN] } });
    expect(saved.http.origin).toBe('edited');
    expect(saved.http.tokens).toEqual([{ fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) }]);
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(202);

    const short = await client
      .request('sources.save', { kind: 'http', http: { enabled: true, addTokens: ['short'] } })
      .catch((e: unknown) => e as { code: string; details: { issues: { path: string }[] } });
    expect(short).toMatchObject({ code: 'BAD_REQUEST', details: { issues: [{ path: 'http.addTokens.0' }] } });

    const off = await client.request('sources.save', {
      kind: 'http',
      http: { enabled: false, removeTokens: [saved.http.tokens[0]!.fingerprint] },
    });
    expect(off.http).toMatchObject({ enabled: false, tokens: [] });
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(404);

    await client.request('sources.revert', { kind: 'http' });
    expect((await post()).status).toBe(202);
    client.close();
  });

  it('adds a Kafka source that consumes, and tests connections without saving', async () => {
    const client = contractClient(running.engine);
    const source = {
      id: 'line-kafka',
      brokers: [mock.bootstrap],
      topics: ['line-telemetry'],
      groupId: 'settings-test',
      fromBeginning: true,
      sessionTimeoutMs: 6000,
    };
    const tested = await client.request('sources.test', { kind: 'kafka', source });
    expect(tested).toMatchObject({ ok: true, message: expect.stringContaining('line-telemetry (4 partitions)') });
    const unreachable = await client.request('sources.test', {
      kind: 'mqtt',
      source: { id: 'nowhere', url: 'mqtt://127.0.0.1:9', topics: ['x/#'] },
    });
    expect(unreachable.ok).toBe(false);
    expect((await client.request('sources.settings', {})).kafka).toEqual([]); // testing saves nothing

    const saved = await client.request('sources.save', { kind: 'kafka', source });
    expect(saved.kafka).toEqual([expect.objectContaining({ id: 'line-kafka', origin: 'settings', enabled: true })]);
    const producer = new Kafka({ clientId: 't', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: 'line-telemetry',
      messages: [{ key: 'k', value: JSON.stringify({ deviceId: 'kiln-4', sensorType: 'temp', value: 812 }) }],
    });
    await producer.disconnect();
    await waitFor(() => running.engine.services.live.snapshot().some((r) => r.deviceId === 'kiln-4'), {
      what: 'the record from the Kafka source added in Settings',
      timeoutMs: 20_000,
    });
    expect(running.engine.health().sources.find((s) => s.id === 'line-kafka')).toMatchObject({ connected: true });

    const removed = await client.request('sources.remove', { kind: 'kafka', id: 'line-kafka' });
    expect(removed.kafka).toEqual([]);
    expect(running.engine.health().sources.map((s) => s.id)).not.toContain('line-kafka');
    client.close();
  }, 40_000);
  it('restarts a Kafka source changed while records arrive, storing every one once', async () => {
    const client = contractClient(running.engine);
    await mock.createTopics(['restart-telemetry']);
    const source = {
      id: 'restart-kafka',
      brokers: [mock.bootstrap],
      topics: ['restart-telemetry'],
      groupId: 'restart-test',
      fromBeginning: true,
      sessionTimeoutMs: 6000,
    };
    await client.request('sources.save', { kind: 'kafka', source });
    const producer = new Kafka({ clientId: 'r', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const t0 = Date.now() - 3_600_000;
    const N = 2000;
    let produced = 0;
    const producing = (async () => {
      for (let i = 0; i < N; i += 50, produced = i) {
        await producer.send({
          topic: 'restart-telemetry',
          messages: Array.from({ length: 50 }, (_, k) => ({
            key: `k${(i + k) % 8}`,
            value: JSON.stringify({ deviceId: 'oven-9', sensorType: 'temp', value: i + k, timestamp: t0 + i + k }),
          })),
        });
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    await waitFor(async () => ((await running.engine.services.history.countBySeries()).get('oven-9/temp') ?? 0) > 200, {
      what: 'the first records stored',
      timeoutMs: 20_000,
    });
    await client.request('sources.save', { kind: 'kafka', source: { ...source, partitionsConsumedConcurrently: 2 } });
    expect(produced, 'the source restarted while records were still being produced').toBeLessThan(N);
    await producing;
    await producer.disconnect();
    await waitFor(async () => (await running.engine.services.history.countBySeries()).get('oven-9/temp') === N, {
      what: `all ${N} records stored once`,
      timeoutMs: 30_000,
    });
    expect(running.engine.services.deadLetters.countsBySource()['restart-kafka']).toBeUndefined();
    await client.request('sources.remove', { kind: 'kafka', id: 'restart-kafka' });
    client.close();
  }, 60_000);
});
