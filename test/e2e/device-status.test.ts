// One truthful status per tile and per device, in Chromium against `watchfloor serve` with a
// fleet in every status (test/support/status-fleet.ts): a returned but unacknowledged alarm is
// never "normal", a prediction is never an alarm, a device past its limit shows its alarm —
// and the tile's word, shape, border colour and status line all say the same thing, as does
// the device's own header. Needs `npx electron-vite build`.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { openDesk, type Desk } from '../support/control-rooms';
import { FLEET, startStatusFleet, type StatusFleet } from '../support/status-fleet';
import { makeTempDir } from '../support/temp-dir';

const tile = (page: Page, id: string) => page.locator(`[data-testid="tile"][data-device-id="${id}"]`);

type StyleOf = { getComputedStyle(el: unknown): { borderLeftColor: string } };

async function tileSays(page: Page, id: string) {
  const t = tile(page, id);
  const line = t.locator('[data-testid="tile-alarm"]');
  return {
    status: await t.getAttribute('data-status'),
    word: (await t.locator('[data-testid="tile-status"]').textContent())?.trim(),
    shape: await t.locator('[data-testid="tile-status"]').getAttribute('data-shape'),
    /** The shape is drawn (an SVG icon), not only named. */
    drawn: await t.locator('[data-testid="tile-status"] svg').count(),
    line: (await line.count()) ? await line.textContent() : null,
    // The page's DOM types stay out of the Node test's compilation.
    border: await t.evaluate((el) => (globalThis as unknown as StyleOf).getComputedStyle(el).borderLeftColor),
    label: await t.getAttribute('aria-label'),
  };
}

describe('one status per tile and per device', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let fleet: StatusFleet;
  let browser: Browser;
  let desk: Desk;

  beforeAll(async () => {
    dir = makeTempDir();
    fleet = await startStatusFleet(dir.path);
    browser = await launchChromium();
    desk = await openDesk(browser, fleet.shared.serve.url, 'admin');
    await desk.page.goto(`${fleet.shared.serve.url}/#wall`);
    await desk.page.locator('[data-testid="tile"]').nth(5).waitFor({ timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    const code = await fleet?.close();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('shows a returned, unacknowledged alarm on its tile, never as normal', async () => {
    const page = desk.page;
    await expect
      .poll(() => tile(page, FLEET.returned).getAttribute('data-status'), { timeout: 10_000 })
      .toBe('returned');
    const t = await tileSays(page, FLEET.returned);
    expect(t.word).toBe('RETURNED');
    expect(t.drawn).toBe(1);
    expect(t.word).not.toMatch(/normal/i);
    expect(t.line).toBe('HIGH — returned, unacknowledged · pressure high');
    expect(t.label).toContain('returned, unacknowledged');
    const normal = await tileSays(page, FLEET.normal);
    expect(normal.word).toBe('NORMAL');
    expect(normal.drawn).toBe(0);
    expect(normal.line).toBeNull();
    expect(t.border).not.toBe(normal.border);
  });

  it('shows a device past its limit in alarm, with priority, state and cause', async () => {
    const page = desk.page;
    await expect.poll(() => tile(page, FLEET.high).getAttribute('data-status'), { timeout: 10_000 }).toBe('alarm');
    const t = await tileSays(page, FLEET.high);
    expect(t.word).toBe('HIGH');
    expect(t.drawn).toBe(1);
    expect(t.shape).toBe('high');
    expect(t.line).toBe('HIGH — unacknowledged · pressure high');
    expect(await tile(page, FLEET.high).locator('.unack-marker').count()).toBe(1);
  });

  it('shows a prediction as a prediction, never as an alarm', async () => {
    const page = desk.page;
    await expect
      .poll(() => tile(page, FLEET.predicted).getAttribute('data-status'), { timeout: 10_000 })
      .toBe('predicted');
    const t = await tileSays(page, FLEET.predicted);
    expect(t.word).toBe('PREDICTED');
    expect(t.drawn).toBe(1);
    expect(t.line).toMatch(/^predicted to cross hi 55 (in ~\d+ s|now)$/);
    expect(`${t.word} ${t.line}`).not.toMatch(/alarm|unacknowledged|medium/i);
    // Not the alarm red of the device past its limit.
    expect(t.border).not.toBe((await tileSays(page, FLEET.high)).border);
  });

  it('says shelved and never-reported in words, not colour alone', async () => {
    const page = desk.page;
    await expect.poll(() => tile(page, FLEET.shelved).getAttribute('data-status'), { timeout: 10_000 }).toBe('shelved');
    expect((await tileSays(page, FLEET.shelved)).line).toBe('HIGH — shelved · pressure high');
    const silent = await tileSays(page, FLEET.silent);
    expect(silent.status).toBe('offline');
    expect(silent.line).toBe('offline — never reported');
  });

  it("gives the device's header the same status as its tile, and follows the acknowledgement", async () => {
    const page = desk.page;
    await tile(page, FLEET.returned).click();
    const head = page.locator('.device-head');
    await expect.poll(() => head.getAttribute('data-status'), { timeout: 10_000 }).toBe('returned');
    expect((await head.locator('[data-testid="device-status"]').textContent())?.trim()).toBe('RETURNED');
    expect(await head.locator('[data-testid="device-status"]').getAttribute('data-shape')).toBe('returned');
    expect(await head.locator('[data-testid="device-status"] svg').count()).toBe(1);
    expect(await head.locator('[data-testid="tile-alarm"]').textContent()).toBe(
      'HIGH — returned, unacknowledged · pressure high',
    );
    await fleet.shared.engine.request('alarms.acknowledge', { id: fleet.alarms.returned });
    await expect.poll(() => head.getAttribute('data-status'), { timeout: 10_000 }).toBe('normal');
    expect((await head.locator('[data-testid="device-status"]').textContent())?.trim()).toBe('NORMAL');
    expect(desk.errors).toEqual([]);
  });

  it("names a prediction as one on its signal's history, without toning the chart as an alarm", async () => {
    const page = desk.page;
    await page.goto(`${fleet.shared.serve.url}/#device/${FLEET.predicted}`);
    const line = page.locator('[data-testid="signal-alarm"]');
    await expect.poll(() => line.getAttribute('data-level'), { timeout: 10_000 }).toBe('predicted');
    expect(await line.textContent()).toMatch(/^predicted to cross hi 55 (in ~\d+ s|now)$/);
    expect(await page.locator('[data-testid="history-chart"]').getAttribute('data-alarm')).toBe('none');
    expect(desk.errors).toEqual([]);
  });
});
