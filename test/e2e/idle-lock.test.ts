// The idle lock in a browser against `watchfloor serve`: an administrator's screen locks itself
// after security.idleLockMinutes without input (3 s here), not while someone is at the mouse, and
// locked it still shows the control room underneath.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const PASSWORD = 'correct horse battery';
const IDLE_MS = 3000;

describe('the idle lock', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ security: { idleLockMinutes: IDLE_MS / 60_000 } }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    let link: string | undefined;
    for (let i = 0; i < 100 && !link; i++) {
      link = /(http:\/\/\S+\/#setup\/\S+)/.exec(serve.output())?.[1];
      if (!link) await new Promise((r) => setTimeout(r, 100));
    }
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(link!);
    await page.fill('[data-testid="setup-password"]', PASSWORD);
    await page.fill('[data-testid="setup-repeat"]', PASSWORD);
    await page.click('[data-testid="setup-submit"]');
    await page.locator('[data-testid="tile"]').first().waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('does not lock while the mouse moves, then locks after the idle time, the wall still live beneath', async () => {
    const lock = page.locator('[data-testid="lock-screen"]');
    const started = Date.now();
    for (let i = 0; Date.now() - started < 2 * IDLE_MS; i++) {
      await page.mouse.move(200 + (i % 2) * 40, 300);
      await page.waitForTimeout(400);
    }
    expect(await lock.count()).toBe(0);

    const idleFrom = Date.now();
    await lock.waitFor({ timeout: 3 * IDLE_MS });
    expect(Date.now() - idleFrom).toBeGreaterThanOrEqual(IDLE_MS - 500);
    expect(await lock.textContent()).toContain('Locked by admin');
    const tile = page.locator('[data-testid="tile"]').first();
    expect(await tile.isVisible()).toBe(true);

    await page.fill('[data-testid="unlock-password"]', PASSWORD);
    await page.click('[data-testid="unlock-submit"]');
    await expect.poll(() => lock.count()).toBe(0);
  });
});
