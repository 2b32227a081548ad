// The Dead letters screen in a real browser against `watchfloor serve`, after a flood of bad
// input larger than the table may keep: the oldest letters were dropped and the screen says how
// many; the rest is paged, newest first, 200 a page, with the page's place in the list; one
// message's rejected parts are one letter. Screenshots at three sizes go to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const ARTIFACTS = join(process.cwd(), 'test-results');
const LETTERS = 460;
const KEPT = 450;

describe('the Dead letters screen after a flood', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { enabled: false }, ingest: { deadLetters: { maxRows: KEPT } } }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    const post = (body: string) =>
      fetch(`${serve.url}/ingest/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // One message of 20,000 empty objects: one letter, not 20,000.
    expect((await post(`[${Array.from({ length: 20_000 }, () => '{}').join(',')}]`)).status).toBe(400);
    for (let i = 1; i < LETTERS; i++) {
      expect((await post(`{"deviceId":"press-${i}","sensorType":"t","value":"hot"}`)).status).toBe(400);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    collectPageErrors(page, consoleErrors);
    await page.goto(`${serve.url}/#dead-letters`);
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('says how many were dropped, and pages through the rest newest first', async () => {
    const dropped = page.getByTestId('dl-dropped');
    await expect.poll(() => dropped.textContent(), { timeout: 15_000 }).toMatch(/^10 older dead letters were dropped/);
    const shown = page.getByTestId('dl-shown');
    await expect.poll(() => shown.textContent()).toBe('1–200 of 450, newest first');
    await expect.poll(() => page.getByTestId('dl-row').count()).toBe(200);
    expect(await page.getByTestId('dl-row').first().getAttribute('data-source')).toBe('http');
    expect(await page.getByTestId('dl-reason').first().textContent()).toBe(
      '"value" must be a number, got the string "hot"',
    );
    expect(await page.getByTestId('dl-newer').isDisabled()).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dead-letters-1920.png') });

    await page.getByTestId('dl-older').click();
    await expect.poll(() => shown.textContent()).toBe('201–400 of 450, newest first');
    await page.getByTestId('dl-older').click();
    await expect.poll(() => shown.textContent()).toBe('401–450 of 450, newest first');
    await expect.poll(() => page.getByTestId('dl-row').count()).toBe(50);
    expect(await page.getByTestId('dl-older').isDisabled()).toBe(true);
    await page.getByTestId('dl-newer').click();
    await expect.poll(() => shown.textContent()).toBe('201–400 of 450, newest first');
    await page.getByTestId('dl-newest').click();
    await expect.poll(() => shown.textContent()).toBe('1–200 of 450, newest first');

    // The health line counts what the limits dropped too.
    expect(await page.getByTestId('health-dead-letters-dropped').textContent()).toMatch(/10 dropped/);

    for (const [width, height] of [
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(ARTIFACTS, `dead-letters-${width}.png`) });
    }
    expect(consoleErrors).toEqual([]);
  });
});
