// The wall that fits any display (issue 16, point 3), in Chromium against `watchfloor serve` with
// plants fed over its MQTT broker (test/support/wall-fleet.ts): 5 devices fill a 1080p and a 4K
// screen; 500 devices in 5 areas are all on one 1080p screen without scrolling, their text at
// least the floor of 16 px (wall-fit.ts); areas are grouped behind headings and the worst comes
// first when asked; the display hierarchy (overview → area → device → signal) and every level
// from an alarm in at most two actions; a 390 px phone never scrolls sideways. Needs
// `npx electron-vite build`.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startWallPlant, type WallPlant } from '../support/wall-fleet';

const tiles = (page: Page) => page.locator('[data-testid="tile"]');

/** What the page shows: tile boxes, the viewport, whether it scrolls either way. */
async function layout(page: Page) {
  return page.evaluate<{
    tiles: { x: number; y: number; w: number; h: number }[];
    vw: number;
    vh: number;
    scrollsDown: boolean;
    scrollsSideways: boolean;
    minNameFont: number;
  }>(`(() => {
    const r = (el) => el.getBoundingClientRect();
    const list = [...document.querySelectorAll('[data-testid="tile"]')].map((el) => {
      const b = r(el);
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    });
    const fonts = [...document.querySelectorAll('[data-testid="tile"] .tile-name')].map((el) =>
      parseFloat(getComputedStyle(el).fontSize));
    const doc = document.documentElement;
    return {
      tiles: list,
      vw: doc.clientWidth,
      vh: doc.clientHeight,
      scrollsDown: doc.scrollHeight > doc.clientHeight,
      scrollsSideways: doc.scrollWidth > doc.clientWidth,
      minNameFont: Math.min(...fonts),
    };
  })()`);
}

async function openWall(page: Page, url: string, count: number) {
  await page.goto(url);
  await page
    .locator('.wall-grid [data-testid="tile"]')
    .nth(count - 1)
    .waitFor({ timeout: 20_000 });
}

describe('a wall that fits any display', () => {
  let small: WallPlant;
  let plant: WallPlant;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    [small, plant] = await Promise.all([startWallPlant(5, 1), startWallPlant(500, 5)]);
    await Promise.all([small.publishAll(), plant.publishAll()]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await small?.close();
    await plant?.close();
  });

  const newPage = async (width: number, height: number) => {
    const page = await browser.newPage({ viewport: { width, height } });
    collectPageErrors(page, errors);
    return page;
  };

  it.each([
    [1920, 1080],
    [3840, 2160],
  ])('fills a %i×%i screen with 5 devices', async (w, h) => {
    const page = await newPage(w, h);
    await openWall(page, `${small.serve.url}/#wall`, 5);
    const l = await layout(page);
    const covered = l.tiles.reduce((sum, t) => sum + t.w * t.h, 0) / (l.vw * l.vh);
    expect(covered).toBeGreaterThanOrEqual(0.7);
    expect(l.scrollsDown).toBe(false);
    expect(await page.locator('.wall-grid').getAttribute('data-density')).toBe('large');
    // Text scales with the screen: never under 16 px at 1080p, 32 px on the 4K screen.
    expect(l.minNameFont).toBeGreaterThanOrEqual(16 * (h / 1080));
    await page.close();
  });

  it('shows 500 devices on one 1080p screen, none hidden and none below 16 px', async () => {
    const page = await newPage(1920, 1080);
    await openWall(page, `${plant.serve.url}/#wall`, 500);
    const l = await layout(page);
    expect(l.tiles).toHaveLength(500);
    expect(l.scrollsDown).toBe(false);
    expect(l.tiles.every((t) => t.y >= 0 && t.y + t.h <= l.vh && t.x >= 0 && t.x + t.w <= l.vw)).toBe(true);
    expect(l.minNameFont).toBeGreaterThanOrEqual(16);
    expect(await page.locator('.wall-grid').getAttribute('data-density')).toBe('dense');
    await page.close();
  });

  it('keeps a 390 px phone from scrolling sideways, with 5 or 500 devices', async () => {
    const page = await newPage(390, 844);
    await openWall(page, `${small.serve.url}/#wall`, 5);
    expect((await layout(page)).scrollsSideways).toBe(false);
    await openWall(page, `${plant.serve.url}/#wall`, 500);
    expect((await layout(page)).scrollsSideways).toBe(false);
    await page.close();
  });

  it('groups by area behind headings, and puts the worst first when asked (remembered)', async () => {
    await plant.publish('unit-250', 'pressure', 70); // Area 5, past its high limit
    const page = await newPage(1920, 1080);
    await openWall(page, `${plant.serve.url}/#wall`, 500);
    const heads = page.locator('[data-testid="wall-area-head"]');
    expect(await heads.allTextContents()).toEqual(['Area 1', 'Area 2', 'Area 3', 'Area 4', 'Area 5']);
    const firstOfArea5 = () =>
      page.evaluate<string | null>(`(() => {
        const head = [...document.querySelectorAll('.wall-area-head')].find((h) => h.dataset.area === 'Area 5');
        return head && head.nextElementSibling ? head.nextElementSibling.dataset.deviceId : null;
      })()`);
    await expect.poll(() => page.locator('[data-device-id="unit-250"]').getAttribute('data-status')).toBe('alarm');
    expect(await firstOfArea5()).toBe('unit-005');
    await page.locator('[data-testid="wall-worst-first"]').check();
    await expect.poll(firstOfArea5).toBe('unit-250');
    // The choice is this browser profile's: a reload keeps it.
    await page.reload();
    await page.locator('.wall-grid [data-testid="tile"]').nth(499).waitFor();
    await expect.poll(firstOfArea5).toBe('unit-250');
    await page.locator('[data-testid="wall-worst-first"]').uncheck();
    await page.close();
  });

  it('walks the levels: overview → area → device → signal, one click each', async () => {
    await plant.publish('unit-250', 'pressure', 71);
    const page = await newPage(1920, 1080);
    await openWall(page, `${plant.serve.url}/#wall`, 500);
    const card = page.locator('[data-testid="area-overview"] [data-area="Area 5"]');
    await expect.poll(() => card.locator('[data-priority="high"]').textContent()).toContain('1');
    await card.click(); // 1: the area's wall
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#wall/Area%205');
    await expect.poll(() => tiles(page).count()).toBe(100);
    expect(await page.locator('[data-testid="wall-area-title"]').textContent()).toBe('Area 5');
    await page.locator('[data-device-id="unit-005"]').click(); // 2: a device
    await page.locator('[data-testid="device-view"], #device-title').first().waitFor();
    expect(await page.evaluate<string>('location.hash')).toBe('#device/unit-005');
    await page.goBack();
    await page.locator('[data-device-id="unit-250"]').click(); // 2 again: a tile in alarm opens its signal
    await page.locator('[data-signal="pressure"][data-focused="true"]').waitFor();
    expect(await page.evaluate<string>('document.activeElement.dataset.signal')).toBe('pressure');
    await page.goBack();
    await page.locator('[data-testid="wall-plant-link"]').click(); // back up to the plant
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#wall');
    await page.close();
  });

  it('reaches every level from an alarm in at most two actions', async () => {
    await plant.publish('unit-250', 'pressure', 72);
    const page = await newPage(1920, 1080);
    const row = () => page.locator('[data-testid="alarm-row"][data-device-id="unit-250"]');
    const queue = async () => {
      await page.goto(`${plant.serve.url}/#alarms`);
      await row().waitFor({ timeout: 15_000 });
    };
    // Queue row → area wall (1) and → signal trend (1).
    await queue();
    await row().locator('[data-testid="area-link"]').click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#wall/Area%205');
    await queue();
    await row().locator('[data-testid="signal-link"]').click();
    await page.locator('[data-signal="pressure"][data-focused="true"]').waitFor();
    // Alarm details → area (2) and → signal (2).
    await queue();
    await row().locator('[data-testid="alarm-details-open"]').click();
    await page.locator('[data-testid="alarm-details"] [data-testid="area-link"]').click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#wall/Area%205');
    await queue();
    await row().locator('[data-testid="alarm-details-open"]').click();
    await page.locator('[data-testid="alarm-details"] [data-testid="signal-link"]').click();
    await page.locator('[data-signal="pressure"][data-focused="true"]').waitFor();
    // Plant overview (1): the header's Wall.
    await queue();
    await page.locator('.nav-button', { hasText: 'Wall' }).first().click();
    await page.locator('[data-testid="area-overview"]').waitFor();
    // Tile alarm bar → signal (1): on the area's wall the tile in alarm opens its trend.
    await page.goto(`${plant.serve.url}/#wall/Area%205`);
    await page.locator('[data-device-id="unit-250"] [data-testid="tile-alarm"]').click();
    await page.locator('[data-signal="pressure"][data-focused="true"]').waitFor();
    await page.close();
    expect(errors).toEqual([]);
  });
});
