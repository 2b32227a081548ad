// The same path against an external broker: Debian's mosquitto, as a plant would run it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { sleep, waitFor } from '../support/wait';

describe('engine against mosquitto as an external broker', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let engine: Engine;

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await startMosquitto(dir.path);
    engine = await startEngine(`${dir.path}/data`, {
      broker: { embedded: false },
      sources: { mqtt: [{ id: 'plant', url: broker.url, topics: ['watchfloor/devices/+/telemetry'], qos: 1 }] },
      simulator: { url: broker.url, anomalyRate: 0 },
      detection: { kindDefaults: false },
    });
  });

  afterAll(async () => {
    await engine?.stop();
    await broker?.stop();
    dir?.remove();
  });

  it('stores every reading the simulator published through mosquitto and raises one alarm per crossing', async () => {
    expect(engine.services.broker).toBeUndefined();
    expect(engine.health().sources.filter((s) => s.kind === 'mqtt')).toEqual([
      expect.objectContaining({ id: 'plant', connected: true, url: `${broker.url}` }),
    ]);

    await sleep(5000);
    await engine.services.simulator!.inject('device-002', 'pressure', 61);
    await engine.services.simulator!.stop();
    const published = engine.services.simulator!.publishedByDevice();
    const total = [...published.values()].reduce((a, b) => a + b, 0);
    await waitFor(() => engine.services.history.stored === total, { what: `${total} stored readings` });

    const stored = await engine.services.history.countBySeries();
    for (const [device, n] of published) {
      const signal = engine.services.registry.get(device)!.signals[0]!.key;
      expect(stored.get(`${device}/${signal}`), device).toBe(n);
    }
    const alarms = engine.services.alarmStore.list({ limit: 100 });
    expect(alarms).toEqual([
      expect.objectContaining({ deviceId: 'device-002', kind: 'high', value: 61, limit: 55, state: 'unack_active' }),
    ]);
  });
});
