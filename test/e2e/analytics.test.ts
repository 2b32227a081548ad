// The Analytics view in a real browser against `watchfloor serve` holding two hours of known
// history (test/support/analytics-fleet.ts): a shared `#analytics/<state>` link opens on the named
// series; the CSV holds exactly the points drawn, with units and ISO times with their zone, and
// the values that were stored; the PNG is a picture whose title and range are the ones on screen;
// the comparison and correlation panels show what the data's shapes say (oven 1 and oven 3 move
// against each other, r = −1); a saved view comes back by name in another page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsValue, startAnalyticsPlant, type AnalyticsPlant } from '../support/analytics-fleet';
import { collectPageErrors, launchChromium } from '../support/browser';
import { makeTempDir } from '../support/temp-dir';

const SERIES = ['oven-01/temperature', 'oven-02/temperature', 'oven-03/temperature', 'press-01/pressure'];
const STATE = `v=1&s=${SERIES.join(',')}&r=6h`;

describe('Analytics', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let plant: AnalyticsPlant;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const download = async (p: Page, testId: string) => {
    const [file] = await Promise.all([
      p.waitForEvent('download'),
      p.locator(`[data-testid="${testId}"]`).first().click(),
    ]);
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
  };

  beforeAll(async () => {
    dir = makeTempDir();
    plant = await startAnalyticsPlant(join(dir.path, 'plant'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
    collectPageErrors(page, pageErrors);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await plant?.close();
    dir?.remove();
  });

  it('opens a shared link on its series and range, and keeps it over a reload', async () => {
    await page.goto(`${plant.serve.url}/#analytics/${encodeURIComponent(STATE)}`);
    const panel = page.locator('[data-testid="overlay-panel"][data-state="ready"]');
    await expect.poll(() => panel.getAttribute('data-series'), { timeout: 15_000 }).toBe(SERIES.join(','));
    await expect.poll(async () => Number(await panel.getAttribute('data-points'))).toBe(SERIES.length * 120);
    for (const s of SERIES) await page.getByRole('button', { name: `Remove ${s}` }).waitFor();
    await expect(page.locator('[data-testid="analytics-range"]').textContent()).resolves.toMatch(
      /^Live: .*\(UTC[+-]\d\d:\d\d\)$/,
    );
    await page.reload();
    await expect.poll(() => panel.getAttribute('data-series'), { timeout: 15_000 }).toBe(SERIES.join(','));
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#analytics/${STATE}`);
  }, 60_000);

  it('exports the points drawn as CSV, with units, zoned ISO times and the stored values', async () => {
    const { name, bytes } = await download(page, 'export-csv');
    expect(name).toMatch(/^overlay-4-series_.*\.csv$/);
    const [head, ...rows] = bytes.toString('utf8').trim().split('\r\n');
    expect(head).toBe('series,device,signal,unit,time,value,normalised');
    expect(rows).toHaveLength(SERIES.length * 120);
    const cells = rows.map((r) => r.split(','));
    expect(new Set(cells.map((c) => `${c[0]} ${c[3]}`))).toEqual(
      new Set(['oven-01/temperature °C', 'oven-02/temperature °C', 'oven-03/temperature °C', 'press-01/pressure psi']),
    );
    for (const c of cells) expect(c[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    const at = plant.start + 10 * 60_000 + 5_000;
    const row = cells.find((c) => c[0] === 'press-01/pressure' && Date.parse(c[4]!) === at);
    expect(Number(row?.[5])).toBeCloseTo(analyticsValue('press-01/pressure', 10), 9);
  }, 30_000);

  it('exports a PNG titled with what it shows and the range on screen', async () => {
    const { name, bytes } = await download(page, 'export-png');
    expect(name).toMatch(/\.png$/);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1600); // IHDR width: the export copy, not the on-screen chart
    const panel = page.locator('[data-testid="overlay-panel"]');
    expect(await panel.getAttribute('data-export-title')).toBe('Overlay — 4 series (normalised 0–1)');
    const shown = (await page.locator('[data-testid="analytics-range"]').textContent())!.replace(/^Live: /, '');
    expect(await panel.getAttribute('data-export-range')).toBe(shown);
  }, 30_000);

  it('compares the devices of one kind and correlates the chosen series', async () => {
    await page.locator('[data-testid="analytics-tab-compare"]').click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain('p=compare');
    await page.getByLabel('Device kind').selectOption('temperature');
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain('ck=temperature');
    const table = page.locator('[data-testid="compare-table"] tbody tr');
    await expect
      .poll(async () => new Set(await table.locator('td:nth-child(2)').allTextContents()), { timeout: 15_000 })
      .toEqual(new Set(['oven-01', 'oven-02', 'oven-03']));
    const csv = (await download(page, 'export-csv')).bytes.toString('utf8');
    expect(csv).toMatch(/\r\ndistribution,oven-01,temperature,°C,/);
    await download(page, 'export-png');
    expect(await page.locator('[data-testid="compare-panel"]').getAttribute('data-export-title')).toMatch(
      /^Comparison — temperature \(°C\) of 3 temperature devices, per hour$/,
    );

    await page.locator('[data-testid="analytics-tab-correlation"]').click();
    const cell = page.locator('[data-testid="corr-0-2"]');
    await expect.poll(() => cell.textContent(), { timeout: 15_000 }).toBe('−1.00');
    expect(await page.locator('[data-testid="corr-0-1"]').textContent()).toMatch(/^\+0\.9\d|\+1\.00$/);
    await cell.click();
    await expect(page.locator('[data-testid="correlation-pair"] figcaption').textContent()).resolves.toContain(
      'oven-01/temperature (°C) and oven-03/temperature (°C)',
    );
    const matrix = (await download(page, 'export-csv')).bytes.toString('utf8').split('\r\n');
    expect(matrix[0]).toBe(
      `pearson_r,${SERIES.map((s) => `${s} (${s.startsWith('press') ? 'psi' : '°C'})`).join(',')}`,
    );

    for (const tab of ['heatmap', 'trend'] as const) {
      await page.locator(`[data-testid="analytics-tab-${tab}"]`).click();
      await expect.poll(() => page.locator('[data-testid="analytics"]').getAttribute('data-panel')).toBe(tab);
      // These panels choose their own range: the view's range bar steps aside.
      expect(await page.getByTestId('analytics-range').isVisible()).toBe(false);
    }
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-testid="analytics"]').getAttribute('data-panel')).toBe('correlation');
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null")).toBe(
      'analytics-tab-correlation',
    );
  }, 60_000);

  it('saves a view by name in the engine and opens it from another page', async () => {
    await page.locator('[data-testid="analytics-tab-correlation"]').click();
    const saved = decodeURIComponent(new URL(page.url()).hash);
    await page.getByLabel('Name to save as').fill('Ovens against press');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved “Ovens against press”.').waitFor();

    const other = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    collectPageErrors(other, pageErrors);
    await other.goto(`${plant.serve.url}/#analytics`);
    const pick = other.getByLabel('Saved view');
    await expect
      .poll(() => pick.locator('option').allTextContents(), { timeout: 15_000 })
      .toContain('Ovens against press');
    await pick.selectOption('Ovens against press');
    await expect.poll(() => decodeURIComponent(new URL(other.url()).hash)).toBe(saved);
    await expect.poll(() => other.locator('[data-testid="corr-0-2"]').textContent(), { timeout: 15_000 }).toBe('−1.00');
    await other.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('keeps a zoomed window as a historic range, in the URL', async () => {
    await page.goto(`${plant.serve.url}/#analytics/${encodeURIComponent(STATE)}`);
    const panel = page.locator('[data-testid="overlay-panel"][data-state="ready"]');
    await expect.poll(async () => Number(await panel.getAttribute('data-points')), { timeout: 15_000 }).toBe(480);
    const keep = page.getByRole('button', { name: 'Keep this zoom' });
    expect(await keep.isEnabled()).toBe(false);
    const box = (await page.locator('.overlay-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.85, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
    await expect.poll(() => keep.isEnabled()).toBe(true);
    await keep.click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toMatch(/&r=\d+~\d+/);
    await expect.poll(() => page.locator('[data-testid="analytics-range"]').textContent()).toMatch(/^Historic: /);
    await expect.poll(async () => Number(await panel.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(Number(await panel.getAttribute('data-points'))).toBeLessThan(480);
    expect(await keep.isEnabled()).toBe(false);
  }, 60_000);

  it('draws at most 12 series on one chart and says so, in the chart and in the picker', async () => {
    const many = ['oven-01/temperature', ...Array.from({ length: 13 }, (_, i) => `line-${i + 1}/flow`)];
    await page.goto(`${plant.serve.url}/#analytics/${encodeURIComponent(`v=1&s=${many.join(',')}&r=6h`)}`);
    const panel = page.locator('[data-testid="overlay-panel"][data-state="ready"]');
    await expect.poll(() => panel.getAttribute('data-series'), { timeout: 15_000 }).toBe(many.slice(0, 12).join(','));
    await page.getByText('Showing the first 12 of 14 series: more on one chart cannot be read.').waitFor();
    await page.getByTestId('series-limit').waitFor();
    await page.getByLabel('Search series').fill('press');
    const press = page.getByRole('checkbox', { name: /press-01\/pressure/ });
    expect(await press.isDisabled()).toBe(true);
    for (const n of [13, 12, 11]) await page.getByRole('button', { name: `Remove line-${n}/flow` }).click();
    await expect.poll(() => page.getByTestId('series-limit').count()).toBe(0);
    expect(await press.isDisabled()).toBe(false);
    await press.check();
    await expect.poll(() => panel.getAttribute('data-series')).toContain('press-01/pressure');
    await page.getByTestId('series-limit').waitFor();
    await page.getByLabel('Search series').fill('zzz-nothing');
    await page.getByText('Nothing matches “zzz-nothing”.').waitFor();
  }, 60_000);

  it('fits a 390 px phone on every panel: no horizontal scroll', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    collectPageErrors(phone, pageErrors);
    const all = `${SERIES.join(',')},fan-01/vibration`;
    for (const state of [
      STATE,
      'p=compare&ck=temperature&r=6h',
      `p=correlation&s=${all}&r=6h`,
      'p=heatmap',
      'p=trend',
    ]) {
      await phone.goto(`${plant.serve.url}/#analytics/${encodeURIComponent(state)}`);
      await phone.locator('[data-testid="analytics"]').waitFor();
      await phone.waitForTimeout(1000);
      const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
      expect({ state, width }).toEqual({ state, width: 390 });
    }
    await phone.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
