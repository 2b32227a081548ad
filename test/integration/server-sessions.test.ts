// Sessions over HTTP and WebSocket, as an administrator, a browser and a machine client meet them
// on a real `serve` with real users: serve refuses a non-loopback bind until users exist; every
// REST and WebSocket client then signs in (POST /api/session → an HttpOnly, SameSite=Strict cookie
// and the token once); a page of another origin is refused even when signed in; a cookie alone
// never writes; an operator of one area cannot acknowledge another area's alarm over REST, and the
// journal names the user; five failed sign-ins lock the account; a revoked, signed-out or expired
// session closes its WebSocket with 4401; the rate limits count a user on two addresses as one;
// ingest takes an API token with the ingest scope and refuses one without; TLS from PEM files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import { LOCAL_KEY_HEADER } from '../../src/main/server/access/access-gate';
import { readLocalKey } from '../../src/main/server/access/secret-files';
import { findRunningEngine, withEngine } from '../../src/main/server/commands/engine-access';
import { serve, type RunningServe } from '../../src/main/server/serve';
import type { ParamsIn, RequestName, ResultOf } from '../../src/shared/contract';
import type { Alarm, AlarmJournalEntry } from '../../src/shared/domain';
import type { SessionStatus } from '../../src/shared/session-state';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { invokeRequest } from '../../src/shared/rpc/server';
import { openWebSocket, rawRequest, wsRequest, type ClientOptions, type RawAnswer } from '../support/raw-http';
import { makeTempDir } from '../support/temp-dir';
import { makeSelfSigned } from '../support/self-signed';
import { waitFor } from '../support/wait';

const PASSWORD = 'correct horse battery';
const OVEN = 'Line 1 oven';
const PRESS = 'Line 1 press';
/** One device in each area, each with a limit a reading can cross. */
const DEVICES: ConfigPatch = {
  devices: [
    { id: 'oven-1', name: 'Oven', kind: 'oven', area: OVEN, signals: [{ key: 'temperature', limits: { hi: 100 } }] },
    { id: 'press-1', name: 'Press', kind: 'press', area: PRESS, signals: [{ key: 'pressure', limits: { hi: 10 } }] },
  ],
};

/** A self-signed certificate for 127.0.0.1 as `server.tls` names it: the two PEM files' paths. */
function serveCertificate(dir: string, name: string): { cert: string; key: string } {
  const made = makeSelfSigned(dir, name);
  return { cert: made.certFile, key: made.keyFile };
}

function config(dataDir: string, patch: ConfigPatch) {
  const base: ConfigPatch = {
    dataDir,
    server: { port: 0 },
    broker: { port: 0 },
    simulator: { enabled: false },
    detection: { kindDefaults: false }, // one reading past a limit raises an alarm here
  };
  return parseConfig(mergeConfig(base, patch));
}

function start(dataDir: string, patch: ConfigPatch = {}): Promise<RunningServe> {
  return serve({
    config: config(dataDir, patch),
    rendererDir: join(dataDir, '..', 'no-renderer'),
    version: 'test',
    log: (m) => {
      if (process.env.WATCHFLOOR_TEST_LOG) process.stderr.write(`[engine] ${m}\n`);
    },
  });
}

/** A call made by the engine's own process (as `watchfloor users add` does): the administrator's tools. */
function admin<K extends RequestName>(running: RunningServe, method: K, params: ParamsIn<K>): Promise<ResultOf<K>> {
  return invokeRequest(running.engine.handlers(), method, params, IN_PROCESS) as Promise<ResultOf<K>>;
}

async function addUser(
  running: RunningServe,
  name: string,
  role: 'viewer' | 'operator' | 'engineer' | 'admin',
  areas: string[] | null = null,
) {
  await admin(running, 'users.create', { name, role, areas, password: PASSWORD });
}

/** The REST envelope, read loosely: each test asserts the fields it cares about. */
const json = (answer: RawAnswer) => JSON.parse(answer.body);

interface SignedIn {
  token: string;
  cookie: string;
  setCookie: string;
  status: SessionStatus;
}

async function signIn(url: string, user: string, password = PASSWORD, client: ClientOptions = {}): Promise<SignedIn> {
  const res = await rawRequest(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
    ...client,
  });
  if (res.status !== 200) throw new Error(`sign-in of ${user}: ${res.status} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const body = json(res);
  return { token: body.data.token, cookie: setCookie.split(';')[0]!, setCookie, status: body.data.status };
}

const bearer = (s: SignedIn) => ({ authorization: `Bearer ${s.token}` });

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
}

async function openSigned(
  url: string,
  headers: Record<string, string>,
  client: ClientOptions = {},
): Promise<WebSocket> {
  const opened = await openWebSocket(`${url.replace(/^http/, 'ws')}/ws`, headers, client);
  if (!('ws' in opened)) throw new Error(`the WebSocket was refused: ${opened.refused.status} ${opened.refused.body}`);
  return opened.ws;
}

describe('an engine with users, served beyond loopback', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let running: RunningServe | undefined;
  let url: string;
  const alarmOf = (device: string) =>
    running!.engine.services.alarmStore.list({ limit: 100 }).find((a) => a.deviceId === device)!;

  async function post(deviceId: string, sensorType: string, value: number) {
    const res = await rawRequest(`${url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId, sensorType, value, timestamp: Date.now() }),
    });
    expect(res.status).toBe(202);
  }

  beforeAll(() => {
    dir = makeTempDir();
    dataDir = join(dir.path, 'data');
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('refuses a non-loopback bind until the engine has users, and stops the engine cleanly', async () => {
    const err = await start(dataDir, { server: { host: '0.0.0.0' } }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      'serving on 0.0.0.0 makes the engine reachable from other machines, so it needs users first: ' +
        `run \`watchfloor users add NAME --role admin --data ${dataDir}\``,
    );
    // It let go of the data directory: the same directory starts at once on loopback (open mode).
    const local = await start(dataDir);
    expect((await rawRequest(`${local.server.url}/api/devices`)).status).toBe(200);
    await addUser(local, 'root', 'admin');
    await addUser(local, 'ada', 'operator', [OVEN]);
    await addUser(local, 'vic', 'viewer');
    await addUser(local, 'eve', 'operator');
    await local.stop();

    running = await start(dataDir, { ...DEVICES, server: { host: '0.0.0.0' } });
    url = running.server.url;
    await post('oven-1', 'temperature', 150); // an alarm in the oven's area
    await post('press-1', 'pressure', 20); // an alarm in the press's area
    await waitFor(() => running!.engine.services.alarmStore.list({ limit: 100 }).length === 2, {
      what: 'two alarms',
    });
  });

  it('asks every REST and WebSocket client to sign in; health and the local command line need none', async () => {
    const none = await rawRequest(`${url}/api/devices`);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="watchfloor"');
    expect(json(none).error.message).toContain('sign in first');
    expect(
      (await rawRequest(`${url}/api/devices`, { headers: { authorization: 'Bearer not-a-session' } })).status,
    ).toBe(401);
    // Downloads and uploads are REST too.
    expect((await rawRequest(`${url}/api/exports/x.csv`)).status).toBe(401);
    const upload = await rawRequest(`${url}/api/import/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'a,b\n',
    });
    expect(upload.status).toBe(401);
    const ws = await openWebSocket(`${url.replace('http', 'ws')}/ws`);
    expect('refused' in ws && ws.refused.status).toBe(401);

    const status = json(await rawRequest(`${url}/api/session`));
    expect(status.data).toMatchObject({ mode: 'users', setup: 'none', user: null, session: null });
    expect((await rawRequest(`${url}/api/health`)).status).toBe(200);
    const key = readLocalKey(dataDir)!.toString('hex');
    expect((await rawRequest(`${url}/api/devices`, { headers: { [LOCAL_KEY_HEADER]: key } })).status).toBe(200);
  });

  it('signs in with a password: an HttpOnly, SameSite=Strict cookie, the token once, and a WebSocket that carries the session', async () => {
    const wrong = await rawRequest(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ada', password: 'not her password' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const ada = await signIn(url, 'ada');
    expect(ada.setCookie).toMatch(/^watchfloor_session=[A-Za-z0-9_-]+;/);
    expect(ada.setCookie).toContain('HttpOnly');
    expect(ada.setCookie).toContain('SameSite=Strict');
    expect(ada.setCookie).not.toContain('Secure'); // plain HTTP
    expect(ada.cookie).toBe(`watchfloor_session=${ada.token}`);
    expect(ada.status).toMatchObject({ mode: 'users', user: { name: 'ada', role: 'operator', areas: [OVEN] } });
    const maxAge = Number(/Max-Age=(\d+)/.exec(ada.setCookie)?.[1]);
    expect(maxAge).toBeGreaterThan(11 * 3600); // the session's 12 hours
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);

    expect(json(await rawRequest(`${url}/api/session`, { headers: { cookie: ada.cookie } })).data.user.name).toBe(
      'ada',
    );
    expect((await rawRequest(`${url}/api/devices`, { headers: { cookie: ada.cookie } })).status).toBe(200);
    expect((await rawRequest(`${url}/api/devices`, { headers: bearer(ada) })).status).toBe(200);

    const ws = await openSigned(url, { cookie: ada.cookie });
    const answer = await wsRequest(ws, 1, 'auth.status', {});
    expect(answer).toMatchObject({ ok: true, data: { user: { name: 'ada' } } });
    expect(await wsRequest(ws, 2, 'devices.list', {})).toMatchObject({ ok: true });
    ws.close();
  });

  it('refuses a page of another origin, signed in or not', async () => {
    const ada = await signIn(url, 'ada');
    const evil = 'http://evil.example';
    const ws = await openWebSocket(`${url.replace('http', 'ws')}/ws`, { cookie: ada.cookie, origin: evil });
    expect('refused' in ws && ws.refused.status).toBe(403);
    const alarm = alarmOf('oven-1');
    const write = await rawRequest(`${url}/api/alerts/${alarm.id}/acknowledge`, {
      method: 'PUT',
      headers: { ...bearer(ada), cookie: ada.cookie, origin: evil, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(write.status).toBe(403);
    expect(json(write).error.message).toContain('only the engine');
    expect((await rawRequest(`${url}/api/devices`, { headers: { cookie: ada.cookie, origin: evil } })).status).toBe(
      403,
    );
    expect(alarmOf('oven-1').state).toBe('unack_active');
  });

  it('takes a REST write only with the session token in the header, never with the cookie alone', async () => {
    const ada = await signIn(url, 'ada');
    const alarm = alarmOf('oven-1');
    const ack = (headers: Record<string, string>) =>
      rawRequest(`${url}/api/alerts/${alarm.id}/acknowledge`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'seen' }),
      });
    const cookieOnly = await ack({ cookie: ada.cookie, origin: url });
    expect(cookieOnly.status).toBe(403);
    expect(json(cookieOnly).error).toMatchObject({ code: 'FORBIDDEN' });
    expect(json(cookieOnly).error.message).toContain('send the session token in the Authorization header');
    expect(alarmOf('oven-1').state).toBe('unack_active');

    const withHeader = await ack({ ...bearer(ada), cookie: ada.cookie, origin: url });
    expect(withHeader.status).toBe(200);
    expect(json(withHeader).data.state).toBe('ack_active');
  });

  it('keeps an operator to the areas of their alarms over REST, and the journal names the user', async () => {
    const ada = await signIn(url, 'ada');
    const press = alarmOf('press-1');
    const refused = await rawRequest(`${url}/api/alerts/${press.id}/acknowledge`, {
      method: 'PUT',
      headers: { ...bearer(ada), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expect(json(refused).error.code).toBe('FORBIDDEN');
    expect(json(refused).error.message).toContain(PRESS);
    expect(alarmOf('press-1').state).toBe('unack_active');

    const vic = await signIn(url, 'vic');
    const viewer = await rawRequest(`${url}/api/alerts/${press.id}/acknowledge`, {
      method: 'PUT',
      headers: { ...bearer(vic), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(viewer.status).toBe(403);
    expect(json(viewer).error.details).toMatchObject({ required: 'operator', role: 'viewer' });
    // A viewer still reads it, with its journal and the assistant's report.
    expect((await rawRequest(`${url}/api/alerts?status=open`, { headers: bearer(vic) })).status).toBe(200);
    const seen = await rawRequest(`${url}/api/alerts/${press.id}`, { headers: bearer(vic) });
    expect(seen.status).toBe(200);
    expect(json(seen).data).toMatchObject({ deviceId: 'press-1', journal: expect.any(Array) });
    expect(json(seen).meta).toHaveProperty('report');

    const oven = alarmOf('oven-1');
    const detail = json(await rawRequest(`${url}/api/alerts/${oven.id}`, { headers: bearer(ada) }));
    const acks = (detail.data.journal as AlarmJournalEntry[]).filter((e) => e.to === 'ack_active');
    expect(acks.map((e) => e.by)).toEqual(['ada']);
    expect((detail.data as Alarm).deviceId).toBe('oven-1');
  });

  it('locks an account after five failed sign-ins over REST, whatever the password then', async () => {
    const attempt = (password: string) =>
      rawRequest(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'eve', password }),
        localAddress: '127.0.0.4',
      });
    for (let i = 0; i < 5; i++) expect((await attempt('guess number ' + i)).status).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(401);
    expect(json(locked).error.message).toMatch(/locked/i);
    expect(locked.headers['set-cookie']).toBeUndefined();
  });

  it('closes the WebSocket with 4401 when its session is signed out or revoked or its user disabled, and refuses its token after', async () => {
    const ada = await signIn(url, 'ada');
    const ws = await openSigned(url, bearer(ada));
    const closed = closeOf(ws);
    const out = await rawRequest(`${url}/api/session`, { method: 'DELETE', headers: bearer(ada) });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect(json(out).data.user).toBeNull();
    expect(await closed).toEqual({ code: 4401, reason: 'signed out: sign in again' });
    expect((await rawRequest(`${url}/api/devices`, { headers: bearer(ada) })).status).toBe(401);

    const again = await signIn(url, 'ada');
    const ws2 = await openSigned(url, { cookie: again.cookie });
    const closed2 = closeOf(ws2);
    await admin(running!, 'sessions.revoke', { id: again.status.session!.id });
    expect((await closed2).code).toBe(4401);
    expect((await rawRequest(`${url}/api/devices`, { headers: { cookie: again.cookie } })).status).toBe(401);

    // An administrator disables the user: every socket of theirs closes.
    const third = await signIn(url, 'ada');
    const ws3 = await openSigned(url, bearer(third));
    const closed3 = closeOf(ws3);
    await admin(running!, 'users.update', { name: 'ada', disabled: true });
    expect((await closed3).code).toBe(4401);
    expect((await rawRequest(`${url}/api/devices`, { headers: bearer(third) })).status).toBe(401);
  });

  it('takes readings with an API token of the ingest scope, and refuses one of the api scope', async () => {
    const ingest = await admin(running!, 'tokens.create', { name: 'gateway', user: 'root', scopes: ['ingest'] });
    const api = await admin(running!, 'tokens.create', { name: 'reporting', user: 'vic', scopes: ['api'] });
    const postWith = (token: string) =>
      rawRequest(`${url}/ingest/realtime`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ deviceId: 'device-003', sensorType: 'vibration', value: 12, timestamp: Date.now() }),
      });
    expect((await postWith(ingest.token)).status).toBe(202);
    const refused = await postWith(api.token);
    expect(refused.status).toBe(401);
    expect(json(refused).error.message).toContain('ingest scope');
    // The api token is a REST credential, acting as its user.
    const asVic = await rawRequest(`${url}/api/devices`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(asVic.status).toBe(200);
    const revoked = await admin(running!, 'tokens.revoke', { id: ingest.view.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await postWith(ingest.token)).status).toBe(401);
  });
});

describe('session expiry and per-user rate limits', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let url: string;

  beforeAll(async () => {
    dir = makeTempDir();
    const dataDir = join(dir.path, 'data');
    // Sessions of 9 seconds; 10 REST reads and 5 writes (sign-ins among them) a minute per address and per user.
    running = await start(dataDir, {
      security: { sessionHours: 9 / 3600 },
      server: { rateLimits: { restReadsPerMinute: 10, restWritesPerMinute: 5 } },
    });
    url = running.server.url;
    await addUser(running, 'ada', 'operator');
    await addUser(running, 'bob', 'viewer');
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('limits a user on two machines as one, and each address apart', async () => {
    const ada = await signIn(url, 'ada');
    const read = (localAddress: string, who = ada) =>
      rawRequest(`${url}/api/devices`, { headers: bearer(who), localAddress });
    for (let i = 0; i < 6; i++) expect((await read('127.0.0.1')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await read('127.0.0.2')).status).toBe(200);
    // 127.0.0.2 has made 4 of its 10: the refusal is ada's.
    const over = await read('127.0.0.2');
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    expect(json(over).error.message).toContain('from user ada');
    const bob = await signIn(url, 'bob');
    expect((await read('127.0.0.2', bob)).status).toBe(200);
  });

  it('counts sign-in attempts against the REST write limit of their address', async () => {
    const attempt = () =>
      rawRequest(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'nobody', password: 'a guess' }),
        localAddress: '127.0.0.5',
      });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('ends a session when it expires: its WebSocket closes with 4401 and its token is refused', async () => {
    const bob = await signIn(url, 'bob', PASSWORD, { localAddress: '127.0.0.3' });
    const ws = await openSigned(url, bearer(bob), { localAddress: '127.0.0.3' });
    expect(await wsRequest(ws, 1, 'devices.list', {})).toMatchObject({ ok: true });
    const closed = await closeOf(ws);
    expect(closed.code).toBe(4401);
    expect(Date.now()).toBeGreaterThanOrEqual(bob.status.session!.expiresAt);
    const after = await rawRequest(`${url}/api/devices`, { headers: bearer(bob), localAddress: '127.0.0.3' });
    expect(after.status).toBe(401);
    expect(
      json(await rawRequest(`${url}/api/session`, { headers: bearer(bob), localAddress: '127.0.0.3' })).data.user,
    ).toBeNull();
  }, 30_000);
});

describe('TLS from PEM files', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe | undefined;
  let cert: { cert: string; key: string };

  beforeAll(() => {
    dir = makeTempDir();
    cert = serveCertificate(dir.path, 'serve');
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('refuses to start, naming the file, when a certificate or key is missing, not PEM, or not a pair', async () => {
    const dataDir = join(dir.path, 'refused');
    const refusal = async (tls: { cert: string; key: string }) =>
      ((await start(dataDir, { server: { tls } }).catch((e: unknown) => e)) as Error).message;
    expect(await refusal({ cert: join(dir.path, 'missing.pem'), key: cert.key })).toBe(
      `server.tls.cert: cannot read ${join(dir.path, 'missing.pem')}: there is no such file`,
    );
    const garbage = join(dir.path, 'garbage.pem');
    writeFileSync(garbage, 'this is not a certificate\n');
    expect(await refusal({ cert: garbage, key: cert.key })).toBe(
      `server.tls.cert: ${garbage} holds no PEM certificate`,
    );
    const other = serveCertificate(dir.path, 'other');
    expect(await refusal({ cert: cert.cert, key: other.key })).toContain(
      `server.tls: the certificate ${cert.cert} and the key ${other.key} cannot be used`,
    );
  });

  it('serves HTTPS and WSS on one port to a client that trusts the certificate, with a Secure cookie', async () => {
    running = await start(join(dir.path, 'data'), { server: { tls: cert } });
    const url = running.server.url;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = { ca: readFileSync(cert.cert) };
    // Open mode (no users yet, loopback): REST and the WebSocket over TLS.
    expect((await rawRequest(`${url}/api/devices`, ca)).status).toBe(200);
    const ws = await openSigned(url, {}, ca);
    expect(await wsRequest(ws, 1, 'devices.list', {})).toMatchObject({ ok: true });
    ws.close();
    // A client that does not trust it gets nowhere.
    await expect(rawRequest(`${url}/api/devices`)).rejects.toThrow(/self[- ]signed/i);

    await addUser(running, 'ada', 'operator');
    const ada = await signIn(url, 'ada', PASSWORD, ca);
    expect(ada.setCookie).toContain('; Secure');
    const wss = await openSigned(url, { cookie: ada.cookie }, ca);
    expect(await wsRequest(wss, 1, 'auth.status', {})).toMatchObject({ ok: true, data: { user: { name: 'ada' } } });
    wss.close();
  });

  it('lets the command line on its machine find it and call it over TLS, trusting only its certificate', async () => {
    const port = running!.server.port;
    const same = config(join(dir.path, 'data'), { server: { port, tls: cert } });
    expect((await findRunningEngine(same))?.url).toBe(running!.server.url);
    const status = { progress: () => {}, log: () => {}, clear: () => {} };
    const devices = await withEngine(same, { version: 'test', status }, async (engine) => {
      expect(engine.location).toBe('remote');
      return engine.request('devices.list', {});
    });
    expect(Array.isArray(devices)).toBe(true);
    // Another certificate in the configuration: the engine is not recognised as this one.
    const other = serveCertificate(dir.path, 'impostor');
    expect(await findRunningEngine(config(join(dir.path, 'data'), { server: { port, tls: other } }))).toBeUndefined();
  });
});
