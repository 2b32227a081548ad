// A page older than its engine, in Chromium against `watchfloor serve`: the engine was updated
// while the page was open, so a part of the contract the page fetches on first use is gone
// (here the dead-letters group's chunk is refused). The view says it could not load because the
// page is out of date — not that the engine is down, which it is not — and the header shows one
// "This page is out of date — Reload" notice whose button reloads the page, which then works.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

/** The contract's dead-letters group (not the view's own use-dead-letters chunk). */
const GROUP_CHUNK = /\/assets\/dead-letters-[^/]*\.js$/;

describe('a page that is out of date', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, broker: { port: 0 } }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('says so once in the header, never that the engine is down, and a reload mends it', async () => {
    let refused = 0;
    await page.route(GROUP_CHUNK, (route) => {
      refused++;
      return route.abort();
    });
    await page.goto(`${serve.url}/#wall`);
    await expect.poll(() => page.locator('[data-testid="connection"]').getAttribute('data-status')).toBe('open');
    expect(await page.locator('[data-testid="page-outdated"]').count()).toBe(0);

    await page.locator('[data-testid="nav-dead-letters"]').click();
    const error = page.locator('[data-testid="dl-error"]');
    await error.waitFor({ timeout: 10_000 });
    expect(refused).toBeGreaterThan(0);
    expect(await error.textContent()).toContain('This page is out of date: reload it to load the dead letters');
    expect(await error.textContent()).not.toMatch(/not connected/i);
    // The engine is fine, and the header says what is wrong, once.
    expect(await page.locator('[data-testid="connection"]').getAttribute('data-status')).toBe('open');
    const notice = page.locator('[data-testid="page-outdated"]');
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.count()).toBe(1);
    expect(await notice.textContent()).toContain('This page is out of date');
    await page.screenshot({ path: 'test-results/outdated-page.png' });

    // The reload brings code that matches the engine (here: the chunk is served again).
    await page.unroute(GROUP_CHUNK);
    await notice.locator('button').click();
    await page.locator('[data-testid="nav-dead-letters"][aria-current="page"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-testid="dl-error"]').count(), { timeout: 5000 }).toBe(0);
    expect(await page.locator('[data-testid="page-outdated"]').count()).toBe(0);
  });
});
