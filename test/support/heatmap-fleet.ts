// A fleet with history for the analytics heatmap, on the built `watchfloor serve`: N pressure
// devices (`hm-001`…, in four areas) with one reading per device and hour for the last D days,
// sent through HTTP batch ingest (20,000 rows a request: the engine's own path, rollups and
// all; compacted before it is handed over), and live readings past the high limit on every
// tenth device so the alarm heatmap has something to count. Used by the heatmap end-to-end test, its benchmark and the screenshots.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceInput } from '../../src/shared/domain';
import { startServeProcess, type ServeProcess } from './serve-process';

const HOUR = 3_600_000;

export function heatmapDevices(count: number): DeviceInput[] {
  return Array.from({ length: count }, (_, i) => {
    const area = `Line ${(i % 4) + 1}`;
    return {
      id: `hm-${String(i + 1).padStart(3, '0')}`,
      name: `Press ${i + 1}`,
      kind: 'pressure',
      location: area,
      area,
      signals: [{ key: 'pressure', unit: 'psi', normal: [10, 50], limits: { lo: 5, hi: 55 }, intervalMs: HOUR }],
    } as DeviceInput;
  });
}

/** A plausible pressure: a daily swing, a level per device, and a slow drift on some. */
export function heatmapValue(device: number, hour: number): number {
  const daily = 8 * Math.sin((2 * Math.PI * (hour % 24)) / 24);
  const drift = device % 7 === 0 ? hour * 0.02 : 0;
  return Math.round((25 + (device % 10) * 1.5 + daily + drift) * 10) / 10;
}

export interface HeatmapFleet {
  serve: ServeProcess;
  devices: DeviceInput[];
  /** Devices with a live alarm. */
  alarmed: string[];
  readings: number;
  close(): Promise<number | null>;
}

export async function startHeatmapFleet(dataRoot: string, count: number, days: number): Promise<HeatmapFleet> {
  const devices = heatmapDevices(count);
  const config = join(dataRoot, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({
      simulator: { enabled: false },
      detection: { kindDefaults: false }, // one reading past a limit raises an alarm here
      broker: { embedded: false },
      sources: { mqtt: [] },
      // Compacted soon after the load, as a plant's month of history is (only its last minutes are hot).
      history: { compactIntervalMs: 1000 },
      devices,
    }),
  );
  const serve = await startServeProcess(['--data', join(dataRoot, 'data'), '--config', config]);
  try {
    return await loadFleet(serve, devices, count, days);
  } catch (err) {
    await serve.stop(); // a failed load leaves no engine running
    throw err;
  }
}

async function loadFleet(
  serve: ServeProcess,
  devices: DeviceInput[],
  count: number,
  days: number,
): Promise<HeatmapFleet> {
  const now = Date.now();
  const first = now - (now % HOUR) - days * 24 * HOUR;
  const hours = days * 24;
  const post = async (rows: object[]) => {
    const res = await fetch(`${serve.url}/ingest/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  };
  let batch: object[] = [];
  let readings = 0;
  for (let d = 0; d < count; d++) {
    for (let h = 0; h < hours; h++) {
      batch.push({
        deviceId: devices[d]!.id,
        sensorType: 'pressure',
        value: heatmapValue(d, h),
        timestamp: first + h * HOUR + ((d * 7919) % 3_000_000),
      });
      if (batch.length === 20_000) {
        await post(batch);
        readings += batch.length;
        batch = [];
      }
    }
  }
  if (batch.length > 0) await post(batch);
  readings += batch.length;
  const alarmed = devices.filter((_, i) => i % 10 === 0).map((d) => d.id);
  await post(alarmed.map((deviceId) => ({ deviceId, sensorType: 'pressure', value: 70, timestamp: Date.now() })));
  // Wait for the alarms, so the heatmap of alarm counts has them.
  const until = Date.now() + 15_000;
  for (;;) {
    const body = (await (await fetch(`${serve.url}/api/metrics/dashboard`)).json()) as {
      data: { alarms: { open: number } };
    };
    if (body.data.alarms.open >= alarmed.length) break;
    if (Date.now() > until) throw new Error(`only ${body.data.alarms.open} of ${alarmed.length} alarms were raised`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (;;) {
    const system = (await (await fetch(`${serve.url}/api/metrics/system`)).json()) as {
      data: { storage: { hotReadings: number } };
    };
    if (system.data.storage.hotReadings === 0) break;
    if (Date.now() > until + 30_000)
      throw new Error(`history was not compacted: ${system.data.storage.hotReadings} hot`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { serve, devices, alarmed, readings, close: () => serve.stop() };
}
