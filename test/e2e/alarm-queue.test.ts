// The operator's alarm queue in a real browser against `watchfloor serve`, by keyboard only:
// ↑/↓ to pick an alarm, A to acknowledge it with a comment, S to shelve one with a reason,
// J for its journal, Enter for the device's trend at the alarm's time; a new critical alarm
// beeps unless muted; the KPI screen (key 7) counts them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/shared/domain';
import { createClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

describe('alarm queue by keyboard', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  const engineClient = async () => {
    const channel = createWebSocketChannel(serve.url.replace('http', 'ws') + '/ws', {
      WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    });
    await channel.opened;
    return createClient(channel);
  };

  async function publish(deviceId: string, sensorType: string, value: number) {
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    await pub.publishAsync(
      `watchfloor/devices/${deviceId}/telemetry`,
      JSON.stringify({ deviceId, timestamp: Date.now(), sensorType, value }),
      { qos: 1 },
    );
    await pub.endAsync();
  }

  const row = (deviceId: string) => page.locator(`[data-testid="alarm-row"][data-device-id="${deviceId}"]`);
  const selectedDevice = () =>
    page.locator('[data-testid="alarm-row"][data-selected="true"]').getAttribute('data-device-id');

  /** Moves the keyboard selection to a device's row with ↓ (then ↑ if it was above). */
  async function selectByKeys(deviceId: string) {
    for (let i = 0; i < 6 && (await selectedDevice()) !== deviceId; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 6 && (await selectedDevice()) !== deviceId; i++) await page.keyboard.press('ArrowUp');
    expect(await selectedDevice()).toBe(deviceId);
  }

  beforeAll(async () => {
    dir = makeTempDir();
    // The default fleet with a critical (hiHi) limit on the oven, and no simulated excursions.
    const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
      devices: DeviceInput[];
    };
    const oven = defaults.devices.find((d) => d.id === 'device-001')!;
    oven.signals![0]!.limits = { lo: 15, hi: 85, hiHi: 95 };
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { anomalyRate: 0 }, detection: { kindDefaults: false }, devices: defaults.devices }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    collectPageErrors(page, consoleErrors);
    await page.goto(serve.url);
    await page.locator('[data-testid="tile"]').first().waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('shows new alarms on the wall tiles and beeps for the critical one', async () => {
    const sound = page.locator('[data-testid="alarm-sound"]');
    expect(await sound.getAttribute('data-muted')).toBe('false');
    await publish('device-002', 'pressure', 70); // > 55: high
    await publish('device-003', 'vibration', 150); // > 120: high
    await publish('device-001', 'temperature', 99); // > 95: critical
    const ovenAlarm = page.locator('[data-testid="tile"][data-device-id="device-001"] [data-testid="tile-alarm"]');
    await expect.poll(() => ovenAlarm.getAttribute('data-priority'), { timeout: 10_000 }).toBe('critical');
    await expect.poll(() => sound.getAttribute('data-beeps')).toBe('1');

    // Muted, the next critical alarm stays silent, and the mute survives a reload.
    await sound.click();
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="alarm-sound"]').getAttribute('data-muted')).toBe('true');
  });

  it('acknowledges the selected alarm with A and a comment, without the mouse', async () => {
    await page.keyboard.press('2');
    await row('device-003').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-testid="alarm-row"]').count()).toBeGreaterThanOrEqual(3);
    // Priority first: the critical oven alarm heads the queue.
    expect(await page.locator('[data-testid="alarm-row"]').first().getAttribute('data-device-id')).toBe('device-001');

    await selectByKeys('device-003');
    await page.keyboard.press('a');
    const comment = page.locator('[data-testid="ack-comment"]');
    await expect.poll(() => comment.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('Bearing noise, maintenance called');
    const id = Number(await row('device-003').getAttribute('data-alarm-id'));
    await page.keyboard.press('Control+Enter');
    // The simulator brings vibration back at once: acknowledged, the alarm either stays as
    // "active, acknowledged" or, having returned, closes and leaves the queue.
    const theRow = page.locator(`[data-testid="alarm-row"][data-alarm-id="${id}"]`);
    await expect
      .poll(async () => ((await theRow.count()) === 0 ? 'gone' : await theRow.getAttribute('data-state')))
      .toMatch(/^(gone|ack_active)$/);

    const client = await engineClient();
    const { alarm, journal } = await client.request('alarms.get', { id });
    client.close();
    // Recorded as the caller of the call (issue 11): `local` until the engine has users.
    expect(alarm).toMatchObject({ ackedBy: 'local', ackComment: 'Bearing noise, maintenance called' });
    // The acknowledgement is in the journal — not necessarily last: the alarm may have returned
    // to normal since, which the journal records after it.
    expect(journal).toContainEqual(
      expect.objectContaining({ event: 'acknowledged', by: 'local', comment: 'Bearing noise, maintenance called' }),
    );
  });

  it('shelves the selected alarm with S and a reason; it leaves the queue for the shelved list', async () => {
    await selectByKeys('device-002');
    await page.keyboard.press('s');
    await expect
      .poll(() => page.locator('[data-testid="shelve-reason"]').evaluate((el) => el === el.ownerDocument.activeElement))
      .toBe(true);
    await page.keyboard.type('Pressure transmitter being replaced');
    await page.keyboard.press('Enter');
    await expect.poll(() => row('device-002').count()).toBe(0);

    await page.locator('[data-testid="alarms-tab-hidden"]').click();
    const shelved = row('device-002');
    await expect.poll(() => shelved.getAttribute('data-state')).toBe('shelved');
    expect(await shelved.locator('[data-testid="alarm-shelve-info"]').textContent()).toContain(
      'Pressure transmitter being replaced',
    );

    // J opens its journal: who shelved it, and why.
    await page.locator('body').focus();
    await page.keyboard.press('j');
    const entry = page.locator('[data-testid="journal-entry"][data-event="shelved"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Pressure transmitter being replaced');
    await page.locator('[data-testid="details-close"]').click();
    await page.locator('[data-testid="alarms-tab-queue"]').click();
  });

  it('opens the device trend at the alarm time with Enter', async () => {
    await selectByKeys('device-001');
    const raisedAt = Date.parse((await row('device-001').locator('time').getAttribute('datetime'))!);
    await page.keyboard.press('Enter');
    const view = page.locator('[data-testid="device-view"]');
    await expect.poll(() => view.getAttribute('data-device-id')).toBe('device-001');
    expect(Number(await view.getAttribute('data-at'))).toBe(raisedAt);
    expect(page.url()).toContain(`#device/device-001@${raisedAt}`);
    const chart = page.locator('[data-testid="history-chart"]').first();
    await expect.poll(() => chart.getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
    const from = Number(await chart.getAttribute('data-from'));
    const to = Number(await chart.getAttribute('data-to'));
    expect(from).toBeLessThan(raisedAt);
    expect(to).toBeGreaterThan(raisedAt);
    // Active or returned-unacknowledged (the simulator brings the oven back): the chart says so.
    expect(['active', 'returned']).toContain(await chart.getAttribute('data-alarm'));
    expect(await page.locator('[data-testid="signal-alarm"]').first().textContent()).toMatch(/critical/i);
    await page.keyboard.press('Escape');
  });

  it('counts the alarms on the KPI screen (key 7)', async () => {
    await page.keyboard.press('7');
    const area = page.locator('[data-testid="kpi-area-row"][data-area="default"]');
    await area.waitFor({ timeout: 10_000 });
    // What the screen shows is what the engine computes (detection may have added alarms of its own).
    const client = await engineClient();
    const kpis = await client.request('alarms.kpis', {});
    client.close();
    const engineArea = kpis.areas.find((a) => a.area === 'default')!;
    expect(engineArea.alarms).toBeGreaterThanOrEqual(3);
    expect(Number(await area.locator('td').nth(1).textContent())).toBe(engineArea.alarms);
    expect(Number(await area.locator('[data-testid="kpi-peak"] .kpi-rate').textContent())).toBe(
      engineArea.peakPer10Min,
    );
    expect(kpis.top.map((t) => t.deviceId)).toEqual(expect.arrayContaining(['device-001', 'device-002', 'device-003']));
    expect(await page.locator('.kpi-chart canvas').count()).toBeGreaterThanOrEqual(4);
    expect(consoleErrors).toEqual([]);
  });
});
