// The access token, as an administrator and a remote client meet it: `serve` bound beyond
// loopback refuses to start without one; `watchfloor token create` prints it once and keeps only
// its hash; REST and WebSocket clients then need it (Bearer, or the browser's session cookie
// from /api/session), and a new token ends the sessions of the old one. The local command line
// still works against that engine through the data directory's local key, with any path, and
// health names the data directory only to callers on the engine's own machine.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { runCli } from '../support/cli-process';
import { openWebSocket, rawRequest, wsRequest } from '../support/raw-http';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

/** An address of this machine other than loopback, to call the engine as another machine would. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((nic) => nic && nic.family === 'IPv4' && !nic.internal)?.address;

describe('the access token', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let running: RunningServe | undefined;
  let url: string;
  let token: string;

  const config = () =>
    parseConfig(
      mergeConfig(
        { dataDir },
        { server: { host: '0.0.0.0', port: 0 }, broker: { port: 0 }, simulator: { seed: 7, anomalyRate: 0 } },
      ),
    );

  beforeAll(() => {
    dir = makeTempDir();
    dataDir = join(dir.path, 'data');
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('keeps serve from starting on a non-loopback address until a token exists', async () => {
    const err = await serve({
      config: config(),
      rendererDir: join(dir.path, 'none'),
      version: 'test',
      log: () => {},
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('needs an access token');
    expect((err as Error).message).toContain(`watchfloor token create --data ${dataDir}`);
    // It refused before opening anything.
    expect(existsSync(join(dataDir, 'state.db'))).toBe(false);
  });

  it('prints a new token once and keeps only its hash, readable by the engine’s user alone', async () => {
    const created = await runCli(['token', 'create', '--data', dataDir]);
    expect(created.code).toBe(0);
    token = created.stdout.trim();
    expect(token).toMatch(/^wf_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown this once');
    const file = join(dataDir, 'access-token.json');
    expect(readFileSync(file, 'utf8')).not.toContain(token.slice(3));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await runCli(['token', 'status', '--data', dataDir])).stdout).toContain('has an access token');
  });

  it('then serves, and asks REST and WebSocket clients for the token', async () => {
    running = await serve({ config: config(), rendererDir: join(dir.path, 'none'), version: 'test', log: () => {} });
    url = running.server.url;
    const api = `${url}/api/devices`;

    const none = await rawRequest(api);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="watchfloor"');
    expect(JSON.parse(none.body).error.code).toBe('UNAUTHORIZED');
    expect((await rawRequest(api, { headers: { authorization: 'Bearer wf_wrong' } })).status).toBe(401);
    expect((await rawRequest(api, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // Downloads and uploads are REST too.
    expect((await rawRequest(`${url}/api/exports/x.csv`)).status).toBe(401);
    const upload = await rawRequest(`${url}/api/import/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'a,b\n',
    });
    expect(upload.status).toBe(401);

    const wsUrl = `${url.replace('http', 'ws')}/ws`;
    const refused = await openWebSocket(wsUrl);
    expect('refused' in refused && refused.refused.status).toBe(401);
    const allowed = await openWebSocket(wsUrl, { authorization: `Bearer ${token}` });
    if (!('ws' in allowed)) throw new Error('the token did not open the WebSocket');
    expect(await wsRequest(allowed.ws, 1, 'devices.list', {})).toMatchObject({ ok: true });
    allowed.ws.close();

    // Health stays open for monitoring.
    expect((await rawRequest(`${url}/api/health`)).status).toBe(200);
  });

  it('trades the token for an HttpOnly, SameSite=Strict session cookie that the WebSocket accepts', async () => {
    const state = JSON.parse((await rawRequest(`${url}/api/session`)).body);
    expect(state.data).toEqual({ tokenRequired: true, authenticated: false });
    const wrong = await rawRequest(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'wf_guess' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const signIn = await rawRequest(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(signIn.status).toBe(200);
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/^watchfloor_session=[A-Za-z0-9_-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain(token);
    const cookie = setCookie.split(';')[0]!;

    expect((await rawRequest(`${url}/api/devices`, { headers: { cookie } })).status).toBe(200);
    expect(JSON.parse((await rawRequest(`${url}/api/session`, { headers: { cookie } })).body).data.authenticated).toBe(
      true,
    );
    const ws = await openWebSocket(`${url.replace('http', 'ws')}/ws`, { cookie });
    if (!('ws' in ws)) throw new Error('the session cookie did not open the WebSocket');
    const closed = new Promise<number>((resolve) => ws.ws.once('close', (code) => resolve(code)));

    // A new token signs everyone out: the old cookie is refused and the open WebSocket ends.
    const rotated = await runCli(['token', 'create', '--data', dataDir]);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout.trim()).not.toBe(token);
    expect(await closed).toBe(4401);
    await waitFor(async () => (await rawRequest(`${url}/api/devices`, { headers: { cookie } })).status === 401, {
      what: 'the old cookie refused',
    });
    expect((await rawRequest(`${url}/api/devices`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );
    token = rotated.stdout.trim();
    expect((await rawRequest(`${url}/api/devices`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
  });

  it('still lets the local command line back up to any folder, through the data directory’s local key', async () => {
    const target = join(dir.path, 'backups', 'nightly');
    const port = new URL(url).port;
    const backup = await runCli(['backup', target, '--data', dataDir, '--host', '0.0.0.0', '--port', port]);
    expect(backup.stderr).toContain(`using the engine running at`);
    expect(backup.code).toBe(0);
    expect(existsSync(join(target, 'state.db'))).toBe(true);
    expect(statSync(join(dataDir, 'local-access.key')).mode & 0o777).toBe(0o600);
  });

  it('names the data directory in health to callers on its machine only', async () => {
    const local = JSON.parse((await rawRequest(`${url}/api/health`)).body);
    expect(local.dataDir).toBe(dataDir);
    if (!lanAddress) {
      console.warn('no non-loopback IPv4 address on this machine: the remote half of this test is not run');
      return;
    }
    const port = new URL(url).port;
    const remote = JSON.parse((await rawRequest(`http://${lanAddress}:${port}/api/health`)).body);
    expect(remote.status).toBeDefined();
    expect(remote).not.toHaveProperty('dataDir');
    expect(JSON.stringify(remote)).not.toContain(dataDir);
  });
});
