// Users in the browser, against a fresh `watchfloor serve`: the setup link the console printed
// opens "Create the administrator" with its token filled in; the administrator adds an operator
// and a viewer in Settings → Users; other browser contexts sign in as them (a wrong password is
// told as such); the viewer sees Acknowledge disabled with the reason; the operator's
// acknowledgement is recorded under their name on the administrator's screen; a locked screen
// keeps showing and sounding new alarms but takes no input until it is unlocked.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/shared/domain';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const ADMIN_PASSWORD = 'correct horse battery';
const PASSWORD = 'operator password 1';
const NEW_ADMIN_PASSWORD = 'a new admin password';

describe('signing in, roles and the lock screen', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let admin: Page;
  let operator: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

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

  /** A browser of its own (no shared cookie), signed in as `user`. */
  async function signedIn(user: string, password = PASSWORD): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    collectPageErrors(page, pageErrors);
    await page.goto(`${serve.url}/#alarms`);
    await page.locator('[data-testid="sign-in"]').waitFor({ timeout: 15_000 });
    await page.fill('[data-testid="sign-in-user"]', user);
    await page.fill('[data-testid="sign-in-password"]', password);
    await page.click('[data-testid="sign-in-submit"]');
    await page.locator('[data-testid="alarms-view"]').waitFor({ timeout: 15_000 });
    return page;
  }

  const row = (page: Page, deviceId: string) => page.locator(`[data-testid="alarm-row"][data-device-id="${deviceId}"]`);

  beforeAll(async () => {
    dir = makeTempDir();
    const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
      devices: DeviceInput[];
    };
    // A critical (hiHi) limit on the oven: its alarm sounds.
    defaults.devices.find((d) => d.id === 'device-001')!.signals![0]!.limits = { lo: 15, hi: 85, hiHi: 95 };
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { anomalyRate: 0 }, detection: { kindDefaults: false }, devices: defaults.devices }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('creates the administrator from the setup link the console printed, and is signed in as them', async () => {
    const link = /(http:\/\/\S+\/#setup\/\S+)/.exec(serve.output())?.[1];
    expect(link, serve.output()).toBeDefined();
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    contexts.push(context);
    admin = await context.newPage();
    collectPageErrors(admin, pageErrors);
    await admin.goto(link!);
    await admin.locator('[data-testid="setup"]').waitFor({ timeout: 15_000 });
    // The token came with the link, and left the address bar.
    expect(await admin.inputValue('[data-testid="setup-token"]')).toBe(link!.split('#setup/')[1]);
    expect(admin.url()).not.toContain('#setup/');
    await admin.fill('[data-testid="setup-display"]', 'Ada Admin');
    await admin.fill('[data-testid="setup-password"]', ADMIN_PASSWORD);
    await admin.fill('[data-testid="setup-repeat"]', 'not the same');
    await admin.click('[data-testid="setup-submit"]');
    expect(await admin.locator('[data-testid="setup-error-repeat"]').textContent()).toContain('differ');
    await admin.fill('[data-testid="setup-repeat"]', ADMIN_PASSWORD);
    await admin.click('[data-testid="setup-submit"]');
    await admin.locator('[data-testid="tile"]').first().waitFor({ timeout: 15_000 });
    expect(await admin.locator('[data-testid="header-user"]').textContent()).toBe('Ada Admin');
    expect(await admin.locator('[data-testid="header-role"]').textContent()).toBe('admin');
  });

  it('the administrator adds an operator and a viewer in Settings → Users', async () => {
    await admin.goto(`${serve.url}/#settings/users`);
    await admin.locator('[data-testid="users-table"]').waitFor({ timeout: 15_000 });
    for (const [name, role] of [
      ['olga', 'operator'],
      ['victor', 'viewer'],
    ] as const) {
      await admin.click('[data-testid="user-add"]');
      const form = admin.locator('[data-testid="user-new"]');
      await form.locator('[data-testid="user-name"]').fill(name);
      await form.locator('[data-testid="user-role"]').selectOption(role);
      await form.locator('[data-testid="user-password"]').fill(PASSWORD);
      await form.locator('[data-testid="user-repeat"]').fill(PASSWORD);
      await admin.click('[data-testid="user-new-submit"]');
      const created = admin.locator(`[data-testid="user-row"][data-user="${name}"]`);
      await created.waitFor();
      expect(await created.locator('[data-testid="user-row-role"]').textContent()).toBe(role);
    }
    // The engine's refusal is shown at the form: a name that exists already.
    await admin.click('[data-testid="user-add"]');
    const again = admin.locator('[data-testid="user-new"]');
    await again.locator('[data-testid="user-name"]').fill('olga');
    await again.locator('[data-testid="user-password"]').fill(PASSWORD);
    await again.locator('[data-testid="user-repeat"]').fill(PASSWORD);
    await admin.click('[data-testid="user-new-submit"]');
    await expect
      .poll(() => admin.locator('[data-testid="user-new-problem"]').textContent(), { timeout: 5000 })
      .toMatch(/olga/);
  });

  it('a wrong password is refused in words; the operator then signs in', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.locator('[data-testid="sign-in"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="auth-engine"]').textContent()).toMatch(/Engine .+ · Watchfloor \d/);
    await page.fill('[data-testid="sign-in-user"]', 'olga');
    await page.fill('[data-testid="sign-in-password"]', 'not her password');
    await page.click('[data-testid="sign-in-submit"]');
    const problem = page.locator('[data-testid="sign-in-problem"]');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/password/i);
    // Nothing of the control room was shown meanwhile.
    expect(await page.locator('[data-testid="tile"]').count()).toBe(0);
    await context.close();
  });

  it('the viewer sees Acknowledge disabled with why; the operator acknowledges, under her own name', async () => {
    const viewer = await signedIn('victor');
    operator = await signedIn('olga');
    expect(await operator.locator('[data-testid="header-role"]').textContent()).toBe('operator');
    await publish('device-003', 'vibration', 150); // > 120: high

    await row(viewer, 'device-003').waitFor({ timeout: 15_000 });
    const ack = row(viewer, 'device-003').locator('[data-testid="alarm-ack"]');
    expect(await ack.isDisabled()).toBe(true);
    expect(await ack.getAttribute('title')).toBe(
      'Your role (viewer) cannot acknowledge alarms: that needs an operator or above.',
    );
    // Nor does the A key open the form for them.
    await row(viewer, 'device-003').click();
    await viewer.keyboard.press('a');
    await viewer.waitForTimeout(300);
    expect(await viewer.locator('[data-testid="ack-form"]').count()).toBe(0);

    await row(operator, 'device-003').locator('[data-testid="alarm-ack"]').click();
    await operator.click('[data-testid="ack-confirm"]');
    // Whether it stays active or has returned and closed, the others see who acknowledged it.
    await admin.goto(`${serve.url}/#alarms`);
    await admin.locator('[data-testid="alarms-view"]').waitFor();
    const seen = row(admin, 'device-003');
    await expect
      .poll(
        async () =>
          (await seen.count()) === 0 ? 'closed' : await seen.locator('[data-testid="alarm-ack-info"]').textContent(),
        {
          timeout: 10_000,
        },
      )
      .toMatch(/^(closed|Acknowledged by olga)/);
  });

  it('a locked screen keeps showing new alarms, takes no input, and unlocks with the password', async () => {
    await admin.click('[data-testid="user-menu"]');
    await admin.click('[data-testid="menu-lock"]');
    const lock = admin.locator('[data-testid="lock-screen"]');
    await lock.waitFor();
    expect(await lock.textContent()).toContain('Locked by Ada Admin');

    const sound = admin.locator('[data-testid="alarm-sound"]');
    const beeps = Number(await sound.getAttribute('data-beeps'));
    await publish('device-002', 'pressure', 70); // > 55: raised while locked
    await publish('device-001', 'temperature', 99); // > 95: critical, raised while locked
    const pressure = row(admin, 'device-002');
    await pressure.waitFor({ timeout: 15_000 });
    expect(await pressure.getAttribute('data-state')).toMatch(/^unack_/);
    await row(admin, 'device-001').waitFor({ timeout: 15_000 });
    // The critical one sounds, locked or not.
    await expect.poll(() => sound.getAttribute('data-beeps').then(Number)).toBeGreaterThan(beeps);

    // The controls do not respond: a click on Acknowledge (through the banner's layer) and the keys.
    await pressure
      .locator('[data-testid="alarm-ack"]')
      .click({ force: true, timeout: 2000 })
      .catch(() => {});
    await admin.keyboard.press('a');
    await admin.keyboard.press('6');
    await admin.waitForTimeout(300);
    expect(await admin.locator('[data-testid="ack-form"]').count()).toBe(0);
    expect(await admin.locator('[data-testid="alarms-view"]').count()).toBe(1);
    expect(await admin.locator('.app').getAttribute('inert')).not.toBeNull();

    await admin.fill('[data-testid="unlock-password"]', 'wrong password');
    await admin.click('[data-testid="unlock-submit"]');
    await admin.locator('[data-testid="unlock-problem"]').waitFor();
    expect(await lock.count()).toBe(1);

    await admin.fill('[data-testid="unlock-password"]', ADMIN_PASSWORD);
    await admin.click('[data-testid="unlock-submit"]');
    await expect.poll(() => lock.count()).toBe(0);
    await pressure.locator('[data-testid="alarm-ack"]').click();
    await admin.locator('[data-testid="ack-form"]').waitFor();
  });

  it('an administrator revokes the operator’s session: her page returns to signing in, and says why', async () => {
    await admin.goto(`${serve.url}/#settings/users`);
    const session = admin.locator('[data-testid="session-row"][data-user="olga"]');
    await session.waitFor({ timeout: 15_000 });
    await session.locator('[data-testid="session-revoke"]').click();
    await operator.locator('[data-testid="sign-in"]').waitFor({ timeout: 10_000 });
    expect(await operator.locator('[data-testid="sign-in-notice"]').textContent()).toMatch(/session has ended/);
    // Nothing of the control room stays on her screen.
    expect(await operator.locator('[data-testid="alarms-view"]').count()).toBe(0);
    await expect.poll(() => session.count()).toBe(0);
  });

  it('changes her password; signing out returns to the sign-in screen, and signing in again to the same view', async () => {
    await admin.goto(`${serve.url}/#settings/users`);
    await admin.locator('[data-testid="users-table"]').waitFor();
    await admin.click('[data-testid="user-menu"]');
    await admin.click('[data-testid="menu-password"]');
    await admin.fill('[data-testid="password-current"]', 'not my password');
    await admin.fill('[data-testid="password-next"]', NEW_ADMIN_PASSWORD);
    await admin.fill('[data-testid="password-repeat"]', NEW_ADMIN_PASSWORD);
    await admin.click('[data-testid="password-submit"]');
    await admin.locator('[data-testid="password-problem"]').waitFor();
    await admin.fill('[data-testid="password-current"]', ADMIN_PASSWORD);
    await admin.click('[data-testid="password-submit"]');
    await admin.locator('[data-testid="password-changed"]').waitFor();
    await admin.click('[data-testid="password-close"]');

    await admin.click('[data-testid="user-menu"]');
    await admin.click('[data-testid="menu-sign-out"]');
    await admin.locator('[data-testid="sign-in"]').waitFor();
    await admin.fill('[data-testid="sign-in-user"]', 'admin');
    await admin.fill('[data-testid="sign-in-password"]', NEW_ADMIN_PASSWORD);
    await admin.click('[data-testid="sign-in-submit"]');
    await admin.locator('[data-testid="users-table"]').waitFor({ timeout: 15_000 });
    expect(pageErrors.filter((e) => !/Failed to load resource|401|403/.test(e))).toEqual([]);
  });
});
