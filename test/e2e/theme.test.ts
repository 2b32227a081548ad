// Issue 16, point 1 (ISA-101 high-performance theme), in Chromium at 1920 × 1080 against the
// built `watchfloor serve` with six pressure devices fed over its MQTT broker (no simulator, so
// nothing alarms until the test says so). Measured on screenshots (test/support/screen-pixels.ts):
// a wall with no active alarm is at least 99 % low-saturation pixels (HSV S < 0.25, or chroma
// < 0.08 for dark pixels) in the dark and in the light theme; a high alarm shows as a block of
// the high-priority colour inside its tile's box, with its shape and word. The theme is dark grey
// by default (not near-black), switches from the header and from Settings → Display, is
// remembered by the browser, is on the page before anything renders, and the charts redraw in
// it. Needs `npx electron-vite build`.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { PASSWORD, startSharedEngine, type SharedEngine } from '../support/control-rooms';
import { LOW_SATURATION, pixelFacts, rgbOf } from '../support/screen-pixels';
import { makeTempDir } from '../support/temp-dir';

const DEVICES = ['press-01', 'press-02', 'press-03', 'press-04', 'press-05', 'press-06'];
const tile = (page: Page, id: string) => page.locator(`[data-testid="tile"][data-device-id="${id}"]`);
const theme = (page: Page) => page.evaluate('document.documentElement.dataset.theme');
const cssVar = (page: Page, name: string) =>
  page.evaluate(
    `getComputedStyle(document.documentElement).getPropertyValue(${JSON.stringify(name)}).trim()`,
  ) as Promise<string>;
const background = async (page: Page) =>
  rgbOf((await page.evaluate('getComputedStyle(document.body).backgroundColor')) as string);

describe('ISA-101 theme, dark and light', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let shared: SharedEngine;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** A blank page that decodes the screenshots. */
  let decoder: Page;
  const errors: string[] = [];
  const measured: Record<string, string> = {};

  async function feedNormal() {
    for (const [i, id] of DEVICES.entries()) await shared.publish(id, 28 + i);
  }

  async function wallIsGrey(name: string) {
    // The sparklines are drawn (ECharts arrived) and every tile has its value.
    await expect.poll(() => page.locator('[data-testid="tile"] canvas').count(), { timeout: 15_000 }).toBe(6);
    for (const id of DEVICES) await expect.poll(() => tile(page, id).getAttribute('data-status')).toBe('normal');
    await page.waitForTimeout(600);
    const facts = await pixelFacts(decoder, await page.screenshot());
    const coloured = Math.round((1 - facts.lowShare) * facts.pixels);
    measured[name] =
      `${(facts.lowShare * 100).toFixed(3)} % of ${facts.pixels} pixels at low saturation (${coloured} not)`;
    expect(facts.lowShare).toBeGreaterThanOrEqual(0.99);
    // The floor is 99 %; six tiles cover little of a 1920 screen, and the green-for-normal
    // theme before issue 16 measured 99.29 % (14 802 coloured pixels) here: under 0.1 % it is.
    expect(facts.lowShare).toBeGreaterThan(0.999);
  }

  async function highAlarmShows(name: string) {
    const t = tile(page, 'press-02');
    await expect.poll(() => t.getAttribute('data-status'), { timeout: 10_000 }).toBe('alarm');
    expect((await t.locator('[data-testid="tile-status"]').textContent())?.trim()).toBe('HIGH');
    expect(await t.locator('[data-testid="tile-status"]').getAttribute('data-shape')).toBe('high');
    expect(await t.locator('[data-testid="tile-status"] svg').count()).toBe(1);
    await page.waitForTimeout(600);
    const png = await page.screenshot();
    const color = rgbOf(await cssVar(page, '--prio-high'));
    const box = (await t.boundingBox())!;
    const inTile = await pixelFacts(decoder, png, { box, color });
    const calm = await pixelFacts(decoder, png, { box: (await tile(page, 'press-01').boundingBox())!, color });
    measured[name] =
      `${((inTile.near / inTile.pixels) * 100).toFixed(1)} % of the alarm tile in the high colour, ` +
      `a block ${inTile.bandRows} px tall; ${calm.near} such pixels in a normal tile`;
    // A block: rows where the priority colour spans at least half the tile, at least 10 of them.
    expect(inTile.bandRows).toBeGreaterThanOrEqual(10);
    expect(inTile.near / inTile.pixels).toBeGreaterThan(0.03);
    expect(calm.near).toBeLessThan(20);
  }

  beforeAll(async () => {
    dir = makeTempDir();
    shared = await startSharedEngine(dir.path, DEVICES.length, []);
    await feedNormal();
    browser = await launchChromium();
    decoder = await browser.newPage();
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const signed = await context.request.post(`${shared.serve.url}/api/session`, {
      data: { user: 'admin', password: PASSWORD },
    });
    expect(signed.ok()).toBe(true);
    // Which theme the page had when its first content appeared (no frame in the wrong theme).
    await context.addInitScript(`new MutationObserver((_, o) => {
      const root = document.getElementById('root');
      if (!root || !root.firstChild) return;
      window.__themeAtFirstContent = document.documentElement.dataset.theme ?? 'none';
      o.disconnect();
    }).observe(document, { childList: true, subtree: true });`);
    page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${shared.serve.url}/#wall`);
    await tile(page, 'press-06').waitFor({ timeout: 15_000 });
    await feedNormal();
  }, 120_000);

  afterAll(async () => {
    console.log('theme measurements (1920 × 1080):', measured);
    await browser?.close();
    await shared?.close();
    const code = await shared?.serve.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('is dark grey by default, not near-black, and a wall with nothing in alarm is at least 99 % grey', async () => {
    expect(await theme(page)).toBe('dark');
    expect(await page.evaluate('window.__themeAtFirstContent')).toBe('dark');
    const bg = await background(page);
    expect(Math.min(...bg)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...bg) - Math.min(...bg)).toBeLessThan(LOW_SATURATION.chromaBelow * 255);
    await wallIsGrey('dark, no alarm');
  });

  it('switches to light grey from the header, remembers it over a reload, and is grey there too', async () => {
    await page.locator('[data-testid="theme-toggle"]').click();
    expect(await theme(page)).toBe('light');
    await page.reload();
    await tile(page, 'press-06').waitFor({ timeout: 15_000 });
    expect(await theme(page)).toBe('light');
    expect(await page.evaluate('window.__themeAtFirstContent')).toBe('light');
    const bg = await background(page);
    expect(Math.min(...bg)).toBeGreaterThan(170);
    await feedNormal();
    await wallIsGrey('light, no alarm');
  });

  it('shows a high alarm within its tile at a glance, in either theme', async () => {
    await shared.publish('press-02', 61);
    await highAlarmShows('light, high alarm');
    await page.locator('[data-testid="theme-toggle"]').click();
    expect(await theme(page)).toBe('dark');
    await highAlarmShows('dark, high alarm');
  });

  it('redraws charts in the new theme, and takes the choice from Settings → Display', async () => {
    await page.goto(`${shared.serve.url}/#device/press-01`);
    const chart = page.locator('[data-testid="history-chart"] canvas').first();
    await chart.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(600);
    // The chart's axes and labels are drawn in the theme's --chart-axis grey: many pixels of
    // exactly that grey, before and after the switch (the other theme's would be lighter than a
    // light panel's ink could ever be, and never reach this grey but at a few blended edges).
    const ink = async () => {
      const color = rgbOf(await cssVar(page, '--muted'));
      const shot = await page.locator('[data-testid="history-chart"]').screenshot();
      return (await pixelFacts(decoder, shot, { color, distance: 8 })).near;
    };
    const dark = await ink();
    await page.locator('[data-testid="theme-toggle"]').click();
    expect(await theme(page)).toBe('light');
    await page.waitForTimeout(600);
    // Redrawn in place, without a reload.
    const light = await ink();
    measured['chart ink'] = `${dark} px of the axis grey in dark, ${light} px in light`;
    expect(dark).toBeGreaterThan(150);
    expect(light).toBeGreaterThan(150);

    await page.goto(`${shared.serve.url}/#settings/display`);
    const dark2 = page.locator('[data-testid="theme-dark"] input');
    await dark2.waitFor();
    expect(await page.locator('[data-testid="theme-light"] input').isChecked()).toBe(true);
    await dark2.check();
    expect(await theme(page)).toBe('dark');
    await page.reload();
    await page.locator('[data-testid="theme-section"]').waitFor();
    expect(await theme(page)).toBe('dark');
    expect(await page.locator('[data-testid="theme-dark"] input').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
