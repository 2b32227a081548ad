// Settings → Audit in a real browser against `watchfloor serve`: an alarm acknowledged in the page
// shows in the audit trail with who, the alarm and its comment; the CSV export downloads a file
// holding it, and the chain check says the trail is intact.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/shared/domain';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

describe('Settings → Audit', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
      devices: DeviceInput[];
    };
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, devices: defaults.devices }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    await pub.publishAsync(
      'watchfloor/devices/device-003/telemetry',
      JSON.stringify({ deviceId: 'device-003', timestamp: Date.now(), sensorType: 'vibration', value: 150 }),
      { qos: 1 },
    );
    await pub.endAsync();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
    collectPageErrors(page, pageErrors);
    await page.goto(`${serve.url}/#alarms`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('lists an acknowledgement made in the page, exports it as CSV and verifies the chain', async () => {
    const row = page.locator('[data-testid="alarm-row"][data-device-id="device-003"]');
    await row.waitFor({ timeout: 15_000 });
    const id = await row.getAttribute('data-alarm-id');
    await row.click();
    await page.keyboard.press('a');
    await page.locator('[data-testid="ack-comment"]').fill('Bearing noise, audit me');
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(async () => ((await row.count()) === 0 ? 'gone' : await row.getAttribute('data-state')))
      .toMatch(/^(gone|ack_active)$/);

    await page.goto(`${serve.url}/#settings/audit`);
    const entry = page.locator('[data-testid="audit-row"]', { hasText: 'alarms.acknowledge' });
    await entry.first().waitFor({ timeout: 10_000 });
    expect(await entry.count()).toBe(1);
    const cells = await entry.locator('td').allInnerTexts();
    // time, user, role, client, action, target, outcome, details
    expect(cells.slice(1, 7)).toEqual(['local', 'admin', '127.0.0.1', 'alarms.acknowledge', id, 'ok']);
    await entry.click();
    await expect.poll(() => page.locator('.audit-open pre').innerText()).toContain('Bearing noise, audit me');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="audit-export"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('seq,time,actor,role,client,action,target,outcome,details,prev_hash,hash');
    expect(csv).toMatch(new RegExp(`,local,admin,127\\.0\\.0\\.1,alarms\\.acknowledge,${id},ok,`));
    // The export is recorded in its turn.
    await page.locator('[data-testid="audit-row"]', { hasText: 'audit.export' }).first().waitFor({ timeout: 5000 });

    await page.locator('[data-testid="audit-verify"]').click();
    await expect.poll(() => page.locator('[data-testid="audit-verdict"]').innerText()).toMatch(/entries, chain intact/);
    expect(pageErrors).toEqual([]);
  });
});
