// A scraper's credential made where an administrator makes every token: in Settings → Users a new
// API token with only the Metrics scope is shown once; with it GET /metrics answers the
// Prometheus text and /api refuses it. Against the built `watchfloor serve`, in Chromium; the form
// is photographed at 1920×1080, 1366×768 and 390 px wide (test-results/metrics-token-*.png).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const ADMIN_PASSWORD = 'correct horse battery';

describe('a metrics token from Settings → Users', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let admin: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--no-simulator']);
    browser = await launchChromium();
    const link = /(http:\/\/\S+\/#setup\/\S+)/.exec(serve.output())?.[1];
    if (!link) throw new Error(`no setup link in: ${serve.output()}`);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    admin = await context.newPage();
    collectPageErrors(admin, pageErrors);
    await admin.goto(link);
    await admin.locator('[data-testid="setup"]').waitFor({ timeout: 15_000 });
    await admin.fill('[data-testid="setup-display"]', 'Ada Admin');
    await admin.fill('[data-testid="setup-password"]', ADMIN_PASSWORD);
    await admin.fill('[data-testid="setup-repeat"]', ADMIN_PASSWORD);
    await admin.click('[data-testid="setup-submit"]');
    await admin.locator('[data-testid="header-user"]').waitFor({ timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('is made with only the Metrics scope, reads /metrics and nothing under /api', async () => {
    await admin.goto(`${serve.url}/#settings/users`);
    await admin.locator('[data-testid="tokens-section"]').waitFor({ timeout: 15_000 });
    await admin.click('[data-testid="token-add"]');
    const form = admin.locator('[data-testid="token-new"]');
    await form.locator('[data-testid="token-name"]').fill('prometheus');
    await form.locator('[data-testid="token-scope-api"]').uncheck();
    await form.locator('[data-testid="token-scope-metrics"]').check();
    mkdirSync('test-results', { recursive: true });
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
      [390, 844],
    ] as const) {
      await admin.setViewportSize({ width, height });
      await form.scrollIntoViewIfNeeded();
      await admin.screenshot({ path: `test-results/metrics-token-${width}.png` });
    }
    await admin.setViewportSize({ width: 1920, height: 1080 });
    await admin.click('[data-testid="token-new-submit"]');
    const token = (await admin.locator('[data-testid="token-secret"]').textContent({ timeout: 10_000 }))!;
    expect(token).toMatch(/^wf_/);
    const row = admin.locator('[data-testid="token-row"][data-token="prometheus"]');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('metrics');
    expect(await row.textContent()).not.toContain('api');

    const scraped = await fetch(`${serve.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^watchfloor_engine_status\{status="ok"\} 1$/m);
    const api = await fetch(`${serve.url}/api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(401);
    expect((await fetch(`${serve.url}/metrics`)).status).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
