// Issue 16, point 6: an outage an operator cannot miss, and nothing lost to it. A real
// `watchfloor serve` is stopped (the engine is gone: its socket closes, nothing answers) and
// started again on the same data folder and port, while Chromium keeps the Wall, the alarm queue
// (with an acknowledgement comment half typed), a device's view and Settings → Sources (a form
// half edited) open. Within 5 s of the stop
// every page says the link is lost and since when, none says "Engine OK" or shows the engine's
// counters, every live value and the queue (with its flood banner) say they are stale; after the
// restart the comment is still there and can be submitted, the queue shows an alarm the new engine
// raised, the views show fresh values again — without a reload — and the half-edited form keeps
// its edit (the settings reloaded after the reconnect must not start the form again).
import { writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/shared/domain';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const COMMENT = 'Oven door seal checked before the drop — keep an eye on it';
// A time as every view writes it: 24 h with seconds, then the zone ("14:02:11 UTC").
const TIME = '\\d{2}:\\d{2}:\\d{2} [A-Z][\\w+−-]*';

/** The default fleet with `alarming` devices in a high alarm from their first reading. */
function writeConfig(path: string, alarming: string[]): void {
  const { devices } = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
    devices: DeviceInput[];
  };
  for (const d of devices) if (alarming.includes(d.id)) for (const s of d.signals ?? []) s.limits = { hi: -1000 };
  // Two new alarms make a flood, so the banner is up when the engine goes.
  writeFileSync(
    path,
    JSON.stringify({
      simulator: { anomalyRate: 0 },
      detection: { kindDefaults: false },
      alarms: { flood: { threshold: 2, endBelow: 1 } },
      devices,
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

describe('an engine stopped and started again under open control-room pages', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let args: string[];
  let config: string;
  let browser: Browser;
  let wall: Page;
  let queue: Page;
  let device: Page;
  let settings: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    config = join(dir.path, 'watchfloor.json');
    writeConfig(config, ['device-001', 'device-002', 'device-003', 'device-004']);
    args = ['--data', join(dir.path, 'data'), '--config', config, '--port', String(await freePort())];
    serve = await startServeProcess(args);
    browser = await launchChromium();
    const open = async (hash: string) => {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      collectPageErrors(page, errors);
      await page.goto(`${serve.url}/#${hash}`);
      return page;
    };
    wall = await open('wall');
    queue = await open('alarms');
    device = await open('device/device-001');
    settings = await open('settings/sources');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  const pages = () => [wall, queue, device, settings];
  const bodyLimit = () => settings.locator('[data-testid="http-section"] input[inputmode="numeric"]').first();
  const healthText = (p: Page) => p.locator('[data-testid="health-status"]').textContent();
  const tileValues = () => wall.locator('[data-testid="tile-value"]');
  const ovenRow = () => queue.locator('[data-testid="alarm-row"][data-device-id="device-001"]');

  it('says so within 5 s, keeps the typed comment, and is live again after the restart', async () => {
    // Live: the engine is well, the queue holds the four alarms and the flood, a comment is typed.
    for (const p of pages()) await expect.poll(() => healthText(p), { timeout: 20_000 }).toBe('Engine OK');
    await expect.poll(() => tileValues().count(), { timeout: 15_000 }).toBe(5);
    await expect.poll(() => queue.locator('[data-testid="alarm-row"]').count(), { timeout: 15_000 }).toBe(4);
    await expect.poll(() => queue.locator('[data-testid="flood-banner"]').count(), { timeout: 10_000 }).toBe(1);
    await ovenRow().locator('[data-testid="alarm-ack"]').click();
    await queue.locator('[data-testid="ack-comment"]').fill(COMMENT);
    await bodyLimit().fill('2000000');

    const stoppedAt = Date.now();
    expect(await serve.stop()).toBe(0);
    const within5s = () => Math.max(200, 5_000 - (Date.now() - stoppedAt));

    // Every page: the header says the link is lost and since when; no "Engine OK", no counters.
    for (const p of pages()) {
      await expect
        .poll(() => healthText(p), { timeout: within5s(), interval: 100 })
        .toMatch(new RegExp(`^Connection lost — data stale since ${TIME}$`));
    }
    // The Wall: every live value greyed and marked stale since the same time.
    await expect
      .poll(() => tileValues().evaluateAll((els) => els.every((e) => e.getAttribute('data-stale') === 'true')), {
        timeout: within5s(),
        interval: 100,
      })
      .toBe(true);
    // The queue: a notice over it, the list and the flood banner marked as not live.
    await expect
      .poll(() => queue.locator('[data-testid="stale-notice"]').count(), { timeout: within5s(), interval: 100 })
      .toBe(1);
    // The device's own live value too.
    await expect
      .poll(() => device.locator('.live-value[data-stale="true"]').count(), { timeout: within5s(), interval: 100 })
      .toBeGreaterThan(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);

    const since = /since (\d{2}:\d{2}:\d{2} [A-Z][\w+−-]*)$/.exec((await healthText(wall)) ?? '')![1]!;
    for (const p of pages()) {
      const header = await p.locator('header.app-header').innerText();
      expect(header).not.toContain('Engine OK');
      expect(await p.locator('[data-testid="health-stored"]').count()).toBe(0);
      expect(await p.locator('[data-testid="connection"]').textContent()).toBe('Disconnected — retrying…');
    }
    const marks = await wall.locator('[data-testid="tile-value"] [data-testid="stale-mark"]').allTextContents();
    expect(marks).toHaveLength(5);
    for (const m of marks) expect(m).toMatch(new RegExp(`^stale since ${since} \\(\\d+ s\\)$`));
    // Each page names the time its own link last heard the engine (pages may differ by a second).
    const queueSince = /since (\d{2}:\d{2}:\d{2} [A-Z][\w+−-]*)$/.exec((await healthText(queue)) ?? '')![1]!;
    expect(await queue.locator('[data-testid="stale-notice"]').textContent()).toContain(`as of ${queueSince}`);
    expect(await queue.locator('[data-testid="alarms-body"]').getAttribute('data-stale')).toBe('true');
    expect(await queue.locator('[data-testid="flood-banner"]').getAttribute('data-stale')).toBe('true');
    expect(await queue.locator('[data-testid="flood-stale"]').textContent()).toBe(`As of ${queueSince} — not live`);
    // Greyed, not only labelled.
    const opacity = await queue
      .locator('[data-testid="alarm-table"]')
      .evaluate((el) => Number(el.ownerDocument.defaultView!.getComputedStyle(el).opacity));
    expect(opacity).toBeLessThan(1);
    expect(await queue.locator('[data-testid="ack-comment"]').inputValue()).toBe(COMMENT);
    const frozen = await tileValues().allTextContents();
    // A range picked on the device meanwhile cannot load: it says why.
    await device.locator('[data-testid="range-preset"][data-range="15m"]').click();
    await expect
      .poll(() => device.getByText('History unavailable: Not connected to the engine.').count(), { timeout: 5_000 })
      .toBe(1);

    // Back, on the same data and port, and now the quality score is in alarm as well.
    writeConfig(config, ['device-001', 'device-002', 'device-003', 'device-004', 'device-005']);
    serve = await startServeProcess(args);
    for (const p of pages()) await expect.poll(() => healthText(p), { timeout: 20_000 }).toBe('Engine OK');
    for (const p of pages()) {
      await expect.poll(() => p.locator('[data-testid="stale-mark"]').count(), { timeout: 5_000 }).toBe(0);
    }
    expect(await queue.locator('[data-testid="stale-notice"]').count()).toBe(0);
    // The alarm the new engine raised shows in the open queue.
    await expect
      .poll(() => queue.locator('[data-testid="alarm-row"][data-device-id="device-005"]').count(), { timeout: 15_000 })
      .toBe(1);
    // The Wall moves again.
    await expect
      .poll(async () => (await tileValues().allTextContents()).some((t, i) => t !== frozen[i]), { timeout: 15_000 })
      .toBe(true);
    // The device view asks for its history again, without a reload: its chart is back.
    await expect
      .poll(() => device.getByText('History unavailable: Not connected to the engine.').count(), { timeout: 10_000 })
      .toBe(0);
    await expect.poll(() => device.getByText(/unavailable/).count(), { timeout: 10_000 }).toBe(0);

    // The settings form keeps the edit made before the drop.
    expect(await bodyLimit().inputValue()).toBe('2000000');

    // The comment typed before the drop is still there, and goes with the acknowledgement.
    const comment = queue.locator('[data-testid="ack-comment"]');
    expect(await comment.inputValue()).toBe(COMMENT);
    await queue.locator('[data-testid="ack-confirm"]').click();
    await expect
      .poll(() => ovenRow().locator('[data-testid="alarm-ack-info"]').textContent(), { timeout: 10_000 })
      .toContain(COMMENT);
    expect(await ovenRow().getAttribute('data-state')).toBe('ack_active');
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION|net::|Failed to load resource/.test(e))).toEqual([]);
  }, 120_000);
});
