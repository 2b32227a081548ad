// The first run in a real browser against `watchfloor serve`: while the built-in simulator feeds
// the wall, a banner says the data is simulated (one click to Settings → Sources) and a
// "Simulated" badge stays in the header even once the banner is hidden; a short tour shows
// the first time in a browser profile, stays dismissed after a reload, and `?` brings it back.
// With the simulator off, nothing says "simulated". Screenshots go to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const ARTIFACTS = join(process.cwd(), 'test-results');

async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

describe('the first run', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let demo: ServeProcess;
  let plant: ServeProcess | undefined;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ broker: { port: 0 } }));
    demo = await startServeProcess(['--data', join(dir.path, 'demo'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    collectPageErrors(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await plant?.stop();
    dir?.remove();
  });

  it('says the wall shows simulated data, and shows the tour once', async () => {
    await page.goto(`${demo.url}/#wall`);
    const banner = page.getByTestId('demo-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('Demo data: a simulated five-device line');
    expect(await page.getByTestId('simulated-badge').isVisible()).toBe(true);
    const tour = page.getByTestId('tour');
    await tour.waitFor();
    expect(await tour.textContent()).toContain('press A to acknowledge, S to shelve');
    await page.getByTestId('wall').waitFor();
    await shots(page, 'first-run-wall-tour');

    await page.getByTestId('tour-close').click();
    expect(await tour.count()).toBe(0);
    await shots(page, 'first-run-wall-banner');
    await page.reload();
    await banner.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('tour').count()).toBe(0);

    // `?` brings the tour back, at the top of the keyboard help.
    await page.locator('body').press('?');
    const help = page.getByTestId('keyboard-help-tour');
    await help.waitFor();
    expect(await help.textContent()).toContain('Settings → Sources');
    await page.keyboard.press('Escape');
    await page.getByTestId('keyboard-help').waitFor({ state: 'detached' });
  });

  it('hides the banner into the badge, which stays while simulated data flows, and leads to the sources', async () => {
    await page.getByTestId('demo-banner-collapse').click();
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    const badge = page.getByTestId('simulated-badge');
    expect(await badge.isVisible()).toBe(true);
    await shots(page, 'first-run-wall-badge');
    await page.reload();
    await badge.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    // Another view keeps the badge.
    await page.getByTestId('nav-alarms').click();
    expect(await badge.isVisible()).toBe(true);

    await page.getByTestId('nav-wall').click();
    await badge.click();
    await page.getByTestId('demo-banner').waitFor();
    await page.getByTestId('demo-connect').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#settings/sources');
    expect(consoleErrors).toEqual([]);
  });

  it('says nothing of simulated data when the simulator is off', async () => {
    const config = join(dir.path, 'plant.json');
    writeFileSync(config, JSON.stringify({ broker: { port: 0 }, simulator: { enabled: false } }));
    plant = await startServeProcess(['--data', join(dir.path, 'plant'), '--config', config]);
    const fresh = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await fresh.goto(`${plant.url}/#wall`);
    // The tour is per browser profile (a new origin here), so it shows; the simulated notices do not.
    await fresh.getByTestId('tour').waitFor({ timeout: 20_000 });
    // The engine's health has arrived (it is what says whether the simulator runs).
    await fresh.locator('[data-testid="health"]:not([data-status="unknown"]):not([data-status="lost"])').waitFor();
    expect(await fresh.getByTestId('simulated-badge').count()).toBe(0);
    expect(await fresh.getByTestId('demo-banner').count()).toBe(0);
    await fresh.close();
  });
});
