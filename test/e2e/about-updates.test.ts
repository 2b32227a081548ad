// Settings → About & updates in Chromium against a real engine on loopback whose station is the
// REAL UpdateService (electron-updater's DebUpdater, Node's HTTP) reading a signed release from a
// loopback feed: a feed that is down is said so with the next try; the release is found, downloaded and verified, its notes readable and inert; a
// tampered offline bundle is refused with its reason; installing is refused while a high alarm is
// unacknowledged (the alarms listed, the queue one click away) and accepted once it is
// acknowledged; Install now asks first; an administrator changes the channel, a viewer cannot. The
// built `watchfloor serve` — a station nobody updates from here — shows its version and why.
// Screenshots of the feed down, a refusal, a download, a release waiting and a blocked install at 1920, 1366 and
// 390 px go to test-results/about-<state>-<width>.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { generateReleaseKeyPair, type ReleaseKeyPair } from '../../src/main/release/signature';
import type { BlockingAlarm } from '../../src/shared/contract/station';
import { collectPageErrors, launchChromium } from '../support/browser';
import { runCli } from '../support/cli-process';
import { pressureFleet } from '../support/control-rooms';
import { startServeProcess } from '../support/serve-process';
import { tempDirs } from '../support/temp-dir';
import {
  makeStation,
  startFeedServer,
  tamperManifest,
  writeRelease,
  type FeedServer,
  type Station,
} from '../support/update-feed';

const PASSWORD = 'a long enough password';
const ARTIFACTS = join(process.cwd(), 'test-results');
const NOTES =
  '## Alarms\n- The queue keeps its **focus**\n- `watchfloor release verify` for IT\n\n<img src=x onerror="window.__injected=1">Thanks.';

/** An HH:MM an hour or two from now, so the maintenance window is not open while the test runs. */
const clockIn = (hours: number) => {
  const d = new Date(Date.now() + hours * 3_600_000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

describe('Settings → About & updates', () => {
  const dirs = tempDirs('wf-about-');
  let keys: ReleaseKeyPair;
  let feed: FeedServer;
  let station: Station;
  let running: RunningServe;
  let url: string;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page; errors: string[] };

  /** The engine's active, unacknowledged alarms of high priority or above, as the shell's bridge answers them. */
  const blocking = (): BlockingAlarm[] =>
    running.engine.services.alarmStore
      .open()
      .filter((a) => a.state === 'unack_active' && (a.priority === 'high' || a.priority === 'critical'))
      .map((a) => ({
        id: String(a.id),
        device: a.deviceId,
        signal: a.signal === '*' ? null : a.signal,
        priority: a.priority,
        message: a.message ?? `${a.kind} ${a.value}`,
      }));

  async function signedIn(user: string) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const res = await context.request.post(`${url}/api/session`, { data: { user, password: PASSWORD } });
    expect(res.ok()).toBe(true);
    const page = await context.newPage();
    const errors: string[] = [];
    collectPageErrors(page, errors);
    await page.goto(`${url}/#settings/about`);
    await page.locator('[data-testid="about-state"]').waitFor({ timeout: 15_000 });
    return { context, page, errors };
  }

  const tamperedBundle = () => {
    const bundle = writeRelease(dirs.make(), { version: '1.2.0', keys, releaseNotes: 'Bundled' });
    tamperManifest(bundle);
    return bundle.dir;
  };
  async function importBundle(page: Page, folder: string) {
    await page.locator('[data-testid="about-bundle-path"]').fill(folder);
    await page.locator('[data-testid="about-bundle-import"]').click();
    const done = page.locator('[data-testid="about-bundle-done"]');
    await done.waitFor({ timeout: 15_000 });
    return done.innerText();
  }
  /** The screen at the three sizes a station, a laptop and a phone show it: test-results/about-<name>-<width>.png. */
  async function screenshots(page: Page, name: string) {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(ARTIFACTS, `about-${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
  }
  const state = (page: Page) => page.locator('[data-testid="about-state"]').getAttribute('data-state');
  const title = (page: Page) => page.locator('[data-testid="about-state-title"]').innerText();

  beforeAll(async () => {
    keys = generateReleaseKeyPair();
    const release = writeRelease(dirs.make(), { version: '1.1.0', keys, size: 2 * 1024 * 1024, releaseNotes: NOTES });
    feed = await startFeedServer(release.dir);
    station = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    // What blocks an install is what this engine holds now, asked at the moment of the install.
    Object.defineProperty(station, 'alarms', { get: blocking });
    const data = dirs.make();
    for (const [name, role] of [
      ['ada', 'admin'],
      ['vera', 'viewer'],
    ]) {
      const added = await runCli(['users', 'add', name!, '--role', role!, '--data', data], { input: `${PASSWORD}\n` });
      expect(added.code, added.stderr).toBe(0);
    }
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir: data, server: { port: 0 }, broker: { port: 0 } },
          { simulator: { enabled: false }, detection: { kindDefaults: false }, devices: pressureFleet(1) },
        ),
      ),
      rendererDir: join(process.cwd(), 'out', 'renderer'),
      version: '1.0.0',
      log: () => {},
      station: station.service,
    });
    url = `http://127.0.0.1:${running.server.port}`;
    browser = await launchChromium();
    admin = await signedIn('ada');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    station?.service.stop();
    await running?.stop();
    await feed?.close();
    dirs.removeAll();
  });

  it('says when the feed cannot be reached and when it is tried again', async () => {
    const { page } = admin;
    expect(await page.locator('[data-testid="about-version"]').innerText()).toBe('1.0.0');
    expect(await title(page)).toBe('Not checked yet');
    feed.mode = 'down';
    try {
      await page.locator('[data-testid="about-check"]').click();
      await expect.poll(() => state(page), { timeout: 20_000 }).toBe('error');
      expect(await title(page)).toBe('The update feed cannot be reached');
      expect(await page.locator('[data-testid="about-problem"]').getAttribute('data-kind')).toBe('unreachable');
      const next = (await station.service.status()).nextCheck!;
      // One time format everywhere: 24 h with seconds and the zone named (components/format.ts).
      const hhmmss = new Date(next).toTimeString().slice(0, 8);
      expect(await page.locator('[data-testid="about-state"]').innerText()).toMatch(
        new RegExp(`Next try at ${hhmmss} [A-Z][\\w+−-]*\\.`),
      );
      expect(await page.locator('[data-testid="about-next-check"]').innerText()).toMatch(
        new RegExp(`^${hhmmss} [A-Z][\\w+−-]*$`),
      );
      await screenshots(page, 'unreachable');
    } finally {
      feed.mode = 'up';
    }
  });

  it('refuses a tampered offline bundle with the reason, and installs nothing from it', async () => {
    const { page } = admin;
    expect(await importBundle(page, tamperedBundle())).toMatch(/^The bundle was refused/);
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe('refused');
    expect(await title(page)).toBe('Refused: the release was changed after it was signed');
    const problem = page.locator('[data-testid="about-problem"]');
    expect(await problem.getAttribute('data-kind')).toBe('signature');
    expect(await problem.innerText()).toMatch(/signature/i);
    expect(await page.locator('[data-testid="about-release"]').count()).toBe(0);
    expect(await page.locator('[data-testid="about-install-now"]').isDisabled()).toBe(true);
    expect(station.audits.some((a) => a.action === 'update.refused' && a.outcome === 'refused')).toBe(true);
    await screenshots(page, 'refused');
  });

  it('finds, downloads and verifies the release, and shows its notes as text', async () => {
    const { page } = admin;
    // A slow link: Check now has its answer while the download goes on, shown with its progress.
    let deliver = () => {};
    feed.holdInstallers = new Promise<void>((resolve) => (deliver = resolve));
    await page.locator('[data-testid="about-check"]').click();
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe('downloading');
    await page.locator('[data-testid="about-progress"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="about-check"]').innerText()).toBe('Check now');
    expect(await page.locator('[data-testid="about-action-error"]').count()).toBe(0);
    // The bundle refused before is not said beside this download, as if it were this release's.
    expect(await page.locator('[data-testid="about-problem"], [data-testid="about-also-problem"]').count()).toBe(0);
    await screenshots(page, 'downloading');
    feed.holdInstallers = null;
    deliver();
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe('downloaded');
    expect(await title(page)).toBe('Downloaded — waiting for your consent');
    expect(await page.locator('[data-testid="about-release-version"]').innerText()).toBe('1.1.0');
    expect(await page.locator('[data-testid="about-release"]').innerText()).toContain('2.1 MB');
    expect(await page.locator('[data-testid="about-last-check"]').innerText()).toMatch(
      /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d [A-Z][\w+−-]*$/,
    );
    const notes = page.locator('[data-testid="about-release-notes"]');
    expect(await notes.locator('h4').innerText()).toBe('Alarms');
    expect(await notes.locator('li').allInnerTexts()).toEqual([
      'The queue keeps its focus',
      'watchfloor release verify for IT',
    ]);
    expect(await notes.locator('li code').innerText()).toBe('watchfloor release verify');
    // The markup in the notes never became an element.
    expect(await notes.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __injected?: number }).__injected)).toBeUndefined();
    expect(feed.requests.map((r) => r.path)).toContain('/watchfloor_1.1.0_amd64.deb');
    expect(await page.locator('[data-testid="about-problem"]').count()).toBe(0);
    await screenshots(page, 'downloaded');

    // Another tampered bundle now: refused and said so, and the verified release still waits.
    expect(await importBundle(page, tamperedBundle())).toMatch(/^The bundle was refused/);
    const also = page.locator('[data-testid="about-also-problem"]');
    await also.waitFor({ timeout: 15_000 });
    expect(await also.getAttribute('data-kind')).toBe('signature');
    expect(await also.innerText()).toContain('Refused: the release was changed after it was signed');
    expect(await state(page)).toBe('downloaded');
    expect(await page.locator('[data-testid="about-release-version"]').innerText()).toBe('1.1.0');
  });

  it('will not install during an unacknowledged high alarm; lists it; installs in the window once acknowledged', async () => {
    const { page } = admin;
    // The administrator sets a maintenance window that is not open now.
    const [from, to] = [clockIn(2), clockIn(3)];
    await page.locator('[data-testid="about-window-on"]').check();
    await page.locator('[data-testid="about-window-start"]').fill(from);
    await page.locator('[data-testid="about-window-end"]').fill(to);
    await page.locator('[data-testid="about-settings-save"]').click();
    await page.locator('[data-testid="about-settings-saved"]').waitFor();
    expect((await station.service.status()).maintenanceWindow).toEqual({ start: from, end: to });

    // A high alarm: 70 psi over the 55 psi limit.
    const health = (await (await fetch(`${url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    await pub.publishAsync(
      'watchfloor/devices/press-01/telemetry',
      JSON.stringify({ deviceId: 'press-01', timestamp: Date.now(), sensorType: 'pressure', value: 70 }),
      { qos: 1 },
    );
    await pub.endAsync();
    await expect.poll(() => blocking().length, { timeout: 10_000 }).toBe(1);

    await page.locator('[data-testid="about-install-now"]').click();
    expect(await page.locator('[data-testid="about-confirm"]').innerText()).toContain(
      'Watchfloor will close and restart',
    );
    await page.locator('[data-testid="about-confirm-install"]').click();
    const listed = page.locator('[data-testid="about-blocking-alarm"]');
    await listed.first().waitFor({ timeout: 10_000 });
    expect(await listed.allInnerTexts()).toEqual([expect.stringMatching(/^High press-01 \/ pressure — /)]);
    expect(station.installs).toEqual([]);
    await screenshots(page, 'blocked');
    expect(await state(page)).toBe('downloaded');

    // The link leads to the queue, where the operator acknowledges it.
    await page.locator('[data-testid="about-alarms-link"]').click();
    const row = page.locator('[data-testid="alarm-row"][data-device-id="press-01"]');
    await row.locator('[data-testid="alarm-ack"]').click();
    await page.locator('[data-testid="ack-comment"]').fill('Relief valve checked');
    await page.locator('[data-testid="ack-confirm"]').click();
    await expect.poll(() => blocking().length, { timeout: 10_000 }).toBe(0);

    await page.goto(`${url}/#settings/about`);
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('downloaded');
    await page.locator('[data-testid="about-install-window"]').click();
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('scheduled');
    expect(await title(page)).toBe('Scheduled for the maintenance window');
    expect(await page.locator('[data-testid="about-consent"]').innerText()).toContain('ada');
    expect(await page.locator('[data-testid="about-blocked"]').count()).toBe(0);
    expect(station.installs).toEqual([]);

    await page.locator('[data-testid="about-cancel-install"]').click();
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('downloaded');
    expect(await page.locator('[data-testid="about-consent"]').count()).toBe(0);
  });

  it('shows a viewer the state and the settings, and lets her change nothing', async () => {
    const viewer = await signedIn('vera');
    const { page } = viewer;
    // She finds the screen from her menu, wherever she is.
    await page.goto(`${url}/#wall`);
    await page.locator('[data-testid="user-menu"]').click();
    await page.locator('[data-testid="menu-about"]').click();
    await page.locator('[data-testid="about-state"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#settings/about');
    await expect.poll(() => state(page)).toBe('downloaded');
    expect(await page.locator('[data-testid="about-channel"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="about-settings-read-only"]').innerText()).toBe(
      'Your role (viewer) cannot change update settings: that needs an administrator.',
    );
    expect(await page.locator('[data-testid="about-check"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="about-install-now"]').getAttribute('title')).toMatch(
      /viewer\) cannot install updates/,
    );
    expect(await page.locator('[data-testid="about-bundle-path"]').isDisabled()).toBe(true);
    expect((await station.service.status()).channel).toBe('stable');
    expect(viewer.errors).toEqual([]);
    await viewer.context.close();
  });

  it('asks before Install now, then hands the verified installer over', async () => {
    const { page } = admin;
    await page.locator('[data-testid="about-install-now"]').click();
    await page.locator('[data-testid="about-confirm"]').waitFor();
    await page.getByRole('button', { name: 'Not now' }).click();
    expect(await page.locator('[data-testid="about-confirm"]').count()).toBe(0);
    expect(station.installs).toEqual([]);
    await page.locator('[data-testid="about-install-now"]').click();
    await page.locator('[data-testid="about-confirm-install"]').click();
    await expect.poll(() => station.installs.length, { timeout: 10_000 }).toBe(1);
    expect(station.installs[0]).toMatch(/watchfloor_1\.1\.0_amd64\.deb$/);
    expect(station.audits.some((a) => a.action === 'update.installing' && a.actor === 'ada')).toBe(true);
  });

  it('lets an administrator change the channel', async () => {
    const { page } = admin;
    await page.locator('[data-testid="about-channel"]').selectOption('beta');
    await page.locator('[data-testid="about-settings-save"]').click();
    await page.locator('[data-testid="about-settings-saved"]').waitFor();
    expect((await station.service.status()).channel).toBe('beta');
    await expect.poll(() => page.locator('[data-testid="about-channel-now"]').innerText()).toBe('beta');
    expect(admin.errors).toEqual([]);
  });
});

describe('a browser on `watchfloor serve`', () => {
  it('shows the version and why updates are not managed here, with no update controls', async () => {
    const dirs = tempDirs('wf-about-serve-');
    const root = dirs.make();
    const config = join(root, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { enabled: false }, detection: { kindDefaults: false }, devices: pressureFleet(1) }),
    );
    const served = await startServeProcess(['--data', join(root, 'data'), '--config', config]);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const errors: string[] = [];
      collectPageErrors(page, errors);
      await page.goto(`${served.url}/#settings/about`);
      const reason = page.locator('[data-testid="about-unmanaged"]');
      await reason.waitFor({ timeout: 15_000 });
      expect(await reason.innerText()).toMatch(/runs as a server \(watchfloor serve\)/);
      expect(await page.locator('[data-testid="about-version"]').innerText()).toMatch(/^\d+\.\d+\.\d+/);
      expect(await page.locator('[data-testid="about-check"], [data-testid="about-settings"]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      expect(await served.stop()).toBe(0);
      dirs.removeAll();
    }
  });
});
