// The expert's whole round, as the issue states it, in Chromium against `watchfloor serve`: a
// range dragged on one chart of a device is labelled with the keys, shows on the device's other
// chart, is found by its words in the Review view and opens the chart at the label again; its
// CSV export, imported into a second (fresh) engine, gives the same label there.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { ingestTwoSignals } from '../support/labelling-device';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const NOTE = 'drift after the probe was cleaned';

describe('expert review, end to end: chart → second chart → Review view → export → import elsewhere', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let fresh: ServeProcess | undefined;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, broker: { port: 0 } }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    await ingestTwoSignals(serve.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    collectPageErrors(page, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await fresh?.stop();
    dir?.remove();
  });

  const chartOf = (p: Page, signal: string) =>
    p.locator(`[data-testid="history-chart"][data-series="device-001/${signal}"]`);
  const ready = (chart: Locator) =>
    expect.poll(() => chart.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');

  it('goes from a dragged range to the same label in another engine', async () => {
    // 1. Drag across the temperature chart; whole device, key 2 (false alarm), a note, Enter.
    await page.goto(`${serve.url}/#device/device-001`);
    const temperature = chartOf(page, 'temperature');
    const humidity = chartOf(page, 'humidity');
    await ready(temperature);
    await ready(humidity);
    const box = (await temperature.locator('canvas').first().boundingBox())!;
    const y = box.y + box.height * 0.45;
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.55, y, { steps: 5 });
    await page.mouse.up();
    const popover = temperature.locator('[data-testid="label-popover"]');
    await popover.waitFor({ timeout: 5000 });
    await popover.locator('[data-testid="label-whole-device"]').check();
    await page.keyboard.press('2');
    await popover.locator('[data-testid="label-text"]').fill(NOTE);
    await popover.locator('[data-testid="label-text"]').press('Enter');
    await popover.waitFor({ state: 'detached', timeout: 5000 });

    // 2. The device's second chart shows it (live), with the same id.
    await expect.poll(() => humidity.getAttribute('data-label-verdicts'), { timeout: 5000 }).toBe('false-alarm');
    const id = (await temperature.getAttribute('data-label-ids'))!;
    expect(await humidity.getAttribute('data-label-ids')).toBe(id);

    // 3. Review view (key 9) → Labels: found by two of its words, in any order and case.
    await page.keyboard.press('9');
    await page.locator('[data-testid="review"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="review-tab-labels"]').click();
    await page.locator('[data-testid="label-q"]').fill('PROBE drift');
    const row = page.locator(`[data-testid="label-row"][data-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-testid="label-row"]').count()).toBe(1);
    expect(await row.textContent()).toContain('False alarm');
    expect(await row.locator('[data-testid="label-author-cell"]').textContent()).toBe('local');

    // Open chart: back on the device, the label is there.
    await row.click();
    await page.locator('[data-testid="label-open-chart"]').click();
    await ready(chartOf(page, 'temperature'));
    await expect.poll(() => chartOf(page, 'temperature').getAttribute('data-label-ids'), { timeout: 10_000 }).toBe(id);

    // 4. Export CSV from the Review view.
    await page.keyboard.press('9');
    await page.locator('[data-testid="review-tab-labels"]').click();
    const [download] = (await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-csv"]').click(),
    ])) as [Download, unknown];
    const file = join(dir.path, download.suggestedFilename());
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain(id);
    expect(csv).toContain(NOTE);

    // 5. Import it into a fresh engine: the same label, same id, verdict, note and author.
    fresh = await startServeProcess(['--data', join(dir.path, 'fresh'), '--no-simulator']);
    const other = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    collectPageErrors(other, errors);
    await other.goto(`${fresh.url}/#review`);
    await other.locator('[data-testid="review-tab-labels"]').click();
    await other.locator('[data-testid="import-file"]').setInputFiles(file);
    await expect
      .poll(() => other.locator('[data-testid="import-summary"]').textContent(), { timeout: 10_000 })
      .toBe('1 created · 0 updated · 0 unchanged · 0 rejected');
    const imported = other.locator(`[data-testid="label-row"][data-id="${id}"]`);
    await imported.waitFor({ timeout: 10_000 });
    expect(await imported.textContent()).toContain('False alarm');
    expect(await imported.locator('[data-testid="label-author-cell"]').textContent()).toBe('local');
    const again = await (await fetch(`${fresh.url}/api/annotations/export?format=csv`)).text();
    expect(again).toBe(csv);
    await other.close();
    expect(errors).toEqual([]);
  });
});
