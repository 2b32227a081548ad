// The Import view's device, in a real browser against `watchfloor serve`: a file named after a
// registered device ("Oven temperature.csv", device-001's name) has that device preselected; a
// file that names no registered device leaves the device to the operator, and a device id that
// is not registered is created only after the operator confirms it, with the file's signals.
// Screenshots at 1920×1080, 1366×768 and 390 px wide go to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { connectWs } from '../support/ws-client';

const ARTIFACTS = join(process.cwd(), 'test-results');

async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: width === 390 });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

/** The text of the device field's chosen option. */
const chosenDevice = (page: Page) =>
  page
    .getByTestId('import-device')
    .evaluate(
      (el) =>
        (el as unknown as { selectedOptions: { textContent: string | null }[] }).selectedOptions[0]?.textContent ?? '',
    );

async function open(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}/#import`);
  await page.getByTestId('import-path').fill(path);
  await page.getByTestId('import-path').press('Enter');
  await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 });
}

describe('the device of an import', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const plant = (name: string) => join(dir.path, 'plant', name);

  beforeAll(async () => {
    dir = makeTempDir();
    mkdirSync(join(dir.path, 'plant'));
    const t0 = Date.now() - 3 * 86_400_000;
    const rows = [
      'time,temperature,pressure',
      ...[0, 1, 2].map((i) => `${new Date(t0 + i * 60_000).toISOString()},${40 + i},${3 + i}`),
    ];
    writeFileSync(
      plant('Oven temperature.csv'),
      `time,temperature\n${rows
        .slice(1)
        .map((r) => r.split(',').slice(0, 2).join(','))
        .join('\n')}\n`,
    );
    writeFileSync(plant('kiln export.csv'), `${rows.join('\n')}\n`);
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
    await serve?.stop();
    dir?.remove();
  });

  it('preselects the registered device the file is named after', async () => {
    await open(page, serve.url, plant('Oven temperature.csv'));
    await expect.poll(() => chosenDevice(page), { timeout: 20_000 }).toBe('Oven temperature (device-001)');
    await expect.poll(() => page.getByTestId('import-start').isEnabled()).toBe(true);
    await shots(page, 'import-known-device');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('import-stored').textContent()).toBe('3');
    expect(await page.getByTestId('import-new-device').count()).toBe(0);
  });

  it('asks for a device when the file names none, and asks again before creating a new one', async () => {
    await open(page, serve.url, plant('kiln export.csv'));
    await expect
      .poll(() => page.getByTestId('import-problems').textContent(), { timeout: 20_000 })
      .toContain('choose the device');
    expect(await chosenDevice(page)).toBe('— choose a device —');
    expect(await page.getByTestId('import-start').isEnabled()).toBe(false);
    await shots(page, 'import-no-device');

    await page.getByTestId('import-device').selectOption({ label: 'Another device id…' });
    await page.getByTestId('import-device-constant').fill('kiln-9');
    await page.getByTestId('import-device-constant').press('Enter');
    await expect.poll(() => page.getByTestId('import-start').isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('import-start').click();
    const ask = page.getByTestId('import-new-device');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('“kiln-9” is not a registered device');
    expect(await ask.textContent()).toContain('temperature, pressure');
    await shots(page, 'import-new-device');

    // Nothing is created while the operator is asked.
    const client = await connectWs(serve.url);
    try {
      await expect(client.request('devices.get', { id: 'kiln-9' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await page.getByTestId('import-create-device').click();
      await page.getByTestId('import-result').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('import-stored').textContent()).toBe('6');
      const device = await client.request('devices.get', { id: 'kiln-9' });
      expect(device.signals.map((s) => s.key).sort()).toEqual(['pressure', 'temperature']);
    } finally {
      client.close();
    }
    expect(consoleErrors).toEqual([]);
  });
});
