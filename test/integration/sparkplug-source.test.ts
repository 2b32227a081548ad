// Sparkplug B through the engine's own MQTT source: births register devices and signals,
// aliased data is stored under metric names, data before a birth asks the edge to rebirth.
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { DataType, encodeSparkplugPayload } from '../../src/main/engine/ingest/sparkplug/sparkplug-proto';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

describe('Sparkplug B source', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await engine?.stop();
    dir.remove();
  });

  it('registers born devices, stores aliased data by name, and requests a rebirth for unknown aliases', async () => {
    engine = await startEngine(dir.path, {
      simulator: { enabled: false },
      sources: { mqtt: [{ id: 'spb', topics: ['spBv1.0/#'], qos: 1 }] },
    });
    const edge = await mqtt.connectAsync(engine.services.broker!.url);
    const commands: string[] = [];
    await edge.subscribeAsync('spBv1.0/plant/NCMD/edge1');
    edge.on('message', (topic) => commands.push(topic));
    const now = Date.now();

    // data before any birth: rejected, and the edge is asked to rebirth
    await edge.publishAsync(
      'spBv1.0/plant/DDATA/edge1/press',
      Buffer.from(
        encodeSparkplugPayload({
          timestamp: now,
          seq: 1,
          metrics: [{ alias: 7, timestamp: now, datatype: DataType.Double, double_value: 1 }],
        }),
      ),
      { qos: 1 },
    );
    await waitFor(() => commands.length === 1, { what: 'a rebirth command' });

    await edge.publishAsync(
      'spBv1.0/plant/NBIRTH/edge1',
      Buffer.from(
        encodeSparkplugPayload({
          timestamp: now,
          seq: 0,
          metrics: [{ name: 'bdSeq', datatype: DataType.Int64, long_value: 0 }],
        }),
      ),
      { qos: 1 },
    );
    await edge.publishAsync(
      'spBv1.0/plant/DBIRTH/edge1/press',
      Buffer.from(
        encodeSparkplugPayload({
          timestamp: now,
          seq: 1,
          metrics: [
            {
              name: 'Hydraulics/Pressure',
              alias: 7,
              datatype: DataType.Double,
              double_value: 41.5,
              properties: { keys: ['engUnit'], values: [{ type: DataType.String, string_value: 'bar' }] },
            },
          ],
        }),
      ),
      { qos: 1 },
    );
    await edge.publishAsync(
      'spBv1.0/plant/DDATA/edge1/press',
      Buffer.from(
        encodeSparkplugPayload({
          timestamp: now + 1000,
          seq: 2,
          metrics: [{ alias: 7, timestamp: now + 1000, datatype: DataType.Double, double_value: 43.25 }],
        }),
      ),
      { qos: 1 },
    );
    await waitFor(() => engine!.services.history.stored >= 2, { what: 'birth and data stored' });
    const deaths: string[] = [];
    contractClient(engine).subscribe('devices.deaths', {}, (d) => deaths.push(d.deviceId));
    await new Promise((r) => setTimeout(r, 20));
    await edge.publishAsync(
      'spBv1.0/plant/DDEATH/edge1/press',
      Buffer.from(encodeSparkplugPayload({ timestamp: now + 2000, seq: 3, metrics: [] })),
      { qos: 1 },
    );
    await edge.endAsync();
    await waitFor(() => deaths.includes('plant.edge1.press'), { what: 'the death announced' });
    expect(await contractClient(engine).request('devices.deaths', {})).toEqual([
      { deviceId: 'plant.edge1.press', at: expect.any(Number) },
    ]);

    const device = engine.services.registry.get('plant.edge1.press');
    expect(device).toMatchObject({ unconfigured: true });
    expect(device!.signals).toEqual([expect.objectContaining({ key: 'Hydraulics/Pressure', unit: 'bar' })]);
    const latest = engine.services.live.snapshot().find((r) => r.deviceId === 'plant.edge1.press');
    expect(latest).toMatchObject({ signal: 'Hydraulics/Pressure', value: 43.25, ts: now + 1000 });
    expect(engine.services.deadLetters.list(10).some((d) => /alias|birth/i.test(d.reason))).toBe(true);
  });
});
