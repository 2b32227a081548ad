// Issue 16, points 7 and 9, in Chromium against `watchfloor serve`: on a 390 × 844 phone no view
// is wider than the screen (the header's views fold behind a menu) and the alarm queue is cards
// that show priority and state and acknowledge from the card; on a 1366 × 768 laptop with an
// alarm's details open, Acknowledge is wholly on screen; `?` opens the keyboard help (not while
// typing) and Escape closes it; the main views render no emoji (the mute button is an SVG).
// Needs `npm run build` (serve hands out out/renderer).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/shared/domain';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const EMOJI = /\p{Extended_Pictographic}/u;
/** The header's views (renderer/src/app/view-registry.ts) by route and title. */
const VIEWS = {
  wall: 'Wall',
  alarms: 'Alarms',
  'dead-letters': 'Dead letters',
  sources: 'Sources',
  import: 'Import',
  settings: 'Settings',
  kpis: 'KPIs',
  knowledge: 'Knowledge',
  review: 'Review',
};
const ROUTES = [...Object.keys(VIEWS), 'device/device-001'];

describe('narrow screens, keyboard help and icons', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  const errors: string[] = [];

  async function publish(deviceId: string, sensorType: string, value: number) {
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    await pub.publishAsync(
      `watchfloor/devices/${deviceId}/telemetry`,
      JSON.stringify({ deviceId, timestamp: Date.now(), sensorType, value }),
      { qos: 1 },
    );
    await pub.endAsync();
  }

  async function open(viewport: { width: number; height: number }, route: string): Promise<Page> {
    const page = await browser.newPage({ viewport });
    collectPageErrors(page, errors);
    await page.goto(`${serve.url}/#${route}`);
    await shown(page, route);
    return page;
  }

  /** Waits until the route's view has replaced the loading placeholder and its data came in. */
  async function shown(page: Page, route: string) {
    const view = route.split('/')[0]!;
    await expect.poll(() => page.locator(`main.app-main[data-view="${view}"]`).count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => page.locator('main.app-main > *:not([data-testid="view-loading"])').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.waitForTimeout(700);
  }

  const scrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

  beforeAll(async () => {
    dir = makeTempDir();
    // The default fleet with no simulated excursions: the alarms are the ones published below.
    const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
      devices: DeviceInput[];
    };
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { anomalyRate: 0 }, detection: { kindDefaults: false }, devices: defaults.devices }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    await publish('device-002', 'pressure', 70); // > 55: high
    await publish('device-003', 'vibration', 150); // > 120: high
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('at 390 × 844 no view is wider than the screen, and the views are one menu away', async () => {
    const page = await open(PHONE, 'wall');
    for (const route of ROUTES) {
      await page.goto(`${serve.url}/#${route}`);
      await shown(page, route);
      expect({ route, width: await scrollWidth(page) }).toEqual({ route, width: PHONE.width });
    }

    // The nine views are folded: the menu button opens them, a choice closes the menu again.
    await page.goto(`${serve.url}/#wall`);
    await shown(page, 'wall');
    const kpis = page.getByTestId('nav-kpis');
    expect(await kpis.isVisible()).toBe(false);
    await page.getByTestId('nav-menu').click();
    expect(await page.getByTestId('nav-menu').getAttribute('aria-expanded')).toBe('true');
    await kpis.click();
    await shown(page, 'kpis');
    expect(page.url()).toContain('#kpis');
    expect(await kpis.isVisible()).toBe(false);
    expect(await scrollWidth(page)).toBe(PHONE.width);
    await page.close();
  });

  it('at 390 px the alarm queue is cards with priority and state on screen, and acknowledges from the card', async () => {
    const page = await open(PHONE, 'alarms');
    const card = page.locator('[data-testid="alarm-row"][data-device-id="device-003"]');
    await card.waitFor({ timeout: 10_000 });

    const within = (box: { x: number; width: number } | null) =>
      box !== null && box.x >= 0 && box.x + box.width <= PHONE.width;
    const priority = card.getByTestId('alarm-priority');
    const state = card.getByTestId('alarm-state');
    expect(await priority.textContent()).toBe('high');
    expect(await state.textContent()).toMatch(/unacknowledged/);
    expect(within(await priority.boundingBox())).toBe(true);
    expect(within(await state.boundingBox())).toBe(true);
    // A card, not a squeezed table row: the card spans the queue, its actions on a line of their own.
    expect((await card.boundingBox())!.width).toBeGreaterThan(PHONE.width - 60);
    expect(
      await page.evaluate<string>(
        `getComputedStyle(document.querySelector('[data-testid="alarm-row"][data-device-id="device-003"]')).display`,
      ),
    ).toBe('flex');
    expect(within(await card.getByTestId('alarm-shelve').boundingBox())).toBe(true);

    // The journal opens below the queue, scrolled into sight.
    await card.getByTestId('alarm-details-open').click();
    const details = page.getByTestId('alarm-details');
    await details.waitFor();
    await expect.poll(async () => (await details.boundingBox())!.y, { timeout: 5_000 }).toBeLessThan(PHONE.height / 2);
    await page.getByTestId('details-close').click();

    const ack = card.getByTestId('alarm-ack');
    expect(within(await ack.boundingBox())).toBe(true);
    await ack.click();
    await page.getByTestId('ack-comment').fill('Checked on the phone');
    await page.getByTestId('ack-confirm').click();
    await expect
      .poll(async () => ((await card.count()) === 0 ? 'gone' : await card.getAttribute('data-state')), {
        timeout: 10_000,
      })
      .toMatch(/^(gone|ack_active)$/);
    expect(await scrollWidth(page)).toBe(PHONE.width);
    await page.close();
  });

  it('at 1366 × 768 with an alarm’s details open, Acknowledge is wholly on screen and not scrolled away', async () => {
    const page = await open(LAPTOP, 'alarms');
    const row = page.locator('[data-testid="alarm-row"][data-device-id="device-002"]');
    await row.waitFor({ timeout: 10_000 });
    await row.getByTestId('alarm-details-open').click();
    await page.getByTestId('alarm-details').waitFor();

    const ack = row.getByTestId('alarm-ack');
    const box = (await ack.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(LAPTOP.width);
    expect(box.y + box.height).toBeLessThanOrEqual(LAPTOP.height);
    // Nothing clips it: the queue does not scroll sideways, and the button is what is there (a
    // few pixels in from its rounded corners).
    expect(
      await page.evaluate<boolean>(`(q => q.scrollWidth <= q.clientWidth)(document.querySelector('.alarm-queue-box'))`),
    ).toBe(true);
    const id = await row.getAttribute('data-alarm-id');
    const hit = `(b => { const r = b.getBoundingClientRect();
      return [[r.left + 4, r.top + 4], [r.right - 4, r.bottom - 4]].every(([x, y]) => b.contains(document.elementFromPoint(x, y))); })(
      document.querySelector('[data-alarm-id="${id}"] [data-testid="alarm-ack"]'))`;
    expect(await page.evaluate<boolean>(hit)).toBe(true);
    expect(await scrollWidth(page)).toBe(LAPTOP.width);
    await page.close();
  });

  it('opens the keyboard help on ?, not while typing, and closes it with Escape', async () => {
    const page = await open(LAPTOP, 'alarms');
    const help = page.getByTestId('keyboard-help');

    // In a text field, ? is a character.
    await page.getByTestId('bulk-comment').focus();
    await page.keyboard.press('?');
    await page.waitForTimeout(500);
    expect(await help.count()).toBe(0);

    await page.evaluate('document.activeElement.blur()');
    await page.keyboard.press('?');
    await help.waitFor({ timeout: 10_000 });
    expect(await help.isVisible()).toBe(true);
    const text = (await help.textContent()) ?? '';
    // Every header view's key, and the queue's own keys.
    for (const title of Object.values(VIEWS)) expect(text).toContain(`Open ${title}`);
    expect(text).toContain('Acknowledge');
    expect(text).toContain('Shelve');

    // Modal: a digit typed over it does not switch the view beneath.
    await page.keyboard.press('6');
    expect(page.url()).toContain('#alarms');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    expect(page.url()).toContain('#alarms');
    await page.close();
  });

  it('shows no emoji in the main views: the mute button is an SVG icon', async () => {
    const page = await open(LAPTOP, 'wall');
    for (const route of ROUTES) {
      await page.goto(`${serve.url}/#${route}`);
      await shown(page, route);
      const text = await page.evaluate<string>('document.body.innerText');
      expect({ route, emoji: text.match(new RegExp(EMOJI, 'gu')) ?? [] }).toEqual({ route, emoji: [] });
    }
    const sound = page.getByTestId('alarm-sound');
    expect(await sound.locator('svg').count()).toBe(1);
    const before = await sound.innerHTML();
    await sound.click();
    expect(await sound.getAttribute('data-muted')).toBe('true');
    expect(await sound.locator('svg').count()).toBe(1);
    expect(await sound.innerHTML()).not.toBe(before);
    expect(EMOJI.test((await sound.textContent()) ?? '')).toBe(false);
    await page.close();
    expect(errors).toEqual([]);
  });
});
