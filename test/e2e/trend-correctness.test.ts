// Issue 16, point 8, in Chromium against `watchfloor serve`: two minutes of rising pressure with
// one high reading. A zoom window with no data shows no stray tooltip and an anomaly list of
// that window; the trend reads the same way, labelled with the same span, through two range
// presets; the clock setting changes the times on screen and every time names its zone; the
// exported PNG carries its title; the analytics trend panel lists the device rising and opens it
// at its range.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngText } from '../../src/renderer/src/charts/png-text';
import { launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const SERIES = 'device-002/pressure';
/** Berlin in winter or summer: en-GB names it CET or CEST. */
const ZONE = /\b(CET|CEST|UTC\+[12])\b/;

describe('trend correctness in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, broker: { port: 0 } }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    // Two minutes of pressure rising 30 → 50 psi every 3 s, one reading at 58 (past hi 55).
    const now = Date.now();
    const readings = Array.from({ length: 41 }, (_, i) => ({
      deviceId: 'device-002',
      sensorType: 'pressure',
      unit: 'psi',
      value: i === 30 ? 58 : 30 + i * 0.5 + (i % 2 ? 0.3 : -0.3),
      timestamp: new Date(now - (40 - i) * 3000).toISOString(),
    }));
    const res = await fetch(`${serve.url}/ingest/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(readings),
    });
    expect(res.status).toBe(202);
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
      acceptDownloads: true,
    });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  const chart = () => page.locator(`[data-testid="history-chart"][data-series="${SERIES}"]`);
  const trend = () => page.locator(`[data-testid="stats-panel"][data-series="${SERIES}"] [data-testid="stat-trend"]`);

  async function openAt(preset: string) {
    // A new document each time: the same hash again would keep the last test's zoom.
    await page.goto('about:blank');
    await page.goto(`${serve.url}/#device/device-002@${preset}`);
    await expect.poll(() => chart().getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    // The high reading, and with it whatever else detection finds (rate, offline once data stops).
    await expect.poll(() => chart().getAttribute('data-anomalies'), { timeout: 20_000 }).not.toBe('0');
  }

  it('reads the same trend through two range presets, labelled with the span it covers', async () => {
    const seen: { direction: string | null; over: string | null; rate: string | null }[] = [];
    for (const preset of ['15m', '24h']) {
      await openAt(preset);
      await expect.poll(() => trend().getAttribute('data-direction'), { timeout: 15_000 }).not.toBe('');
      const figure = trend().locator('.trend-figure');
      seen.push({
        direction: await trend().getAttribute('data-direction'),
        over: await figure.locator('.trend-over').textContent(),
        rate: await figure.getAttribute('data-rate'),
      });
    }
    expect(seen[0]!.direction).toBe('rising');
    expect(seen[1]!.direction).toBe('rising');
    expect(seen[0]!.over).toMatch(/^over \d\d:\d\d:\d\d–\d\d:\d\d:\d\d /);
    expect(seen[0]!.over).toMatch(ZONE);
    expect(seen[1]!.over).toBe(seen[0]!.over);
    expect(seen[0]!.rate).toMatch(/^\+\d+(\.\d+)? psi\/min$/);
  }, 90_000);

  it('shows no tooltip and an anomaly list of the window when a zoom window has no data', async () => {
    await openAt('1h');
    const list = page.locator('[data-testid="anomaly-list"]');
    const all = Number(await chart().getAttribute('data-anomalies'));
    expect(await list.getAttribute('data-count')).toBe(String(all));
    // Zoom in just before the two minutes of data (the last 2 of the hour's 60 min on the plot,
    // which spans the box from 56 px to 20 px before its right edge): a window with no reading
    // whose nearest point lies just past its right edge.
    const box = (await chart().boundingBox())!;
    const plot = box.width - 76;
    await page.mouse.move(box.x + 56 + plot * (55 / 60), box.y + box.height / 3);
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(60);
    }
    await expect.poll(() => chart().getAttribute('data-state'), { timeout: 15_000 }).toBe('empty');
    await expect(page.locator('[data-testid="history-empty"]').isVisible()).resolves.toBe(true);
    // The list follows the zoom: nothing in this window, the anomaly counted as outside it.
    await expect.poll(() => list.getAttribute('data-count')).toBe('0');
    expect(await list.textContent()).toContain(`0 anomalies in this window (${all} more outside the zoom)`);
    // Sweep the pointer across the plot: no tooltip text appears anywhere.
    for (let x = box.x + 60; x < box.x + box.width - 25; x += 40) {
      await page.mouse.move(x, box.y + box.height / 3);
      await page.waitForTimeout(30);
      const tips = await chart().evaluate((el) =>
        [...el.querySelectorAll('div')]
          .filter((d) => d.style.position === 'absolute' && d.style.display !== 'none' && d.innerHTML.includes('<b>'))
          .map((d) => d.textContent),
      );
      expect(tips).toEqual([]);
    }
  }, 90_000);

  it('exports a PNG that carries its title: device, signal, unit and range with its zone', async () => {
    await openAt('1h');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-testid="export-png"]`).first().click(),
    ]);
    const file = join(dir.path, 'export.png');
    await download.saveAs(file);
    const text = pngText(new Uint8Array(readFileSync(file)));
    expect(text.Title).toMatch(/device-002\)? · pressure \(psi\)$/);
    expect(text.Description).toMatch(ZONE);
  }, 60_000);

  it('switches every time on screen between 24 h and 12 h, with the zone', async () => {
    await page.goto(`${serve.url}/#settings/display`);
    await page.locator('[data-testid="clock-h12"]').check();
    await expect.poll(() => page.locator('[data-testid="clock-preview-h12"]').textContent()).toMatch(/(am|pm)/i);
    await openAt('1h');
    const range = page.locator('[data-testid="range-shown"]');
    const when = page.locator('.anomaly-when').first();
    await expect.poll(() => when.textContent()).toMatch(/(am|pm)/i);
    expect(await when.textContent()).toMatch(ZONE);
    expect(await trend().textContent()).toMatch(/(am|pm)/i);
    expect(await range.textContent()).toMatch(/(am|pm)/i);
    expect(await range.textContent()).toMatch(ZONE);
    await page.goto(`${serve.url}/#settings/display`);
    await page.locator('[data-testid="clock-h23"]').check();
    await openAt('1h');
    await expect.poll(() => when.textContent()).not.toMatch(/(am|pm)/i);
    expect(await when.textContent()).toMatch(/\d\d:\d\d:\d\d/);
    expect(await trend().textContent()).not.toMatch(/(am|pm)/i);
  }, 90_000);

  it('lists the device rising on the analytics trend panel and opens it at that range', async () => {
    await page.goto(`${serve.url}/#analytics/v=1&p=trend`);
    const row = page.locator(`[data-testid="trend-row"][data-series="${SERIES}"]`);
    await expect.poll(() => row.getAttribute('data-direction'), { timeout: 20_000 }).toBe('rising');
    expect(await row.textContent()).toMatch(/psi\/min/);
    await page.locator('[data-testid="trend-range"]').selectOption('24h');
    // The panel's part of the Analytics state (t=…) carries the range, so a link shares it.
    await expect.poll(() => decodeURIComponent(page.url())).toMatch(/#analytics\/.*p=trend.*&t=r(=|%3D)24h/);
    await expect.poll(() => row.getAttribute('data-direction'), { timeout: 20_000 }).toBe('rising');
    await row.locator('[data-testid="trend-open"]').click();
    await expect.poll(() => page.url()).toMatch(/#device\/device-002@24h$/);
    await expect.poll(() => trend().getAttribute('data-direction'), { timeout: 20_000 }).toBe('rising');
  }, 90_000);
});
