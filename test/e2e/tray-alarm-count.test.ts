// The number on the desktop's tray icon comes from the page: the control room reports its alarm
// queue's counts to the shell (window.watchfloor.station.reportAlarms) whenever they change. The
// real renderer against `watchfloor serve` in Chromium, with the preload's `station` played by a
// recorder: an alarm raised over MQTT raises the count, acknowledging it lowers it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmSummary } from '../../src/shared/alarm-summary';
import type { DeviceInput } from '../../src/shared/domain';
import { createClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

describe('the alarm count the tray shows', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  const reports = () => page.evaluate(() => (globalThis as unknown as { reports: AlarmSummary[] }).reports);
  const lastReport = async () => (await reports()).at(-1);

  beforeAll(async () => {
    dir = makeTempDir();
    const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
      devices: DeviceInput[];
    };
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { anomalyRate: 0 }, detection: { kindDefaults: false }, devices: defaults.devices }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    collectPageErrors(page, consoleErrors);
    // What the preload exposes in the desktop app, without `runtime`: the page keeps its WebSocket.
    await page.addInitScript(() => {
      const w = globalThis as unknown as { reports: unknown[]; watchfloor: unknown };
      w.reports = [];
      w.watchfloor = {
        station: { reportAlarms: (summary: unknown) => w.reports.push(summary), chooseFolder: async () => null },
      };
    });
    await page.goto(serve.url);
    await page.locator('[data-testid="tile"]').first().waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('rises when an alarm is raised and falls when it is acknowledged, reported once per change', async () => {
    await expect.poll(lastReport).toEqual({ unacknowledged: 0, active: 0 });

    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    await pub.publishAsync(
      'watchfloor/devices/device-001/telemetry',
      JSON.stringify({ deviceId: 'device-001', timestamp: Date.now(), sensorType: 'temperature', value: 91 }),
      { qos: 1 },
    );
    await pub.endAsync();
    // Raised; the simulator's next normal reading may already have returned it (still unacknowledged).
    await expect.poll(async () => (await lastReport())?.unacknowledged, { timeout: 15_000 }).toBe(1);

    const channel = createWebSocketChannel(serve.url.replace('http', 'ws') + '/ws', {
      WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    });
    await channel.opened;
    const client = createClient(channel);
    try {
      const [alarm] = await client.request('alarms.list', { states: ['unack_active', 'unack_rtn'], limit: 10 });
      await client.request('alarms.acknowledge', { id: alarm!.id, comment: 'seen on the wall' });
    } finally {
      client.close();
    }
    await expect.poll(async () => (await lastReport())?.unacknowledged, { timeout: 15_000 }).toBe(0);

    // Only changes cross the bridge: no two reports in a row are the same.
    const all = await reports();
    expect(all.every((r, i) => i === 0 || JSON.stringify(r) !== JSON.stringify(all[i - 1]))).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
