// The analytics heatmap in Chromium against `watchfloor serve` with three days of hourly history
// for 20 devices and live alarms on two of them (test/support/heatmap-fleet.ts): the alarm
// heatmap puts the alarmed devices first and says so under the pointer; the signal heatmap
// sorts by average and shows the device's value with its unit; a click on a cell opens that
// device at that time; the CSV carries the title, the range and one row per device. Needs
// `npx electron-vite build`.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startHeatmapFleet, type HeatmapFleet } from '../support/heatmap-fleet';
import { makeTempDir } from '../support/temp-dir';

const chart = (page: Page) => page.locator('[data-testid="heatmap-chart"]');

/**
 * Points at a cell — `across` 0…1 over the plot, 1 the last column — of row `row`, and returns the
 * tooltip. The plot starts under the title (52 px), ends above the time axis (46 px) and 12 px
 * from the right; the device names take at most 100 px here (heatmap-paint.ts).
 */
async function pointAt(page: Page, across: number, row: number, rows: number): Promise<string> {
  const box = (await chart(page).locator('canvas').boundingBox())!;
  const top = box.y + 52;
  const height = box.height - 52 - 46;
  const x = across >= 1 ? box.x + box.width - 14 : box.x + 100 + (box.width - 112) * across;
  const y = top + (height * (row + 0.5)) / rows;
  await page.mouse.move(x, y);
  const tip = page.locator('[data-testid="heatmap-tooltip"]');
  await tip.waitFor({ timeout: 5_000 });
  return (await tip.textContent()) ?? '';
}

async function drawnAfter(page: Page, before: string | null): Promise<void> {
  await expect
    .poll(async () => (await chart(page).getAttribute('data-drawn')) ?? null, { timeout: 15_000 })
    .not.toBe(before);
}

describe('the analytics heatmap', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let fleet: HeatmapFleet;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    fleet = await startHeatmapFleet(dir.path, 20, 3);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    collectPageErrors(page, errors);
    // The heatmap panel of the Analytics view (its URL state: p=heatmap).
    await page.goto(`${fleet.serve.url}/#analytics/v=1&p=heatmap`);
    await chart(page).and(page.locator('[data-drawn]')).waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    const code = await fleet?.close();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('counts alarms by device and hour, the alarmed devices first', async () => {
    expect(fleet.alarmed).toEqual(['hm-001', 'hm-011']);
    // The current hour is the last column; the two alarmed devices are the first two rows.
    expect(await pointAt(page, 1, 0, 20)).toMatch(/Press 1 \(hm-001\).*1 alarm$/);
    expect(await pointAt(page, 1, 1, 20)).toMatch(/\(hm-011\).*1 alarm$/);
    expect(await pointAt(page, 1, 2, 20)).toMatch(/0 alarms$/);
    expect(await pointAt(page, 0.5, 0, 20)).toMatch(/0 alarms$/);
  });

  it('shows a signal’s hourly average with its unit, the highest average first', async () => {
    const before = await chart(page).getAttribute('data-drawn');
    await page.locator('[data-testid="heatmap-measure"]').selectOption('signal');
    await drawnAfter(page, before);
    expect(await page.locator('[data-testid="heatmap-signal"]').inputValue()).toBe('pressure');
    // hm-010 and hm-020 read the highest (heatmapValue: level 25 + 9 × 1.5); ties go by name.
    // The range is the last 7 days and the history 3: the early part has no data.
    expect(await pointAt(page, 0.9, 0, 20)).toMatch(/^Press 10 \(hm-010\).*\d+\.\d psi average$/);
    expect(await pointAt(page, 0.9, 1, 20)).toMatch(/^Press 20 \(hm-020\)/);
    expect(await pointAt(page, 0.2, 0, 20)).toMatch(/no data$/);
  });

  it('reaches every cell from the keyboard', async () => {
    await page.locator('[data-testid="heatmap-chart"] canvas').focus();
    // Two hours back (the current hour may have no reading yet), one row down.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
    const tip = page.locator('[data-testid="heatmap-tooltip"]');
    await expect.poll(() => tip.textContent(), { timeout: 5_000 }).toMatch(/^Press 20 \(hm-020\).*psi average$/);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => tip.textContent(), { timeout: 5_000 }).toMatch(/^Press 10 \(hm-010\)/);
    await page.mouse.move(0, 0);
  });

  it('exports the heatmap as CSV with its title and range', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="heatmap-csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^heatmap-pressure-hour-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('# pressure (psi), average by device × hour');
    expect(lines[1]).toMatch(/^# \d{4}-\d{2}-\d{2} \d{2}:\d{2} – \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(lines[2]!.startsWith('device,name,')).toBe(true);
    expect(lines).toHaveLength(3 + 20);
    expect(lines[3]!.startsWith('hm-010,Press 10,')).toBe(true);
  });

  it('opens the device at the time of the cell clicked', async () => {
    await pointAt(page, 0.9, 0, 20);
    const clickedAt = Date.now();
    await page.mouse.down();
    await page.mouse.up();
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash), {
        timeout: 5_000,
      })
      .toMatch(/^#device\/hm-010@\d+$/);
    const at = Number(
      (await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).split(
        '@',
      )[1],
    );
    // 90 % across the last 7 days is about 17 hours back.
    expect(clickedAt - at).toBeGreaterThan(12 * 3_600_000);
    expect(clickedAt - at).toBeLessThan(22 * 3_600_000);
    await page.locator('[data-testid="device-view"], [data-testid="device"]').first().waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});
