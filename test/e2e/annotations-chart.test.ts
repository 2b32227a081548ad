// Labelling on the Device view's charts, in Chromium against `watchfloor serve`: a range dragged
// across one signal's chart is labelled with the keys (whole device, maintenance, Enter), shows
// at once on the device's other chart and on the first after a reload; clicking the shaded
// range opens the label, and an edit made there (key 2, a note, Enter) shows on both charts; an
// edit that meets someone else's says what they changed and reapplies on request; a deleted
// label leaves the charts and Restore brings it back; with the keyboard only, L on a focused,
// zoomed chart labels the window in view (the form offering causes edited since the page
// loaded, and a view digit pressed in it leaving the view where it is); an alarm's
// details label the alarm with the same keys.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { ingestTwoSignals } from '../support/labelling-device';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { connectWs } from '../support/ws-client';

describe('labels on history charts', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const ingest = async (readings: unknown[]) => {
    const res = await fetch(`${serve.url}/ingest/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(readings),
    });
    expect(res.status).toBe(202);
  };

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { enabled: false }, detection: { kindDefaults: false }, broker: { port: 0 } }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    await ingestTwoSignals(serve.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    collectPageErrors(page, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  const chartOf = (signal: string) => page.locator(`[data-testid="history-chart"][data-series="device-001/${signal}"]`);
  const ready = async (chart: Locator) =>
    expect.poll(() => chart.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  /**
   * Clicks inside the label's shaded range, near its top edge (where its title is, away from the
   * line), until its form opens: the chart draws a new label on its next frame, and a busy
   * machine's frame may come after the first click.
   */
  const openLabel = async (chart: Locator) => {
    const box = (await chart.locator('canvas').first().boundingBox())!;
    const form = chart.locator('[data-testid="label-form"]');
    await expect
      .poll(
        async () => {
          if ((await form.count()) === 0) await page.mouse.click(box.x + box.width * 0.47, box.y + 30);
          return form.count();
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    return form;
  };

  it('labels a dragged range with the keys and shows it on every chart of the device, also after a reload', async () => {
    await page.goto(`${serve.url}/#device/device-001`);
    const temperature = chartOf('temperature');
    const humidity = chartOf('humidity');
    await ready(temperature);
    await ready(humidity);
    expect(await temperature.getAttribute('data-labels')).toBe('0');

    const box = (await temperature.locator('canvas').first().boundingBox())!;
    const y = box.y + box.height * 0.45;
    await page.mouse.move(box.x + box.width * 0.35, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
    await page.mouse.up();

    const popover = temperature.locator('[data-testid="label-popover"]');
    await popover.waitFor({ timeout: 5000 });
    await popover.locator('[data-testid="label-whole-device"]').check();
    await page.keyboard.press('3');
    expect(await popover.locator('[data-testid="verdict-maintenance"]').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Enter');
    await popover.waitFor({ state: 'detached', timeout: 5000 });

    await expect.poll(() => temperature.getAttribute('data-label-verdicts'), { timeout: 5000 }).toBe('maintenance');
    // Device-wide: the other signal's chart has it too, from the live stream.
    await expect.poll(() => humidity.getAttribute('data-label-verdicts'), { timeout: 5000 }).toBe('maintenance');
    const id = await temperature.getAttribute('data-label-ids');
    expect(id).toMatch(/\S/);
    await temperature.screenshot({ path: 'test-results/annotations-chart-label.png' });

    await page.reload();
    await ready(chartOf('temperature'));
    await expect.poll(() => chartOf('temperature').getAttribute('data-label-ids'), { timeout: 10_000 }).toBe(id);
  });

  it('opens the label by clicking its range, and an edit shows on both charts', async () => {
    const temperature = chartOf('temperature');
    const humidity = chartOf('humidity');
    const form = await openLabel(temperature);
    expect(await form.getAttribute('data-label-id')).toBe(await temperature.getAttribute('data-label-ids'));
    expect(await form.locator('[data-testid="verdict-maintenance"]').getAttribute('aria-checked')).toBe('true');

    await page.keyboard.press('2');
    await form.locator('[data-testid="label-text"]').fill('alarm was a calibration drift');
    // A key typed in the note is text, not a verdict.
    await form.locator('[data-testid="label-text"]').press('4');
    expect(await form.locator('[data-testid="verdict-false-alarm"]').getAttribute('aria-checked')).toBe('true');
    await form.locator('[data-testid="label-text"]').press('Enter');
    await form.waitFor({ state: 'detached', timeout: 5000 });

    await expect.poll(() => temperature.getAttribute('data-label-verdicts'), { timeout: 5000 }).toBe('false-alarm');
    await expect.poll(() => humidity.getAttribute('data-label-verdicts'), { timeout: 5000 }).toBe('false-alarm');

    // The history says what happened to it.
    await openLabel(temperature);
    expect(await form.locator('[data-testid="label-text"]').inputValue()).toBe('alarm was a calibration drift4');
    await form.locator('[data-testid="label-history-toggle"]').click();
    const history = form.locator('[data-testid="label-history"] li');
    await expect.poll(() => history.count(), { timeout: 5000 }).toBe(2);
    expect(await history.nth(1).textContent()).toContain('Maintenance / planned → False alarm');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached', timeout: 5000 });
    expect(errors).toEqual([]);
  });

  it('says what someone else changed when an edit meets theirs, and reapplies the edit on request', async () => {
    const temperature = chartOf('temperature');
    const id = (await temperature.getAttribute('data-label-ids'))!;
    const form = await openLabel(temperature);

    // Meanwhile, someone else changes the label.
    const other = await connectWs(serve.url);
    try {
      const { annotation } = await other.request('annotations.get', { id });
      await other.request('annotations.update', { id, revision: annotation.revision, verdict: 'unsure' });
    } finally {
      other.close();
    }

    await page.keyboard.press('5');
    await page.keyboard.press('Enter');
    const conflict = form.locator('[data-testid="label-conflict"]');
    await conflict.waitFor({ timeout: 5000 });
    expect(await conflict.textContent()).toContain('verdict False alarm → Unsure');
    // Nothing typed is lost: the form still holds this edit.
    expect(await form.locator('[data-testid="verdict-operating-point"]').getAttribute('aria-checked')).toBe('true');
    expect(await form.locator('[data-testid="label-save"]').textContent()).toContain('Reapply my changes');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached', timeout: 5000 });
    await expect.poll(() => temperature.getAttribute('data-label-verdicts'), { timeout: 5000 }).toBe('operating-point');

    // Deleted, it leaves the charts; the form stays open, and Restore brings it back.
    await openLabel(temperature);
    await form.locator('[data-testid="label-delete"]').click();
    await expect.poll(() => chartOf('humidity').getAttribute('data-labels'), { timeout: 5000 }).toBe('0');
    expect(await temperature.getAttribute('data-labels')).toBe('0');
    await form.locator('[data-testid="label-restore"]').click();
    await expect.poll(() => chartOf('humidity').getAttribute('data-labels'), { timeout: 5000 }).toBe('1');
    // Escape after Restore closes the form, and only the form.
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached', timeout: 5000 });
    expect(new URL(page.url()).hash).toBe('#device/device-001');
  });

  it('labels the zoomed window of a focused chart by keyboard only: L, a verdict key, Enter', async () => {
    // The site's causes change after the page has loaded (as from Settings → Review in another window).
    const other = await connectWs(serve.url);
    try {
      const { causes } = await other.request('annotations.causes', {});
      await other.request('annotations.setCauses', { causes: [...causes, 'Keyboard test cause'] });
    } finally {
      other.close();
    }

    const temperature = chartOf('temperature');
    const before = (await temperature.getAttribute('data-label-ids'))!.split(' ').filter(Boolean);
    // Zoom in around the middle of the chart; the chart then shows the zoom window's data.
    const box = (await temperature.locator('canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.4);
    await page.mouse.wheel(0, -400);
    const meta = page.locator('.signal-history', { has: temperature }).locator('[data-testid="history-meta"]');
    await expect.poll(() => meta.textContent(), { timeout: 10_000 }).toContain('zoomed');
    await page.waitForTimeout(400);
    const from = Number(await temperature.getAttribute('data-from'));
    const to = Number(await temperature.getAttribute('data-to'));
    expect(to).toBeGreaterThan(from);

    // Keyboard only from here: Tab to the chart (it shows a focus ring), then L.
    await page.locator('body').focus();
    const focused = temperature.locator('.labelling-chart');
    const hasFocus = () => focused.evaluate((el) => el === el.ownerDocument.activeElement);
    for (let i = 0; i < 60 && !(await hasFocus()); i++) await page.keyboard.press('Tab');
    expect(await hasFocus()).toBe(true);
    expect(await focused.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).outlineStyle)).toBe(
      'solid',
    );
    await page.keyboard.press('l');

    const popover = temperature.locator('[data-testid="label-popover"]');
    await popover.waitFor({ timeout: 5000 });
    // The causes are the site's as they are now, not as they were when the page loaded.
    const causes = popover.locator('[data-testid="label-cause"] option');
    await expect.poll(() => causes.allTextContents(), { timeout: 5000 }).toContain('Keyboard test cause');
    // A view key pressed in the form stays in the form: the Device view and the form stay.
    await page.keyboard.press('8');
    expect(new URL(page.url()).hash).toBe('#device/device-001');
    expect(await popover.count()).toBe(1);
    await page.keyboard.press('5');
    expect(await popover.locator('[data-testid="verdict-operating-point"]').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Enter');
    await popover.waitFor({ state: 'detached', timeout: 5000 });
    // The focus is back on the chart: the next L labels again without reaching for the mouse.
    expect(await hasFocus()).toBe(true);

    await expect.poll(() => temperature.getAttribute('data-labels'), { timeout: 5000 }).toBe(String(before.length + 1));
    const id = (await temperature.getAttribute('data-label-ids'))!.split(' ').find((x) => !before.includes(x))!;
    const reader = await connectWs(serve.url);
    try {
      const { annotation } = await reader.request('annotations.get', { id });
      expect(annotation.verdict).toBe('operating-point');
      expect(annotation.target).toEqual({ type: 'range' });
      // The range is the zoom window (to a pixel of the plot), not the whole ten minutes.
      const tolerance = (to - from) * 0.02;
      expect(Math.abs(annotation.from - from)).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(annotation.to - to)).toBeLessThanOrEqual(tolerance);
    } finally {
      reader.close();
    }
    expect(errors).toEqual([]);
  });

  it('labels an alarm from its details with the keys, and lists the label there', async () => {
    const now = Date.now();
    await ingest(
      [95, 96, 52].map((value, i) => ({
        deviceId: 'device-001',
        sensorType: 'temperature',
        value,
        unit: 'celsius',
        timestamp: new Date(now - (3 - i) * 1000).toISOString(),
      })),
    );
    await page.goto(`${serve.url}/#alarms`);
    const row = page.locator('[data-testid="alarm-row"][data-device-id="device-001"]').first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.locator('body').focus();
    await page.keyboard.press('j');
    const section = page.locator('[data-testid="alarm-labels"]');
    await section.waitFor({ timeout: 10_000 });
    await section.locator('[data-testid="label-alarm"]').click();
    await section.locator('[data-testid="label-form"]').waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    const item = section.locator('[data-testid="alarm-label"][data-verdict="true-anomaly"]');
    await item.waitFor({ timeout: 5000 });
    expect(await item.textContent()).toContain('this alarm');
    expect(await section.locator('[data-testid="label-form"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
