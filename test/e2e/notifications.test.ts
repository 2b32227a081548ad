// Settings → Notifications in a real browser against `watchfloor serve`: configure a webhook
// and a route, see validation errors, send a test to a failing endpoint and find the failure
// in the delivery log; an alarm becomes an OS notification in the window that allowed them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startHookPeer } from '../support/notify-peers';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

interface Shown {
  title: string;
  body: string;
  tag: string;
}

// Records what the page shows; the real Notification is still constructed. (A string: the
// tests are compiled without the DOM's types.)
const RECORD_NOTIFICATIONS = `
  const Real = window.Notification;
  window.__notifications = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
    }
  };
`;

describe('notifications in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let hook: Awaited<ReturnType<typeof startHookPeer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = makeTempDir();
    hook = await startHookPeer([500]);
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, detection: { kindDefaults: false } }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.grantPermissions(['notifications'], { origin: new URL(serve.url).origin });
    page = await context.newPage();
    await page.addInitScript({ content: RECORD_NOTIFICATIONS });
    await page.goto(`${serve.url}/#settings/notifications`);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await hook?.close();
    dir?.remove();
  });

  it('saves a webhook and a route, rejecting a bad time window with the line at fault', async () => {
    const tab = page.locator('[data-testid="notifications-tab"]');
    await tab.waitFor();
    expect(await page.locator('[data-testid="notify-source"]').textContent()).toContain('configuration file');

    await page.locator('[data-testid="notify-add-webhook"]').click();
    await page.locator('[data-testid="notify-webhook-0-id"]').fill('pager');
    await page.locator('[data-testid="notify-webhook-0-url"]').fill(hook.url);
    await page.locator('[data-testid="notify-webhook-0-bearer"]').fill('a-bearer-token-1234');
    await page.locator('[data-testid="notify-add-route"]').click();
    const route = page.locator('[data-testid="notify-route-1"]');
    await route.locator('[data-testid="notify-route-1-channels"] label', { hasText: 'webhook:pager' }).click();
    await route.locator('[data-testid="notify-route-1-when"]').fill('mon-fri 22:00-06:00\nweekends');

    await page.locator('[data-testid="notify-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="notify-problems"]').textContent())
      .toContain('line 2: "weekends" is not a day');

    await route.locator('[data-testid="notify-route-1-when"]').fill('mon-fri 22:00-06:00\nsat,sun');
    await page.locator('[data-testid="notify-save"]').click();
    await page.locator('[data-testid="notify-saved"]').waitFor();
    expect(await page.locator('[data-testid="notify-source"]').textContent()).toContain('override');
    // The token went in, and never comes back out.
    expect(await page.locator('[data-testid="notify-webhook-0-bearer"]').inputValue()).toBe('');
    expect(await page.locator('[data-testid="notify-webhook-0-bearer"]').getAttribute('placeholder')).toContain('set');
  });

  it('sends a test to a failing webhook and lists the failure in the delivery log', async () => {
    await page.locator('[data-testid="notify-test-webhook:pager"]').click();
    const result = page.locator('[data-testid="notify-test-result-webhook:pager"]');
    await expect.poll(() => result.textContent()).toBe('Failed: HTTP 500: try later');
    expect(hook.requests[0]!.headers.authorization).toBe('Bearer a-bearer-token-1234');

    await page.locator('[data-testid="notify-log-filter-failures"]').click();
    const row = page.locator('[data-testid="notify-log-row"]').first();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('webhook:pager');
    expect(await row.locator('[data-testid="notify-log-status"]').textContent()).toBe('failed: HTTP 500: try later');
  });

  it('shows a high-priority alarm as an OS notification', async () => {
    const res = await fetch(`${serve.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: 'device-001',
        sensorType: 'temperature',
        value: 93.5,
        unit: 'celsius',
        timestamp: Date.now(),
      }),
    });
    expect(res.status).toBe(202);
    await expect
      .poll(() => page.evaluate<Shown[]>('window.__notifications'), { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            title: expect.stringContaining('ALARM HIGH: device-001/temperature') as string,
            body: expect.stringContaining('Value:     93.5') as string,
            tag: expect.stringMatching(/^watchfloor-\d+$/) as string,
          }),
        ]),
      );
  });
});
