// Display layouts and kiosk in Chromium against `watchfloor serve` (issue 16, point 4): a layout
// made in Settings → Display (a refused draft keeps what was typed), kept by the engine across a
// reload; `?layout=&display=` opening each display's own view, kiosk included; `?kiosk=1` hiding
// navigation while the header still shows the link's state, with Ctrl+Shift+K as the way out; and
// an unknown layout or display saying so over the wall. Screenshots: test-results/layouts-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from '../support/browser';
import { runCli } from '../support/cli-process';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const ARTIFACTS = join(process.cwd(), 'test-results');
const WS = 'ops-1';

describe('display layouts and kiosk in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const at = (query: string, hash = '') => `${serve.url}/?${query}${hash}`;
  const viewOf = (p: Page) => p.locator('main.app-main').getAttribute('data-view');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = makeTempDir();
    serve = await startServeProcess(['--data', join(dir.path, 'data')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    collectPageErrors(page, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('makes a layout in Settings → Display: a refusal keeps the draft, the saved layout survives a reload', async () => {
    await page.goto(`${serve.url}/#settings/display`);
    const section = page.locator('[data-testid="layouts-section"]');
    await section.waitFor();
    await page.locator('[data-testid="layouts-workstation"]').fill(WS);
    await page.locator('[data-testid="layouts-workstation-use"]').click();
    await expect.poll(() => section.textContent()).toContain(`Workstation ${WS} has no layouts yet`);

    await page.locator('[data-testid="layout-new"]').click();
    await page.locator('[data-testid="layout-name"]').fill('Shift');
    await page.locator('[data-testid="layout-add-display"]').click();
    await page.locator('[data-testid="layout-view-1"]').selectOption('device');
    await page.locator('[data-testid="layout-kiosk-1"]').check();
    await page.locator('[data-testid="layout-save"]').click();
    // A device view without its device: said at the field, nothing lost.
    await expect
      .poll(() => page.locator('[data-testid="layout-row-1"]').textContent())
      .toContain('a device view needs a target');
    expect(await page.locator('[data-testid="layout-name"]').inputValue()).toBe('Shift');
    expect(await page.locator('[data-testid="layout-kiosk-1"]').isChecked()).toBe(true);
    await page.locator('[data-testid="layout-target-1"]').fill('device-003');
    await page.screenshot({ path: join(ARTIFACTS, 'layouts-editor-1920.png') });
    await page.locator('[data-testid="layout-save"]').click();
    await expect.poll(() => page.locator('[data-testid="layouts-status"]').textContent()).toBe('Saved layout “Shift”.');
    await page.locator('[data-testid="layout-Shift"] [data-testid="layout-make-active"]').click();
    await page.locator('[data-testid="layout-Shift"] [data-testid="layout-active"]').waitFor();

    await page.reload();
    const item = page.locator('[data-testid="layout-Shift"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('1: wall · 2: device/device-003 (kiosk)');
    expect(await item.locator('[data-testid="layout-active"]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'layouts-1920.png') });
  });

  it('fits Settings → Display → Layouts on a laptop and a phone without sideways scrolling', async () => {
    for (const [width, height] of [
      [1366, 768],
      [390, 844],
    ] as const) {
      const small = await browser.newPage({ viewport: { width, height } });
      await small.goto(at(`workstation=${WS}`, '#settings/display'));
      await small.locator('[data-testid="layout-Shift"]').waitFor();
      await small.locator('[data-testid="layout-Shift"] button', { hasText: 'Edit' }).click();
      await small.locator('[data-testid="layout-editor"]').waitFor();
      expect(await small.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await small.screenshot({ path: join(ARTIFACTS, `layouts-editor-${width}.png`), fullPage: true });
      await small.close();
    }
  });

  it('opens each display of the layout with its own view, the kiosk one without navigation', async () => {
    const one = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const two = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await one.goto(at(`workstation=${WS}&layout=Shift&display=1`, '#alarms'));
    await two.goto(at(`workstation=${WS}&layout=Shift&display=2`));
    await expect.poll(() => viewOf(one)).toBe('wall');
    await expect.poll(() => viewOf(two)).toBe('device');
    expect(new URL(two.url()).hash).toBe('#device/device-003');
    expect(await one.locator('[data-testid="nav-wall"]').isVisible()).toBe(true);
    await expect.poll(() => two.locator('[data-testid="nav-wall"]').isVisible()).toBe(false);
    expect(await two.locator('[data-testid="connection"]').isVisible()).toBe(true);
    await one.close();
    await two.close();
  });

  it('shows the kiosk presentation with ?kiosk=1: no navigation, no view keys, the link still shown; Ctrl+Shift+K leaves it', async () => {
    const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await kiosk.goto(at('kiosk=1', '#wall'));
    await kiosk.locator('[data-testid="connection"][data-status="open"]').waitFor();
    await expect.poll(() => kiosk.locator('[data-testid="nav-alarms"]').isVisible()).toBe(false);
    expect(await kiosk.locator('[data-testid="nav-menu"]').isVisible()).toBe(false);
    expect(await kiosk.locator('[data-testid="health"]').isVisible()).toBe(true);
    await kiosk.keyboard.press('2');
    await kiosk.waitForTimeout(300);
    expect(await viewOf(kiosk)).toBe('wall');
    await kiosk.screenshot({ path: join(ARTIFACTS, 'kiosk-1920.png') });
    await kiosk.keyboard.press('Control+Shift+K');
    await expect.poll(() => kiosk.locator('[data-testid="nav-alarms"]').isVisible()).toBe(true);
    await kiosk.keyboard.press('2');
    await expect.poll(() => viewOf(kiosk)).toBe('alarms');
    await kiosk.close();
  });

  it('says so over the wall for a layout or a display that does not exist', async () => {
    const lost = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await lost.goto(at(`workstation=${WS}&layout=Night&display=1`, '#kpis'));
    await expect
      .poll(() => lost.locator('[data-testid="layout-notice"]').textContent())
      .toContain(`Workstation ${WS} has no layout “Night”: showing the wall.`);
    expect(await viewOf(lost)).toBe('wall');
    await lost.goto(at(`workstation=${WS}&layout=Shift&display=5`));
    await expect
      .poll(() => lost.locator('[data-testid="layout-notice"]').textContent())
      .toContain('Layout “Shift” has no display 5 (it has 1, 2): showing the wall.');
    await lost.close();
    expect(errors).toEqual([]);
  });
});

describe('layouts for a role that may not change them', () => {
  const PASSWORD = 'a viewer password 1';
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    dir = makeTempDir();
    const data = join(dir.path, 'data');
    const added = await runCli(['users', 'add', 'vera', '--role', 'viewer', '--data', data], {
      input: `${PASSWORD}\n`,
    });
    expect(added.code, added.stderr).toBe(0);
    serve = await startServeProcess(['--data', data, '--no-simulator']);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('shows them read-only, saying why, to a viewer', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${serve.url}/?workstation=${WS}#settings/display`);
    await page.locator('[data-testid="sign-in"]').waitFor({ timeout: 15_000 });
    await page.fill('[data-testid="sign-in-user"]', 'vera');
    await page.fill('[data-testid="sign-in-password"]', PASSWORD);
    await page.click('[data-testid="sign-in-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="layouts-read-only"]').textContent(), { timeout: 15_000 })
      .toBe('Read only: Your role (viewer) cannot change display layouts: that needs an engineer or above.');
    expect(await page.locator('[data-testid="layout-new"]').isDisabled()).toBe(true);
    // Which workstation this screen is stays the viewer's to choose.
    expect(await page.locator('[data-testid="layouts-workstation-use"]').isDisabled()).toBe(false);
    await page.close();
  });
});
