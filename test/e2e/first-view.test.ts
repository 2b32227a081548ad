// What a wall display downloads before its first live tile, in a real browser against
// `watchfloor serve`: only the files the build's budget names (out/renderer-budget.json), under
// 400 kB unpacked and sent compressed; everything else — other views, ECharts — may be missing
// and the Wall still comes alive. With nothing withheld, the sparklines arrive afterwards, and
// a view opened from the header arrives on demand. Needs `npm run build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

interface BudgetReport {
  budgetBytes: number;
  initial: { file: string; raw: number }[];
}

const report = JSON.parse(readFileSync(join(process.cwd(), 'out', 'renderer-budget.json'), 'utf8')) as BudgetReport;
const CODE = /\.(js|css)$/;

describe('the first view over the wire', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    dir = makeTempDir();
    serve = await startServeProcess(['--data', join(dir.path, 'data')]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('comes alive from the budgeted files alone: under 400 kB unpacked, sent compressed and cached for good', async () => {
    const allowed = new Set(report.initial.map((f) => f.file));
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const withheld: string[] = [];
    await page.route('**/*', (route) => {
      const path = new URL(route.request().url()).pathname.slice(1);
      if (CODE.test(path) && !allowed.has(path)) {
        withheld.push(path);
        return route.abort();
      }
      return route.continue();
    });
    const answers: Response[] = [];
    page.on('response', (r) => {
      if (CODE.test(new URL(r.url()).pathname)) answers.push(r);
    });
    await page.goto(serve.url);

    const values = page.locator('[data-testid="tile-value"]');
    await expect.poll(() => values.count(), { timeout: 15_000 }).toBe(5);
    await expect
      .poll(async () => (await values.allTextContents()).every((t) => /\d/.test(t)), { timeout: 10_000 })
      .toBe(true);

    // ECharts was asked for once the tiles were up, and its absence leaves only empty chart boxes.
    await expect.poll(() => withheld.some((p) => /EChart-/.test(p))).toBe(true);
    expect(await page.locator('.tile-chart').count()).toBe(5);
    expect(await page.locator('.tile-chart canvas').count()).toBe(0);

    const loaded = answers.filter((r) => r.ok());
    expect(loaded.map((r) => new URL(r.url()).pathname.slice(1)).sort()).toEqual(
      [...allowed].filter((f) => CODE.test(f)).sort(),
    );
    let unpacked = (await (await page.request.get(serve.url)).body()).length;
    let sent = 0;
    for (const r of loaded) {
      const body = await r.body();
      const { responseBodySize } = await r.request().sizes();
      unpacked += body.length;
      sent += responseBodySize;
      const headers = await r.allHeaders();
      expect(headers['cache-control'], r.url()).toBe('public, max-age=31536000, immutable');
      expect(headers['content-security-policy'], r.url()).toContain("script-src 'self'");
      if (body.length > 1024) expect(['br', 'gzip'], r.url()).toContain(headers['content-encoding']);
    }
    expect(unpacked).toBeLessThan(400_000);
    expect(sent).toBeLessThan(unpacked / 2.5);
    await page.close();
  });

  it('draws the sparklines once ECharts arrives, and fetches another view when it is opened', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    collectPageErrors(page, errors);
    await page.goto(serve.url);
    await expect.poll(() => page.locator('.tile-chart canvas').count(), { timeout: 15_000 }).toBe(5);

    await page.keyboard.press('6');
    await expect.poll(() => page.getByTestId('settings').count(), { timeout: 10_000 }).toBe(1);
    expect(page.url()).toContain('#settings');
    expect(errors).toEqual([]);
    await page.close();
  });
});
