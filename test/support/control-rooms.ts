// Several control-room desktops on one central engine, as a plant runs them: the built
// `watchfloor serve` with users made by `watchfloor users add`, a fleet of pressure devices fed
// over the embedded MQTT broker, and one Chromium context per operator, each signed in with its
// own password over /api/session (the cookie the page's WebSocket then carries). Used by the
// multi-desktop end-to-end test and the `multi-desktop` benchmark.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import type { DeviceInput } from '../../src/shared/domain';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { collectPageErrors } from './browser';
import { runCli } from './cli-process';
import { startServeProcess, type ServeProcess } from './serve-process';

export const PASSWORD = 'control-room-password';

/** Device `press-NN`: one pressure signal, high limit 55 psi, in area "Line 1". */
export function pressureFleet(count: number): DeviceInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `press-${String(i + 1).padStart(2, '0')}`,
    name: `Press ${i + 1}`,
    kind: 'pressure',
    location: 'Line 1',
    area: 'Line 1',
    signals: [{ key: 'pressure', unit: 'psi', normal: [10, 50], limits: { lo: 5, hi: 55 }, intervalMs: 60_000 }],
  })) as DeviceInput[];
}

export interface SharedEngine {
  serve: ServeProcess;
  /** A Node client signed in as `admin`, to read what the engine holds. */
  engine: ContractClient;
  publish(deviceId: string, value: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSharedEngine(
  dataRoot: string,
  devices: number,
  users: readonly { name: string; role: string }[],
): Promise<SharedEngine> {
  const data = join(dataRoot, 'data');
  const config = join(dataRoot, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({
      simulator: { enabled: false },
      // One reading past a limit raises an alarm, and a trend heading for a limit raises its alert (the status tests).
      detection: { kindDefaults: false, trend: { alarms: true } },
      devices: pressureFleet(devices),
    }),
  );
  for (const u of [{ name: 'admin', role: 'admin' }, ...users]) {
    const added = await runCli(['users', 'add', u.name, '--role', u.role, '--data', data, '--config', config], {
      input: `${PASSWORD}\n`,
    });
    if (added.code !== 0) throw new Error(`users add ${u.name}: ${added.stderr}`);
  }
  const serve = await startServeProcess(['--data', data, '--config', config]);
  const token = await signInToken(serve.url, 'admin');
  class SignedInSocket extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { authorization: `Bearer ${token}` } });
    }
  }
  const channel = createWebSocketChannel(`${serve.url.replace(/^http/, 'ws')}/ws`, {
    WebSocketImpl: SignedInSocket as unknown as WebSocketConstructor,
  });
  await channel.opened;
  const engine = createClient(channel);
  const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
  const publisher = await mqtt.connectAsync(health.broker.url);
  return {
    serve,
    engine,
    async publish(deviceId, value) {
      await publisher.publishAsync(
        `watchfloor/devices/${deviceId}/telemetry`,
        JSON.stringify({ deviceId, timestamp: Date.now(), sensorType: 'pressure', value }),
        { qos: 1 },
      );
    },
    async close() {
      channel.close();
      await publisher.endAsync();
    },
  };
}

/** Signs in over REST and returns the session secret. */
export async function signInToken(url: string, user: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password: PASSWORD }),
  });
  const body = (await res.json()) as { data?: { token?: string } };
  if (!res.ok || !body.data?.token) throw new Error(`sign-in of ${user} failed: HTTP ${res.status}`);
  return body.data.token;
}

export interface Desk {
  user: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * One operator's desktop: a browser context signed in as `user` at `url` (the engine, or a proxy
 * in front of it), on the Alarms view.
 */
export async function openDesk(browser: Browser, url: string, user: string): Promise<Desk> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const signed = await context.request.post(`${url}/api/session`, { data: { user, password: PASSWORD } });
  if (!signed.ok()) throw new Error(`sign-in of ${user} in the browser failed: HTTP ${signed.status()}`);
  const page = await context.newPage();
  const errors: string[] = [];
  collectPageErrors(page, errors);
  await page.goto(`${url}/#alarms`);
  await page.locator('[data-testid="alarms-view"]').waitFor();
  return { user, context, page, errors };
}

export const alarmRow = (page: Page, alarmId: number) =>
  page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);

/** Acknowledges an alarm from this desk's Alarms view (button, comment, confirm). */
export async function acknowledgeInPage(desk: Desk, alarmId: number, comment: string): Promise<void> {
  await alarmRow(desk.page, alarmId).locator('[data-testid="alarm-ack"]').click();
  await desk.page.locator('[data-testid="ack-comment"]').fill(comment);
  await desk.page.locator('[data-testid="ack-confirm"]').click();
}

/**
 * Resolves with the page's clock (epoch ms) when the alarm's row says it was acknowledged by
 * `by`: a MutationObserver in the page, so the moment is the DOM change, not a poll.
 */
export function watchAcknowledged(page: Page, alarmId: number, by: string, timeoutMs = 10_000): Promise<number> {
  // A string, so that the page's DOM types stay out of the Node test's compilation.
  return page.evaluate(`new Promise((resolve, reject) => {
    const seen = () => {
      const info = document.querySelector('[data-testid="alarm-row"][data-alarm-id="${alarmId}"] [data-testid="alarm-ack-info"]');
      return (info?.textContent ?? '').includes(${JSON.stringify(`Acknowledged by ${by}`)});
    };
    if (seen()) return resolve(Date.now());
    const observer = new MutationObserver(() => {
      if (!seen()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(Date.now());
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('alarm ${alarmId} was not shown acknowledged by ${by} within ${timeoutMs} ms'));
    }, ${timeoutMs});
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  })`);
}

/** The alarm id of a device's open alarm, once the engine has raised it. */
export async function waitForAlarm(engine: ContractClient, deviceId: string, timeoutMs = 10_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await engine.request('alarms.list', { devices: [deviceId] });
    if (open[0]) return open[0].id;
    if (Date.now() > until) throw new Error(`no alarm for ${deviceId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The queue as a page shows it: alarm id → state, sorted by id. */
export async function queueInPage(page: Page): Promise<string[]> {
  const rows = await page
    .locator('[data-testid="alarm-row"]')
    .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-alarm-id')}:${el.getAttribute('data-state')}`));
  return rows.sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]));
}

/** The queue as the engine holds it, in the same form. */
export async function queueInEngine(engine: ContractClient): Promise<string[]> {
  const open = await engine.request('alarms.list', { limit: 5000 });
  return open.map((a) => `${a.id}:${a.state}`).sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]));
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
