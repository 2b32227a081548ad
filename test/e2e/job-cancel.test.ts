// Cancel in a real browser against `watchfloor serve`: an import of a large CSV shows its
// progress with a Cancel button (screenshots at 1920×1080, 1366×768 and 390 px wide go to
// test-results/); Cancel stops it on the engine part-way, the view says so, and what was stored
// until then stays.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { connectWs } from '../support/ws-client';

const ARTIFACTS = join(process.cwd(), 'test-results');
const ROWS = 1_000_000;

describe('cancelling a running import', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const csv = () => join(dir.path, 'plant', 'mills.csv');

  beforeAll(async () => {
    dir = makeTempDir();
    mkdirSync(join(dir.path, 'plant'));
    const t0 = Date.now() - 20 * 86_400_000;
    const lines = ['device,signal,timestamp,value'];
    for (let i = 0; i < ROWS; i++) lines.push(`mill-${i % 8},speed,${t0 + i * 1000},${(i % 977) / 10}`);
    writeFileSync(csv(), `${lines.join('\n')}\n`);
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { enabled: false }, files: { importDirs: [join(dir.path, 'plant')] } }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    collectPageErrors(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('shows Cancel beside the progress, stops the import on the engine, and says what stayed', async () => {
    await page.goto(`${serve.url}/#import`);
    await page.getByTestId('import-path').fill(csv());
    await page.getByTestId('import-path').press('Enter');
    const start = page.getByTestId('import-start');
    await expect.poll(() => start.isEnabled(), { timeout: 20_000 }).toBe(true);
    await start.click();
    // The file names eight devices the engine does not know: creating them is confirmed first.
    await page.getByTestId('import-create-device').click();

    const cancel = page.getByTestId('import-cancel');
    await cancel.waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => Number(await page.getByTestId('import-progress').getAttribute('value')))
      .toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'job-cancel-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: join(ARTIFACTS, 'job-cancel-1366.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await cancel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'job-cancel-390.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });

    await cancel.click();
    const cancelled = page.getByTestId('import-cancelled');
    await cancelled.waitFor({ timeout: 20_000 });
    expect(await cancelled.textContent()).toContain('Import cancelled');
    expect(await cancel.count()).toBe(0);
    const stored = Number((await page.getByTestId('import-stored').textContent())!.replace(/\D/g, ''));
    expect(stored).toBeLessThan(ROWS);
    await page.screenshot({ path: join(ARTIFACTS, 'job-cancel-done-1920.png') });

    // The engine agrees: the job ended cancelled, and it stopped reading the file.
    const client = await connectWs(serve.url);
    try {
      const health = await client.request('engine.health', {});
      expect(health.readings.stored).toBe(stored);
      await new Promise((r) => setTimeout(r, 500));
      expect((await client.request('engine.health', {})).readings.stored).toBe(stored);
    } finally {
      client.close();
    }
    expect(consoleErrors).toEqual([]);
  });
});
