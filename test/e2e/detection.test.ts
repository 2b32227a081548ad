// Detection in a real browser against `watchfloor serve`: a reading past a limit becomes an
// anomaly pinned on the Device view's chart and explained under it; Settings → Rules refuses
// an incomplete rule at its field, saves a good one and shows it in the change log.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

describe('detection in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  const ingest = (body: unknown) =>
    fetch(`${serve.url}/ingest/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, broker: { port: 0 } }));
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('pins a limit anomaly on the device chart and explains it', async () => {
    const now = Date.now();
    const readings = [60, 70, 91.5, 72].map((value, i) => ({
      deviceId: 'device-001',
      sensorType: 'temperature',
      value,
      unit: 'celsius',
      timestamp: new Date(now - (4 - i) * 2000).toISOString(),
    }));
    expect((await ingest(readings)).status).toBe(202);

    await page.goto(`${serve.url}/#device/device-001`);
    const chart = page.locator('[data-testid="history-chart"][data-series="device-001/temperature"]');
    await expect.poll(() => chart.getAttribute('data-anomalies'), { timeout: 15_000 }).toBe('1');
    const item = page.locator('[data-testid="anomaly-item"]').first();
    expect(await item.getAttribute('data-kind')).toBe('high');
    const text = await item.textContent();
    expect(text).toContain('temperature 91.5 > hi 85');
    expect(text).toContain('hi 85 crossed at 91.5');
    expect(text).toContain('rule:limits');
    await chart.screenshot({ path: 'test-results/detection-device.png' });
  });

  it('refuses an incomplete rule at its field, saves a good one and logs the change', async () => {
    await page.goto(`${serve.url}/#settings/rules`);
    await page.locator('[data-testid="rules-tab"]').waitFor();
    await page.locator('[data-testid="rule-new"]').click();
    await page.locator('[data-testid="rule-device"]').selectOption('device-002');
    await page.locator('[data-testid="rule-signal"]').selectOption('pressure');
    await page.locator('[data-testid="rule-set-rate"]').check();
    await page.locator('[data-testid="rule-save"]').click();
    expect(await page.locator('[data-testid="error-rules.rate.maxPerSecond"]').textContent()).toBeTruthy();
    expect(await page.locator('[data-testid="rules-status"]').textContent()).toContain('Not saved');

    await page.locator('[data-testid="rule-rate-maxPerSecond"]').fill('4');
    await page.locator('[data-testid="rule-rate-onDelayMs"]').fill('2000');
    await page.locator('[data-testid="rule-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="rules-status"]').textContent())
      .toContain('device-002 / pressure: saved and in force');
    const row = page.locator('[data-testid="rule-row"][data-target="device-002/pressure"]');
    expect(await row.textContent()).toContain('rate ≤ 4/s');
    const log = await page.locator('[data-testid="audit-row"]').first().textContent();
    // Recorded as the caller (issue 11: no name field to fill in; `local` until users exist).
    expect(log).toContain('local');
    expect(log).toContain('create');
    expect(log).toContain('device-002 / pressure');
  });
});
