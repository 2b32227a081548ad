// A small plant with two hours of known history for the Analytics view's end-to-end test and its
// screenshots: three temperature devices (two rising and falling together, one against them),
// a pressure device that mirrors them, and a vibration device with no pattern. The history is
// posted to the engine's HTTP ingest with past timestamps (stored and rolled up as history), one
// reading a minute per series, so 1-minute rollups line up across series.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServeProcess, type ServeProcess } from './serve-process';

const signal = (key: string, unit: string, normal: [number, number], hi: number) => ({
  key,
  unit,
  normal,
  limits: { hi },
  intervalMs: 60_000,
});

export const ANALYTICS_DEVICES = [
  { id: 'oven-01', name: 'Oven 1', kind: 'temperature', signals: [signal('temperature', 'celsius', [20, 80], 95)] },
  { id: 'oven-02', name: 'Oven 2', kind: 'temperature', signals: [signal('temperature', 'celsius', [20, 80], 95)] },
  { id: 'oven-03', name: 'Oven 3', kind: 'temperature', signals: [signal('temperature', 'celsius', [20, 80], 95)] },
  { id: 'press-01', name: 'Press 1', kind: 'pressure', signals: [signal('pressure', 'psi', [10, 50], 60)] },
  { id: 'fan-01', name: 'Fan 1', kind: 'vibration', signals: [signal('vibration', 'hz', [0, 100], 150)] },
].map((d) => ({ ...d, location: 'Line 1', area: 'Line 1' }));

export const HISTORY_MINUTES = 120;

/** The value of each series at minute i (0 = two hours ago): known shapes, so r is known. */
export function analyticsValue(series: string, i: number): number {
  const wave = Math.sin((i / HISTORY_MINUTES) * 4 * Math.PI);
  switch (series) {
    case 'oven-01/temperature':
      return 50 + 10 * wave;
    case 'oven-02/temperature':
      return 55 + 8 * wave + (i % 3) * 0.2;
    case 'oven-03/temperature':
      return 45 - 6 * wave;
    case 'press-01/pressure':
      return 30 - 5 * wave;
    default:
      return 40 + ((i * 37) % 11);
  }
}

export interface AnalyticsPlant {
  serve: ServeProcess;
  /** The minute the history starts at (ms, on a whole minute). */
  start: number;
  close(): Promise<void>;
}

export async function startAnalyticsPlant(dir: string): Promise<AnalyticsPlant> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({ simulator: { enabled: false }, detection: { kindDefaults: false }, devices: ANALYTICS_DEVICES }),
  );
  const serve = await startServeProcess(['--data', join(dir, 'data'), '--config', config]);
  const minute = 60_000;
  const start = Math.floor(Date.now() / minute) * minute - HISTORY_MINUTES * minute;
  const readings = [];
  for (const d of ANALYTICS_DEVICES)
    for (const s of d.signals)
      for (let i = 0; i < HISTORY_MINUTES; i++)
        readings.push({
          deviceId: d.id,
          sensorType: s.key,
          timestamp: new Date(start + i * minute + 5_000).toISOString(),
          value: analyticsValue(`${d.id}/${s.key}`, i),
          unit: s.unit,
        });
  for (let k = 0; k < readings.length; k += 300) {
    const res = await fetch(`${serve.url}/ingest/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(readings.slice(k, k + 300)),
    });
    if (!res.ok) throw new Error(`ingest refused: ${res.status} ${await res.text()}`);
  }
  return {
    serve,
    start,
    async close() {
      await serve.stop();
    },
  };
}
