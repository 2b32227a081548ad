// Issue 14: while the link to the engine is down, stale data shows as stale within 5 s. The
// control room in Chromium talks to `watchfloor serve` through a TCP proxy that goes silent (the
// way a pulled cable or a dropped VPN does: no close, nothing at all) and then comes back. The
// header must say the connection is lost and since when, every live value on the Wall must show
// it is stale, and both must return to normal once the link is back.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { makeTempDir } from '../support/temp-dir';

const ARTIFACTS = join(process.cwd(), 'test-results');

describe('a control room that loses its engine', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let proxy: TcpProxy;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    serve = await startServeProcess(['--data', join(dir.path, 'data')]);
    proxy = await startTcpProxy(Number(new URL(serve.url).port));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    collectPageErrors(page, errors);
    await page.goto(`http://127.0.0.1:${proxy.port}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  const health = () => page.locator('[data-testid="health-status"]');
  const values = () => page.locator('[data-testid="tile-value"]');

  it('shows the link lost and every tile stale within 5 s of a silent drop, and recovers', async () => {
    await expect.poll(() => values().count(), { timeout: 15_000 }).toBe(5);
    await expect
      .poll(async () => (await values().allTextContents()).every((t) => /\d/.test(t)), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => health().textContent(), { timeout: 10_000 }).toBe('Engine OK');
    expect(await page.locator('[data-testid="stale-mark"]').count()).toBe(0);

    const cutAt = Date.now(); // cut() stalls every connection at once, before it returns
    await proxy.cut();
    await expect
      .poll(() => health().textContent(), { timeout: 5_000, interval: 100 })
      .toMatch(/^Connection lost — data stale since \d{2}:\d{2}:\d{2} [A-Z][\w+−-]*$/);
    // Every live value on the Wall says it is stale, with its age.
    await expect
      .poll(async () => values().evaluateAll((els) => els.every((e) => e.getAttribute('data-stale') === 'true')), {
        timeout: 5_000 - (Date.now() - cutAt),
        interval: 100,
      })
      .toBe(true);
    const lostAfterMs = Date.now() - cutAt;
    expect(lostAfterMs).toBeLessThan(5_000);
    const marks = page.locator('[data-testid="tile-value"] [data-testid="stale-mark"]');
    expect(await marks.count()).toBe(5);
    await expect
      .poll(() => marks.first().textContent(), { timeout: 3_000 })
      .toMatch(/^stale since \d{2}:\d{2}:\d{2} [A-Z][\w+−-]* \(\d+ s\)$/);
    // The number itself is greyed out.
    const opacity = await values()
      .first()
      .locator('.live-number')
      .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).opacity);
    expect(Number(opacity)).toBeLessThan(1);
    await page.screenshot({ path: join(ARTIFACTS, 'connection-lost.png') });
    console.log(JSON.stringify({ staleShownAfterMs: lostAfterMs }));

    await proxy.restore();
    await expect.poll(() => health().textContent(), { timeout: 15_000 }).toBe('Engine OK');
    await expect.poll(() => page.locator('[data-testid="stale-mark"]').count(), { timeout: 5_000 }).toBe(0);
    const before = await values().allTextContents();
    await expect
      .poll(async () => (await values().allTextContents()).some((t, i) => t !== before[i]), { timeout: 15_000 })
      .toBe(true);
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION|net::/.test(e))).toEqual([]);
  }, 90_000);
});
