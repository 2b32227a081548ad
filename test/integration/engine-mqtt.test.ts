// The walking skeleton end to end inside the engine: embedded broker, simulator, MQTT source,
// pipeline, DuckDB history, SQLite alarms and dead letters — all real, on disk.
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { sleep, waitFor } from '../support/wait';

async function storedMatchesPublished(engine: Engine) {
  const published = engine.services.simulator!.publishedByDevice();
  const stored = await engine.services.history.countBySeries();
  const byDevice = new Map<string, number>();
  for (const [series, n] of stored) {
    const device = series.split('/')[0]!;
    byDevice.set(device, (byDevice.get(device) ?? 0) + n);
  }
  return { published: Object.fromEntries(published), stored: Object.fromEntries(byDevice) };
}

describe('engine with the embedded broker and the simulator', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    dir.remove();
  });

  it('stores exactly what the simulator published, per device, and keeps it across a restart', async () => {
    engine = await startEngine(dir.path);
    await sleep(10_000);
    await engine.services.simulator!.stop();
    const counts = await waitFor(
      async () => {
        const c = await storedMatchesPublished(engine!);
        return JSON.stringify(c.published) === JSON.stringify(c.stored) ? c : undefined;
      },
      { timeoutMs: 5000, what: 'stored counts to equal published counts' },
    ).catch(async () => storedMatchesPublished(engine!));
    // Five devices at 1–5 s intervals for 10 s: about 10 + 5 + 4 + 3 + 2 readings.
    expect(Object.keys(counts.published).sort()).toEqual([
      'device-001',
      'device-002',
      'device-003',
      'device-004',
      'device-005',
    ]);
    expect(counts.published['device-003']).toBeGreaterThanOrEqual(9);
    expect(counts.stored).toEqual(counts.published);

    const health = engine.health();
    expect(health.readings.stored).toBe(Object.values(counts.published).reduce((a, b) => a + b, 0));
    expect(health.sources[0]).toMatchObject({ connected: true });

    const openBefore = (await contractClient(engine).request('alarms.list', {})).map((a) => a.id);
    await engine.stop();
    engine = await startEngine(dir.path, { simulator: { enabled: false } });
    const after = await engine.services.history.countBySeries();
    expect([...after.values()].reduce((a, b) => a + b, 0)).toBe(health.readings.stored);
    const openAfter = (await contractClient(engine).request('alarms.list', {})).map((a) => a.id);
    expect(openAfter).toEqual(openBefore);
  });

  it('raises exactly one alarm for an out-of-limit value and updates it when the value returns', async () => {
    engine = await startEngine(dir.path, { simulator: { anomalyRate: 0 }, detection: { kindDefaults: false } });
    const client = contractClient(engine);
    const changes: string[] = [];
    client.subscribe('alarms.changes', {}, (e) => changes.push(`${e.alarm.id}:${e.alarm.state}`));

    await engine.services.simulator!.inject('device-001', 'temperature', 97.5);
    const raised = await waitFor(async () => {
      const list = await client.request('alarms.list', {});
      return list.find((a) => a.deviceId === 'device-001');
    });
    expect(raised).toMatchObject({
      signal: 'temperature',
      kind: 'high',
      state: 'unack_active',
      value: 97.5,
      limit: 85,
    });

    await engine.services.simulator!.inject('device-001', 'temperature', 50);
    const returned = await waitFor(async () => {
      const a = (await client.request('alarms.list', {})).find((x) => x.id === raised.id);
      return a?.state === 'unack_rtn' ? a : undefined;
    });
    expect(returned.returnedAt).not.toBeNull();
    const forDevice = (await client.request('alarms.list', {})).filter((a) => a.deviceId === 'device-001');
    expect(forDevice).toHaveLength(1);

    const acked = await client.request('alarms.acknowledge', { id: raised.id, comment: 'door left open' });
    expect(acked).toMatchObject({ state: 'normal', ackComment: 'door left open' });
    expect(await client.request('alarms.list', {})).toEqual([]);
    expect(changes).toEqual([`${raised.id}:unack_active`, `${raised.id}:unack_rtn`, `${raised.id}:normal`]);
  });

  it('sends garbage to dead letters with reasons while every valid reading around it is stored', async () => {
    engine = await startEngine(dir.path, { simulator: { enabled: false }, ingest: { autoRegister: false } });
    const pub = await mqtt.connectAsync(engine.services.broker!.url);
    const topic = 'watchfloor/devices/x/telemetry';
    const base = Date.now();
    const garbage: (string | Buffer)[] = [
      'not json at all',
      '{"deviceId":"device-002","sensorType":"pressure"}',
      '{"deviceId":"device-002","sensorType":"pressure","value":"NaN"}',
      '{"deviceId":"device-002","sensorType":"pressure","value":"31.5"}',
      '{"deviceId":"device-999","sensorType":"pressure","value":31.5}',
      Buffer.from([0xc3, 0x28, 0xa0]),
    ];
    let valid = 0;
    for (let i = 0; i < 30; i++) {
      await pub.publishAsync(
        topic,
        JSON.stringify({
          deviceId: 'device-002',
          timestamp: base + i,
          sensorType: 'pressure',
          value: 30 + (i % 5),
          unit: 'psi',
        }),
        { qos: 1 },
      );
      valid++;
      if (i % 5 === 0) await pub.publishAsync(topic, garbage[(i / 5) % garbage.length]!, { qos: 1 });
    }
    await pub.endAsync();

    await waitFor(() => engine!.services.history.stored === valid, { what: `${valid} stored readings` });
    await waitFor(() => engine!.services.deadLetters.count === 6, { what: '6 dead letters' });
    const stored = await engine.services.history.countBySeries();
    expect(stored.get('device-002/pressure')).toBe(valid);

    const { total, items } = await contractClient(engine).request('deadLetters.list', {});
    expect(total).toBe(6);
    const reasons = items.map((d) => d.reason).sort();
    expect(reasons).toHaveLength(6);
    const expected = [
      /^"value" must be a number, got the string "31\.5"$/,
      /^"value" must be a number, got the string "NaN"$/,
      /^missing "value"$/,
      /^payload is not valid JSON: /,
      /^payload is not valid UTF-8$/,
      /^unknown device "device-999" \(auto-registration is off\)$/,
    ];
    for (const pattern of expected)
      expect(
        reasons.some((r) => pattern.test(r)),
        String(pattern),
      ).toBe(true);
    expect(items.find((d) => d.reason.startsWith('payload is not valid JSON'))!.raw).toBe('not json at all');
    expect(items.every((d) => d.source === 'mqtt' && d.origin === topic)).toBe(true);
    expect(engine.health().deadLetters).toBe(6);
  });
});
