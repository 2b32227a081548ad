// An alarm flood through the real engine: 14 devices of one operator area cross their limits
// within a minute over MQTT, a quieter area does not. The area goes into flood (event and
// status), the queue groups by device and cause, the KPIs show the peak and the time in
// flood — and after an engine restart the same alarms are still one row each, counting repeats.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { groupByDeviceAndCause, alarmQueue } from '../../src/renderer/src/store/alarm-queue';
import type { FloodStatus } from '../../src/shared/contract';
import type { DeviceInput } from '../../src/shared/domain';
import { observedSpan } from '../../src/shared/alarm-rate-bands';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const device = (id: string, area: string): DeviceInput => ({
  id,
  name: id,
  kind: 'furnace',
  area,
  signals: [
    { key: 'temperature', unit: 'celsius', limits: { hi: 100 } },
    { key: 'pressure', unit: 'bar', limits: { lo: 2, hi: 10 } },
  ],
});

const NORTH = Array.from({ length: 14 }, (_, i) => `north-${String(i + 1).padStart(2, '0')}`);
const SOUTH = ['south-01', 'south-02'];

describe('alarm flood, grouping, KPIs and restart', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  const config = {
    simulator: { enabled: false },
    devices: [...NORTH.map((id) => device(id, 'north')), ...SOUTH.map((id) => device(id, 'south'))],
  };

  async function publish(readings: { deviceId: string; sensorType: string; value: number }[]) {
    const pub = await mqtt.connectAsync(engine.services.broker!.url);
    const now = Date.now();
    for (const r of readings) {
      await pub.publishAsync(`watchfloor/devices/${r.deviceId}/telemetry`, JSON.stringify({ ...r, timestamp: now }), {
        qos: 1,
      });
    }
    await pub.endAsync();
  }

  const openRows = () => engine.services.alarmStore.list({ limit: 1000 });

  beforeAll(async () => {
    dir = makeTempDir('watchfloor-flood-');
    engine = await startEngine(dir.path, config);
  });

  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  it('puts the busy area in flood, and only that one', async () => {
    const floods: FloodStatus[] = [];
    engine.services.alarms.onFlood((f) => floods.push(f));
    // Every north device overheats; the first four also lose pressure. South: one alarm.
    await publish([
      ...NORTH.map((deviceId) => ({ deviceId, sensorType: 'temperature', value: 130 })),
      ...NORTH.slice(0, 4).map((deviceId) => ({ deviceId, sensorType: 'pressure', value: 0.5 })),
      { deviceId: 'south-01', sensorType: 'temperature', value: 120 },
    ]);
    await waitFor(() => openRows().length === 19, { what: '19 alarms', timeoutMs: 15_000 });

    expect(floods).toEqual([expect.objectContaining({ area: 'north', active: true })]);
    const client = contractClient(engine);
    const status = await client.request('alarms.flood', {});
    expect(status.find((f) => f.area === 'north')).toMatchObject({ active: true, newInWindow: 18, threshold: 10 });
    expect(status.find((f) => f.area === 'south')).toMatchObject({ active: false, newInWindow: 1 });

    // The queue as the operator's screen groups it in a flood: device and cause.
    const queue = alarmQueue(await client.request('alarms.list', { areas: ['north'] }));
    const groups = groupByDeviceAndCause(queue);
    expect(groups).toHaveLength(18);
    expect(new Set(groups.map((g) => g.deviceId))).toEqual(new Set(NORTH));
    expect(
      groups
        .filter((g) => g.kind === 'low')
        .map((g) => g.deviceId)
        .sort(),
    ).toEqual(NORTH.slice(0, 4));
    client.close();
  });

  it('reports the flood in the KPIs: peak, share of time in flood, most frequent alarms', async () => {
    const client = contractClient(engine);
    const kpis = await client.request('alarms.kpis', { from: Date.now() - 60 * 60_000 });
    client.close();
    const north = kpis.areas.find((a) => a.area === 'north')!;
    const south = kpis.areas.find((a) => a.area === 'south')!;
    expect(north).toMatchObject({ alarms: 18, peakPer10Min: 18 });
    // Averaged over the time observed (this engine has run for less than the hour asked for).
    expect(observedSpan(kpis).observedMs).toBeLessThan(60 * 60_000);
    expect(observedSpan(kpis).observedFrom).toBeGreaterThan(kpis.from);
    expect(north.averagePer10Min).toBeCloseTo(18 / (observedSpan(kpis).observedMs / (10 * 60_000)), 1);
    // Over the last hour the flood of a few seconds is a sliver; over the minute around it, most of it.
    const since = engine.services.alarms.floodStatus().find((f) => f.area === 'north')!.since!;
    const client2 = contractClient(engine);
    const around = await client2.request('alarms.kpis', { from: since - 10_000, to: since + 50_000 });
    client2.close();
    const observed = (around.to - observedSpan(around).observedFrom) / 1000;
    expect(around.areas.find((a) => a.area === 'north')!.floodPercent).toBeCloseTo((50 / observed) * 100, 0);
    expect(around.areas.find((a) => a.area === 'south')!.floodPercent).toBe(0);
    expect(south).toMatchObject({ alarms: 1, peakPer10Min: 1, floodPercent: 0 });
    expect(kpis.top).toHaveLength(10);
  });

  it('after a restart keeps one row per alarm and counts repeats on it', async () => {
    const before = openRows();
    await engine.stop();
    engine = await startEngine(dir.path, config);
    expect(
      openRows()
        .map((a) => a.id)
        .sort(),
    ).toEqual(before.map((a) => a.id).sort());
    // The flood is still known after the restart.
    expect(engine.services.alarms.floodStatus().find((f) => f.area === 'north')).toMatchObject({ active: true });

    // Still hot: nothing new. Back to normal and hot again: the same row counts a repeat.
    await publish([{ deviceId: 'north-01', sensorType: 'temperature', value: 131 }]);
    await publish([{ deviceId: 'north-01', sensorType: 'temperature', value: 60 }]);
    await publish([{ deviceId: 'north-01', sensorType: 'temperature', value: 140 }]);
    await waitFor(() => openRows().find((a) => a.key === 'north-01/temperature/high')?.count === 2, {
      what: 'the repeat counted',
    });
    const rows = engine.services
      .stateDb!.prepare("SELECT COUNT(*) AS n FROM alarms WHERE key = 'north-01/temperature/high'")
      .get() as {
      n: number;
    };
    expect(rows.n).toBe(1);
    expect(openRows()).toHaveLength(before.length);
  });
});
