// A device model from the operator's side, in a real browser against `watchfloor serve`: train
// it in Settings → Models (the default dynamic PCA, described by its lags and limit), activate
// it, and when pressure leaves its relation to flow the device view explains the anomaly with
// the signals that moved and their share of the score. Screenshots at 1920×1080, 1366×768 and
// 390 px wide go to .scratch/ (looked at by hand; not asserted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModelsBrowser, pumpRows, type ModelsBrowser } from '../support/models-browser';
import { connectWs } from '../support/ws-client';

const DEVICE = 'pump-1';

describe('a device model in the browser', () => {
  let ui: ModelsBrowser;

  beforeAll(async () => {
    ui = await openModelsBrowser({
      device: { id: DEVICE, name: 'Pump 1', signals: ['flow', 'pressure', 'temperature'] },
      // 25 minutes of history: the point is the explanation, not the minimum span (a day by default).
      minTrainingSpan: '20min',
    });
  }, 60_000);

  afterAll(async () => {
    await ui?.stop();
  });

  it('trains, activates and explains a model anomaly with the share of each signal', async () => {
    const { page, serve } = ui;
    const now = Date.now();
    await ui.ingest(pumpRows(DEVICE, now - 1_800_000, 1500, 1));

    await page.goto(`${serve.url}/#settings/models`);
    await page.getByRole('button', { name: 'Train new version' }).click();
    const row = page.locator('tr.model-shadow');
    await row.waitFor({ timeout: 60_000 });
    const figures = await row.textContent();
    expect(figures).toContain('Dynamic PCA (lagged T²)');
    expect(figures).toMatch(/1,\d{3} vectors, 2 lags, T² over \d+ components, limit at 99 % out of sample/);
    await ui.screenshots('models');
    await row.getByRole('button', { name: 'Activate' }).click();
    await page.locator('tr.model-active').waitFor();

    // Pressure leaves its relation to flow, every value within its usual range.
    const broken = Date.now() - 30_000;
    await ui.ingest(pumpRows(DEVICE, broken, 20, 2, true));
    // The engine has scored and written the anomaly before the page asks for it (a loaded machine
    // may take a flush or two): the page shows what the engine holds, not a race with its writer.
    const client = await connectWs(serve.url);
    try {
      await expect
        .poll(
          async () =>
            (
              await client.request('anomalies.list', {
                deviceId: DEVICE,
                signal: '*',
                from: broken - 60_000,
                to: Date.now(),
              })
            ).filter((a) => a.kind === 'model').length,
          { timeout: 60_000, interval: 500 },
        )
        .toBeGreaterThan(0);
    } finally {
      client.close();
    }
    await page.goto(`${serve.url}/#device/${DEVICE}`);
    const item = page.locator('[data-testid="anomaly-item"][data-kind="model"]').first();
    await item.waitFor({ timeout: 30_000 });
    const text = (await item.textContent()) ?? '';
    expect(text).toMatch(/most off: pressure \d+ %/);
    await ui.screenshots('model-anomaly', () => item.scrollIntoViewIfNeeded());
  }, 150_000);
});
