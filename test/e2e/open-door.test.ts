// The open door, closed, in a real Chromium: a page of another origin (a second HTTP server on
// 127.0.0.1) tries to open the engine's WebSocket and to write to its REST API — both refused,
// and nothing is written; a DNS-rebinding name that resolves to the engine gets 403. An engine
// bound beyond loopback (it has users) refuses the control room's WebSocket until the browser
// signs in over /api/session, then runs the control room on the HttpOnly session cookie, which
// the page cannot read and which alone cannot write; Settings says why a stored password must be
// typed again once a source or the mail server points elsewhere. Screenshots of the new screens at
// three sizes go to test-results/.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalKey } from '../../src/main/server/access/secret-files';
import { launchChromium } from '../support/browser';
import { openWebSocket, wsRequest } from '../support/raw-http';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const SIZES = [
  { name: '1920', width: 1920, height: 1080 },
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844 },
];

async function screenshots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join('test-results', `${name}-${size.name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/** The attacker's page: tries the engine's WebSocket, a cross-site write and a read, and reports. */
function attackerPage(engineUrl: string): string {
  return `<!doctype html><title>Totally unrelated site</title><script>
  window.results = {};
  const engine = ${JSON.stringify(engineUrl)};
  const ws = new WebSocket(engine.replace('http', 'ws') + '/ws');
  ws.onopen = () => {
    window.results.ws = 'open';
    ws.send(JSON.stringify({ t: 'req', id: 1, method: 'admin.backup', params: { dir: '/tmp/stolen' } }));
  };
  ws.onclose = (e) => { window.results.ws ??= 'closed ' + e.code; };
  fetch(engine + '/api/import/upload?name=planted.csv', {
    method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: 'deviceId,value\\nx,1\\n',
  }).then(() => { window.results.upload = 'sent'; }, (e) => { window.results.upload = 'error ' + e; });
  fetch(engine + '/api/devices').then((r) => r.text()).then(
    (t) => { window.results.read = t; }, () => { window.results.read = 'error'; });
  </script>`;
}

describe('another site’s page and a rebinding name', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let attacker: Server;
  let attackerUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = makeTempDir();
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--no-simulator']);
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackerPage(serve.url));
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await launchChromium([`--host-resolver-rules=MAP rebind.test 127.0.0.1`]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => attacker?.close(r));
    await serve?.stop();
    dir?.remove();
  });

  it('refuses the WebSocket and the write of a page from another origin', async () => {
    const page = await browser.newPage();
    await page.goto(`${attackerUrl}/`);
    await expect
      .poll(() => page.evaluate<Record<string, string>>('window.results'), {
        timeout: 10_000,
      })
      .toMatchObject({ ws: expect.stringMatching(/^closed/) as string, upload: 'sent', read: 'error' });
    const results = await page.evaluate<Record<string, string>>('window.results');
    expect(results.ws).not.toBe('open');
    // The no-cors POST did reach the engine, which refused it: nothing was stored.
    const imports = join(dir.path, 'data', 'imports');
    expect(existsSync(imports) ? readdirSync(imports) : []).toEqual([]);
    expect(existsSync('/tmp/stolen')).toBe(false);
    await expect
      .poll(() => serve.output())
      .toMatch(new RegExp(`refused a WebSocket from 127\\.0\\.0\\.1 \\(page ${attackerUrl.replace(/[.]/g, '\\.')}\\)`));
    expect(serve.output()).toContain(
      `refused POST /api/import/upload?name=planted.csv from 127.0.0.1 (page ${attackerUrl})`,
    );
    await page.close();
  });

  it('answers a DNS-rebinding name with 403, while its own address serves the control room', async () => {
    const page = await browser.newPage();
    const port = new URL(serve.url).port;
    const rebound = await page.goto(`http://rebind.test:${port}/`);
    expect(rebound?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('does not answer to the host name');
    const own = await page.goto(`${serve.url}/`);
    expect(own?.status()).toBe(200);
    await page.locator('.app-header').waitFor();
    await page.close();
  });
});

const PASSWORD = 'an engineer at the plant';

/** Users made as the engine's own user would (the local key): what `watchfloor users add` does. */
async function addUsers(url: string, dataDir: string, users: { name: string; role: string }[]): Promise<void> {
  const key = readLocalKey(dataDir)!.toString('hex');
  const opened = await openWebSocket(`${url.replace('http', 'ws')}/ws`, { 'x-watchfloor-local-key': key });
  if (!('ws' in opened)) throw new Error(`the local key did not open the WebSocket: ${opened.refused.body}`);
  let id = 0;
  for (const user of users) {
    const answer = await wsRequest(opened.ws, ++id, 'users.create', { ...user, password: PASSWORD });
    if (!answer.ok) throw new Error(`users.create ${user.name}: ${JSON.stringify(answer.error)}`);
  }
  opened.ws.close();
}

describe('an engine reachable from the network', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = makeTempDir();
    const dataDir = join(dir.path, 'data');
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({
        simulator: { seed: 3 },
        broker: { port: 0 },
        sources: {
          mqtt: [
            {},
            {
              id: 'plant',
              enabled: false,
              url: 'mqtts://broker.plant.example:8883',
              username: 'watchfloor',
              password: 'stored-broker-secret',
              topics: ['plant/#'],
            },
          ],
        },
        notifications: {
          smtp: {
            host: 'mail.plant.example',
            user: 'wf',
            password: 'stored-mail-secret',
            from: 'wf@plant.example',
            to: ['a@plant.example'],
          },
        },
      }),
    );
    // Users first (on loopback): beyond loopback serve refuses to start without them.
    const local = await startServeProcess(['--data', dataDir, '--config', config]);
    await addUsers(local.url, dataDir, [
      { name: 'erin', role: 'engineer' },
      { name: 'root', role: 'admin' },
    ]);
    await local.stop();
    serve = await startServeProcess(['--data', dataDir, '--config', config, '--host', '0.0.0.0']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('signs a browser in over /api/session and runs the control room on a cookie the page cannot read', async () => {
    // Not signed in: the engine says so, and refuses the control room's WebSocket.
    const before = await page.request.get(`${serve.url}/api/session`);
    expect((await before.json()).data).toMatchObject({ mode: 'users', user: null });
    expect((await page.request.get(`${serve.url}/api/devices`)).status()).toBe(401);

    const wrong = await page.request.post(`${serve.url}/api/session`, { data: { user: 'erin', password: 'not it' } });
    expect(wrong.status()).toBe(401);
    const signIn = await page.request.post(`${serve.url}/api/session`, { data: { user: 'erin', password: PASSWORD } });
    expect(signIn.status()).toBe(200);
    const token = ((await signIn.json()) as { data: { token: string } }).data.token;

    await page.goto(`${serve.url}/`);
    await page.locator('.app-header').waitFor();
    await expect.poll(() => page.locator('[data-testid="tile"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.evaluate<string>('document.cookie')).toBe('');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'watchfloor_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // From the page itself, a write with the cookie alone is refused; with the token in the header it goes.
    const writes = await page.evaluate(async (secret) => {
      const label = (headers: Record<string, string>) =>
        fetch('/api/annotations', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({
            deviceId: 'device-001',
            from: Date.now() - 60_000,
            to: Date.now(),
            verdict: 'unsure',
          }),
        }).then((r) => r.status);
      return { cookieOnly: await label({}), header: await label({ authorization: `Bearer ${secret}` }) };
    }, token);
    expect(writes).toEqual({ cookieOnly: 403, header: 201 });

    // Reloading stays signed in.
    await page.reload();
    await page.locator('.app-header').waitFor();
    await expect.poll(() => page.locator('[data-testid="tile"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('says at the field why a stored password must be typed again once the broker changes', async () => {
    await page.goto(`${serve.url}/#settings/sources`);
    await page.locator('[data-testid="edit-plant"]').click();
    const url = page.locator('[data-testid="mqtt-url"]');
    await url.fill('mqtts://collector.example:8883');
    const note = page.locator('[data-testid="mqtt-password-needed"]');
    await note.waitFor();
    expect(await note.textContent()).toContain(
      'the broker changed (mqtts://broker.plant.example:8883 → mqtts://collector.example:8883)',
    );
    await page.locator('[data-testid="mqtt-password"]').scrollIntoViewIfNeeded();
    await screenshots(page, 'sources-password-needed');
    // The engine says the same if asked anyway.
    await page.locator('[data-testid="source-test"]').click();
    await expect
      .poll(() => page.locator('[data-testid="error-source.password"]').textContent())
      .toContain('enter the password again');
    await screenshots(page, 'sources-password-refused');
    await url.fill('mqtts://broker.plant.example');
    expect(await note.count()).toBe(0);
  });

  it('says the same for the mail server’s password', async () => {
    await page.goto(`${serve.url}/#settings/notifications`);
    await page.locator('[data-testid="notify-smtp-host"]').fill('smtp.elsewhere.example');
    const note = page.locator('[data-testid="notify-smtp-password-needed"]');
    await note.waitFor();
    expect(await note.textContent()).toContain(
      'the mail server changed (mail.plant.example:587 → smtp.elsewhere.example:587)',
    );
    await page.locator('[data-testid="notify-smtp-password"]').scrollIntoViewIfNeeded();
    await screenshots(page, 'notifications-password-needed');
  });
});
