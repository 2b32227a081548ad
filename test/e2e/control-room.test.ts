// An operator's first minutes, in a real browser against `watchfloor serve`: the Wall comes
// alive, an alarm arrives and is acknowledged with a comment.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const ARTIFACTS = join(process.cwd(), 'test-results');

describe('control room in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    // Only this test raises alarms, so the one it looks for is unambiguous.
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ simulator: { anomalyRate: 0 }, detection: { kindDefaults: false } }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageErrors(page, consoleErrors);
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('shows five live tiles whose values change within 15 s', async () => {
    const tiles = page.locator('[data-testid="tile"]');
    await expect.poll(() => tiles.count(), { timeout: 10_000 }).toBe(5);
    const ids = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-device-id')));
    expect(ids.sort()).toEqual(['device-001', 'device-002', 'device-003', 'device-004', 'device-005']);

    const read = () => page.locator('[data-testid="tile-value"]').allTextContents();
    await expect.poll(async () => (await read()).every((t) => /\d/.test(t)), { timeout: 10_000 }).toBe(true);
    const first = await read();
    const changed = new Set<number>();
    // The slowest device reports every 5 s and a tile shows its value rounded: three readings
    // (15 s) before a tile that has not changed is called dead; two were sometimes the same text.
    const deadline = Date.now() + 15_000;
    while (changed.size < first.length && Date.now() < deadline) {
      (await read()).forEach((t, i) => {
        if (t !== first[i]) changed.add(i);
      });
      await page.waitForTimeout(250);
    }
    expect(changed.size).toBe(5);
    await expect.poll(() => page.locator('[data-testid="connection"]').getAttribute('data-status')).toBe('open');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'wall.png'), fullPage: true });
  });

  it('opens a device from its tile and shows its history at the tier the range needs', async () => {
    await page.locator('[data-testid="nav-wall"]').click();
    await page.locator('[data-testid="tile"][data-device-id="device-003"]').click();
    const view = page.locator('[data-testid="device-view"]');
    await expect.poll(() => view.getAttribute('data-device-id')).toBe('device-003');
    expect(page.url()).toContain('#device/device-003');

    const chart = page.locator('[data-testid="history-chart"]').first();
    await page.locator('[data-testid="range-preset"][data-range="15m"]').click();
    await expect.poll(() => chart.getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
    expect(await chart.getAttribute('data-series')).toBe('device-003/vibration');
    expect(await chart.getAttribute('data-tier')).toBe('raw');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(3);
    const statCount = page.locator('[data-testid="stat-count"]').first();
    await expect.poll(async () => Number((await statCount.textContent())?.replace(/\D/g, '') || 0)).toBeGreaterThan(3);

    await page.locator('[data-testid="range-preset"][data-range="30d"]').click();
    await expect.poll(() => chart.getAttribute('data-tier'), { timeout: 10_000 }).toBe('1m');

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="tile"]').count()).toBe(5);
  });

  it('shows an alarm when a value crosses its limit, and acknowledges it with a comment', async () => {
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    await pub.publishAsync(
      'watchfloor/devices/device-001/telemetry',
      JSON.stringify({
        deviceId: 'device-001',
        timestamp: Date.now(),
        sensorType: 'temperature',
        value: 99.5,
        unit: 'celsius',
      }),
      { qos: 1 },
    );
    await pub.endAsync();

    await page.locator('[data-testid="nav-alarms"]').click();
    const row = page.locator('[data-testid="alarm-row"][data-device-id="device-001"]').first();
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.textContent()).toContain('99.5');
    const alarmId = Number(await row.getAttribute('data-alarm-id'));
    expect(['unack_active', 'unack_rtn']).toContain(await row.getAttribute('data-state'));

    await row.locator('[data-testid="alarm-ack"]').click();
    await page.locator('[data-testid="ack-comment"]').fill('Door of oven 1 left open; closed it');
    await page.locator('[data-testid="ack-confirm"]').click();

    // Acknowledged: it either stays as "active, acknowledged" or leaves the queue if it has returned.
    await expect
      .poll(async () => {
        const r = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
        return (await r.count()) === 0 ? 'gone' : await r.getAttribute('data-state');
      })
      .toMatch(/^(gone|ack_active)$/);

    const channel = createWebSocketChannel(serve.url.replace('http', 'ws') + '/ws', {
      WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    });
    await channel.opened;
    const client = createClient(channel);
    const all = await client.request('alarms.list', { states: ['normal', 'ack_active'] });
    client.close();
    expect(all.find((a) => a.id === alarmId)).toMatchObject({
      ackComment: 'Door of oven 1 left open; closed it',
      // The caller of the call (issue 11), never a name the page sends: `local` until users exist.
      ackedBy: 'local',
    });
    expect(consoleErrors).toEqual([]);
  });
});
