// Settings → Audit in a real browser against `watchfloor serve`: an alarm acknowledged in the page
// shows in the audit trail with who, the alarm and its comment; the CSV export downloads a file
// holding it, and the chain check says the trail is intact. A viewer signed in over /api/session is
// told the trail is for administrators, and her sign-in is in it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/shared/domain';
import { collectPageErrors, launchChromium } from '../support/browser';
import { runCli } from '../support/cli-process';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { connectWs } from '../support/ws-client';

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
    writeFileSync(
      config,
      JSON.stringify({ simulator: { enabled: false }, detection: { kindDefaults: false }, devices: defaults.devices }),
    );
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

  it('tells a viewer signed in over /api/session that only an administrator can read the trail', async () => {
    // The first user ends open mode; the loopback WebSocket creates it as the engine's own user.
    const ws = await connectWs(serve.url);
    await ws.request('users.create', { name: 'vera', role: 'viewer', password: 'a long enough password' });
    ws.close();
    const viewer = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await viewer.goto(`${serve.url}/`);
    const status = await viewer.evaluate(async () => {
      const res = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'vera', password: 'a long enough password' }),
      });
      return res.status;
    });
    expect(status).toBe(200);
    await viewer.goto(`${serve.url}/#settings/audit`);
    await expect
      .poll(() => viewer.locator('[data-testid="audit-error"]').innerText(), { timeout: 15_000 })
      .toBe('Only an administrator can read the audit trail.');
    expect(await viewer.locator('[data-testid="audit-row"]').count()).toBe(0);
    await viewer.close();

    // Her sign-in over REST is in the trail: the command line on the engine's machine reads it.
    const port = new URL(serve.url).port;
    const out = join(dir.path, 'trail.csv');
    const cli = await runCli([
      'audit',
      'export',
      '--out',
      out,
      '--action',
      'auth.',
      '--data',
      join(dir.path, 'data'),
      '--port',
      port,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/,vera,viewer,127\.0\.0\.1,auth\.login,vera,ok,/);
  });
});
