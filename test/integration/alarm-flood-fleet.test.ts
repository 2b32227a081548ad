// The flood scenario: the fleet simulator, at a high fault rate, drives a real engine
// into an alarm flood. The fleet's devices are configured (an operator area, limits at twice
// the healthy band, which spikes of three to six times the band cross and healthy readings
// never reach); every injected spike must end up as an alarm on its device and signal, the
// area goes into flood, the queue groups by device and cause, and the KPIs show the flood.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import type { FaultLabel } from '../../src/main/engine/simulator/fleet/fault';
import { FleetModel } from '../../src/main/engine/simulator/fleet/fleet-model';
import { runFleet } from '../../src/main/engine/simulator/fleet/fleet-run';
import { MqttTarget } from '../../src/main/engine/simulator/fleet/mqtt-target';
import { halfBand } from '../../src/main/engine/simulator/fleet/signal-baseline';
import { parseTargetAddress } from '../../src/main/engine/simulator/fleet/target-url';
import { alarmQueue, groupByDeviceAndCause } from '../../src/renderer/src/store/alarm-queue';
import type { DeviceInput } from '../../src/shared/domain';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const AREA = 'line-1';
const SPEC = { devices: 12, signals: 2, intervalMs: 200, seed: 11, faults: ['spike' as const], faultRate: 12 };

/** The fleet as an operator would configure it: each signal alarms outside twice its healthy band. */
function configuredFleet(model: FleetModel): DeviceInput[] {
  return model.devices.map((d) => ({
    id: d.id,
    name: d.id,
    kind: 'simulated',
    area: AREA,
    signals: d.signals.map((b) => ({
      key: b.key,
      unit: b.unit,
      intervalMs: SPEC.intervalMs,
      limits: { lo: b.level - 2 * halfBand(b), hi: b.level + 2 * halfBand(b) },
    })),
  }));
}

describe('an alarm flood from the fleet simulator', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  const labels: FaultLabel[] = [];

  beforeAll(async () => {
    dir = makeTempDir('watchfloor-fleet-flood-');
    engine = await startEngine(dir.path, {
      simulator: { enabled: false },
      devices: configuredFleet(new FleetModel(SPEC)),
    });
    const address = parseTargetAddress(engine.services.broker!.url);
    if (address.kind !== 'mqtt') throw new Error('the embedded broker speaks MQTT');
    const target = new MqttTarget(address, 1, () => {});
    await target.connect();
    try {
      const result = await runFleet({
        model: new FleetModel(SPEC),
        target,
        batch: false,
        durationMs: 12_000,
        signal: new AbortController().signal,
        labels: { write: (label) => labels.push(label) },
      });
      expect(result.failed).toBe(0);
    } finally {
      await target.close(5000);
    }
    await waitFor(() => engine.services.pipeline.queued === 0 && engine.services.history.stored > 0, {
      what: 'the fleet stored',
    });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  it('raises an alarm on every device and signal a spike hit, and nowhere else', async () => {
    const spiked = new Set(labels.filter((l) => l.kind === 'spike').map((l) => `${l.device}/${l.signal}`));
    expect(spiked.size).toBeGreaterThan(10);
    const client = contractClient(engine);
    await waitFor(
      async () => {
        const raised = await client.request('alarms.list', { states: ['unack_active', 'unack_rtn', 'ack_active'] });
        return new Set(raised.map((a) => `${a.deviceId}/${a.signal}`)).size >= spiked.size;
      },
      { what: 'an alarm per spiked signal', timeoutMs: 15_000 },
    );
    const raised = await client.request('alarms.list', { limit: 5000 });
    client.close();
    expect(new Set(raised.map((a) => `${a.deviceId}/${a.signal}`))).toEqual(spiked);
    expect(raised.every((a) => a.kind === 'high' || a.kind === 'low')).toBe(true);
  });

  it('puts the area in flood and groups the queue by device and cause', async () => {
    const client = contractClient(engine);
    const flood = (await client.request('alarms.flood', {})).find((f) => f.area === AREA);
    expect(flood).toMatchObject({ active: true, threshold: 10 });
    expect(flood!.newInWindow).toBeGreaterThan(10);

    const queue = alarmQueue(await client.request('alarms.list', { areas: [AREA] }));
    const groups = groupByDeviceAndCause(queue);
    // One group per device and cause, holding every alarm of that pair.
    expect(new Set(groups.map((g) => `${g.deviceId}/${g.kind}`)).size).toBe(groups.length);
    expect(groups.reduce((n, g) => n + g.alarms.length, 0)).toBe(queue.length);
    client.close();
  });

  it('shows the flood in the KPIs', async () => {
    const client = contractClient(engine);
    const kpis = await client.request('alarms.kpis', { from: Date.now() - 10 * 60_000 });
    client.close();
    const area = kpis.areas.find((a) => a.area === AREA)!;
    expect(area.peakPer10Min).toBeGreaterThan(10);
    expect(area.floodPercent).toBeGreaterThan(0);
    expect(kpis.top.length).toBeGreaterThan(0);
    expect(kpis.top[0]!.count).toBeGreaterThanOrEqual(kpis.top.at(-1)!.count);
  });
});
