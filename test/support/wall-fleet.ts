// A plant of N devices × 3 signals in A areas on the built `watchfloor serve` (no simulator):
// the devices are registered from the config file, and a publisher in this process feeds every
// signal once a second over the engine's embedded MQTT broker, one message per device (an array
// of its three readings). Used by the wall end-to-end test, the `wall` benchmark and the
// screenshot script.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceInput } from '../../src/shared/domain';
import { startServeProcess, type ServeProcess } from './serve-process';

/** Device `unit-NNN` in area `Area K`: temperature, pressure and flow, each with a high limit. */
export function wallFleet(count: number, areas: number): DeviceInput[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const area = `Area ${(i % areas) + 1}`;
    return {
      id: `unit-${n}`,
      name: `Unit ${n}`,
      kind: 'process',
      location: area,
      area,
      signals: [
        { key: 'temperature', unit: 'celsius', normal: [20, 80], limits: { hi: 85 }, intervalMs: 1000 },
        { key: 'pressure', unit: 'psi', normal: [10, 50], limits: { hi: 55 }, intervalMs: 1000 },
        { key: 'flow', unit: 'l/min', normal: [0, 100], limits: { hi: 120 }, intervalMs: 1000 },
      ],
    };
  }) as DeviceInput[];
}

export interface WallPlant {
  serve: ServeProcess;
  devices: DeviceInput[];
  /** Publishes one value of every signal of every device (mid-band, a little movement and noise). */
  publishAll(): Promise<void>;
  /** Publishes one device's signal at a value (past its limit raises its alarm). */
  publish(deviceId: string, signal: string, value: number): Promise<void>;
  /** Publishes every signal once a second until stopped. */
  startFeed(): void;
  stopFeed(): void;
  close(): Promise<void>;
}

/** `cli`: another build's `out/main/cli.js` to serve (a benchmark's "before"). */
export async function startWallPlant(count: number, areas: number, cli?: string): Promise<WallPlant> {
  const root = mkdtempSync(join(tmpdir(), 'wf-wall-'));
  const config = join(root, 'watchfloor.json');
  const devices = wallFleet(count, areas);
  writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, detection: { kindDefaults: false }, devices }));
  const serve = await startServeProcess(['--data', join(root, 'data'), '--config', config], 30_000, cli);
  const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
  const wire: MqttClient = await mqtt.connectAsync(health.broker.url);
  const send = (deviceId: string, readings: { signal: string; value: number }[]) =>
    wire.publishAsync(
      `watchfloor/devices/${deviceId}/telemetry`,
      JSON.stringify(readings.map((r) => ({ deviceId, timestamp: Date.now(), sensorType: r.signal, value: r.value }))),
    );
  let tick = 0;
  const publishAll = async () => {
    tick++;
    await Promise.all(
      devices.map((d, i) =>
        send(d.id, [
          // Mid-band, a little movement, nothing heading for a limit: a quiet plant.
          { signal: 'temperature', value: 50 + 1.5 * Math.sin((tick + i) / 20) + 0.3 * Math.random() },
          { signal: 'pressure', value: 30 + Math.cos((tick + i) / 25) + 0.2 * Math.random() },
          { signal: 'flow', value: 60 + 2 * Math.sin((tick + 2 * i) / 30) + 0.4 * Math.random() },
        ]),
      ),
    );
  };
  let timer: NodeJS.Timeout | null = null;
  return {
    serve,
    devices,
    publishAll,
    publish: async (deviceId, signal, value) => void (await send(deviceId, [{ signal, value }])),
    startFeed() {
      timer ??= setInterval(() => void publishAll().catch(() => {}), 1000);
    },
    stopFeed() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    async close() {
      if (timer) clearInterval(timer);
      await wire.endAsync();
      await serve.stop();
    },
  };
}
