// The engine's front door against a real `serve`: every answer carries the security headers;
// a Host that is not the engine's own (DNS rebinding) and a page of another origin are refused
// at the WebSocket and at every write; malformed percent-encoding is the client's error (400),
// never a crash; calls over the per-client limits get 429 with Retry-After (RATE_LIMITED over the
// contract) while live streams keep flowing; uploads need the same access as other writes and
// stop at the configured size.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { openWebSocket, rawRequest, wsRequest, type RawAnswer } from '../support/raw-http';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function expectSecurityHeaders(answer: RawAnswer, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    expect(answer.headers[name], `${what}: ${name}`).toBe(value);
}

async function startServe(dir: string, patch: ConfigPatch, logs: string[] = []): Promise<RunningServe> {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const base: ConfigPatch = {
    dataDir: join(dir, 'data'),
    server: { port: 0 },
    broker: { port: 0 },
    simulator: { seed: 42 },
  };
  return serve({
    config: parseConfig(mergeConfig(base, patch)),
    rendererDir,
    version: 'test',
    log: (m) => logs.push(m),
  });
}

describe('the front door', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let url: string;
  let port: string;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    running = await startServe(
      dir.path,
      { server: { allowedHosts: ['wall.plant.example'], maxUploadBytes: 64 } },
      logs,
    );
    url = running.server.url;
    port = new URL(url).port;
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('puts the security headers on every answer: app, REST, health, ingest, errors, refusals', async () => {
    const answers: [string, RawAnswer][] = [
      ['app', await rawRequest(`${url}/`)],
      ['asset', await rawRequest(`${url}/assets/app.js`)],
      ['REST', await rawRequest(`${url}/api/devices`)],
      ['health', await rawRequest(`${url}/api/health`)],
      ['session', await rawRequest(`${url}/api/session`)],
      ['REST 404', await rawRequest(`${url}/api/nope`)],
      ['app 404', await rawRequest(`${url}/assets/missing.js`)],
      ['ingest refusal', await rawRequest(`${url}/ingest/batch`, { method: 'POST', body: 'x' })],
      ['bad URL', await rawRequest(url, { path: '/%zz' })],
      ['wrong host', await rawRequest(`${url}/api/devices`, { headers: { host: `evil.example:${port}` } })],
    ];
    for (const [what, answer] of answers) expectSecurityHeaders(answer, what);
    const ws = await openWebSocket(`${url.replace('http', 'ws')}/ws`, { origin: 'http://evil.example' });
    expect('refused' in ws && ws.refused.status).toBe(403);
    if ('refused' in ws) expectSecurityHeaders(ws.refused, 'refused WebSocket');
  });

  it('answers malformed percent-encoding with 400, wherever it is', async () => {
    for (const path of [
      '/%zz',
      '/assets/%E0%A4%A',
      '/%',
      '/api/devices/%zz',
      '/api/devices?signal=%zz',
      '/api/exports/%c0%af',
      '/ingest/batch?%zz',
      '/api/health?x=%',
      '/a%00b',
    ]) {
      const res = await rawRequest(url, { path, method: path.startsWith('/ingest') ? 'POST' : 'GET' });
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body).error.code, path).toBe('BAD_REQUEST');
    }
    const ws = await openWebSocket(`${url.replace('http', 'ws')}/ws?x=%zz`);
    expect('refused' in ws && ws.refused.status).toBe(400);
    // Nothing of that was an engine fault.
    expect(logs.filter((l) => /failed/.test(l))).toEqual([]);
  });

  it('refuses a Host that is not the engine’s own (DNS rebinding), for the app, REST and the WebSocket', async () => {
    const evil = { host: `attacker.example:${port}` };
    expect((await rawRequest(`${url}/`, { headers: evil })).status).toBe(403);
    const rest = await rawRequest(`${url}/api/devices`, { headers: evil });
    expect(rest.status).toBe(403);
    expect(JSON.parse(rest.body).error).toMatchObject({ code: 'FORBIDDEN' });
    expect(JSON.parse(rest.body).error.message).toContain('server.allowedHosts');
    const ws = await openWebSocket(`${url.replace('http', 'ws')}/ws`, evil);
    expect('refused' in ws && ws.refused.status).toBe(403);
    // Its own loopback names, and a name the administrator allowed, are answered.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `Wall.Plant.Example:${port}`]) {
      expect((await rawRequest(`${url}/api/devices`, { headers: { host } })).status, host).toBe(200);
    }
    // Bound to loopback, even the machine's own network name is not one it answers to.
    const { hostname } = await import('node:os');
    expect((await rawRequest(`${url}/api/devices`, { headers: { host: `${hostname()}:${port}` } })).status).toBe(403);
  });

  it('lets only its own page open the WebSocket and write; clients without an Origin go on', async () => {
    const wsUrl = `${url.replace('http', 'ws')}/ws`;
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${Number(port) + 1}`,
      'null',
      `http://localhost:${port}`,
    ]) {
      const ws = await openWebSocket(wsUrl, { origin });
      expect('refused' in ws && ws.refused.status, origin).toBe(403);
    }
    const own = await openWebSocket(wsUrl, { origin: `http://127.0.0.1:${port}` });
    expect('ws' in own).toBe(true);
    if ('ws' in own) {
      expect(await wsRequest(own.ws, 1, 'devices.list', {})).toMatchObject({ ok: true });
      own.ws.close();
    }
    const scripted = await openWebSocket(wsUrl);
    expect('ws' in scripted).toBe(true);
    if ('ws' in scripted) scripted.ws.close();

    // Writes from another page: a simple cross-site POST (no preflight) and the rest.
    const foreign = { origin: 'http://evil.example', 'content-type': 'text/plain' };
    const upload = await rawRequest(`${url}/api/import/upload?name=x.csv`, {
      method: 'POST',
      headers: foreign,
      body: 'a,b\n',
    });
    expect(upload.status).toBe(403);
    const imports = join(dir.path, 'data', 'imports');
    expect(existsSync(imports) ? readdirSync(imports) : []).toEqual([]);
    const ack = await rawRequest(`${url}/api/alerts/1/acknowledge`, {
      method: 'PUT',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ack.status).toBe(403);
    expect(JSON.parse(ack.body).error.message).toContain('http://evil.example');
    // The administrator sees who knocked.
    expect(logs.some((l) => l.includes('refused a WebSocket') && l.includes('http://evil.example'))).toBe(true);
  });

  it('takes uploads up to server.maxUploadBytes, and only from its own page or scripts', async () => {
    const send = (body: string, origin?: string) =>
      rawRequest(`${url}/api/import/upload?name=plant.csv`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...(origin ? { origin } : {}) },
        body,
      });
    expect((await send('time,value\n1,2\n', `http://127.0.0.1:${port}`)).status).toBe(201);
    expect((await send('x'.repeat(65))).status).toBe(413);
    expect((await send('time,value\n', 'http://evil.example')).status).toBe(403);
  });

  it('names its data directory in health only to callers on its own machine', async () => {
    const health = JSON.parse((await rawRequest(`${url}/api/health`)).body) as { dataDir?: string };
    expect(health.dataDir).toBe(join(dir.path, 'data'));
  });
});

describe('rate limits per client', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let url: string;

  beforeAll(async () => {
    dir = makeTempDir();
    running = await startServe(dir.path, {
      server: { rateLimits: { restWritesPerMinute: 3, restReadsPerMinute: 6, wsRequestsPerMinute: 4 } },
    });
    url = running.server.url;
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('answers 429 with Retry-After over REST, reads and writes counted apart', async () => {
    const write = () =>
      rawRequest(`${url}/api/alerts/999/acknowledge`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    const writes = [];
    for (let i = 0; i < 4; i++) writes.push(await write());
    expect(writes.slice(0, 3).map((r) => r.status)).toEqual([404, 404, 404]);
    expect(writes[3]!.status).toBe(429);
    expect(Number(writes[3]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(writes[3]!.body).error).toMatchObject({ code: 'RATE_LIMITED', details: { limitPerMinute: 3 } });

    const reads = [];
    for (let i = 0; i < 7; i++) reads.push((await rawRequest(`${url}/api/devices`)).status);
    expect(reads).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('refuses WebSocket requests over the limit with RATE_LIMITED, and keeps live streams flowing', async () => {
    const opened = await openWebSocket(`${url.replace('http', 'ws')}/ws`);
    if (!('ws' in opened)) throw new Error(`refused: ${opened.refused.status}`);
    const ws: WebSocket = opened.ws;
    const events: unknown[] = [];
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d)) as { t: string; id: number };
      if (msg.t === 'evt' && msg.id === 100) events.push(msg);
    });
    ws.send(JSON.stringify({ t: 'sub', id: 100, stream: 'live.readings', params: {} }));
    const answers = [];
    for (let i = 1; i <= 4; i++) answers.push(await wsRequest(ws, i, 'devices.list', {}));
    expect(answers.slice(0, 3).every((a) => a.ok === true)).toBe(true);
    expect(answers[3]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect((answers[3]!.error as { details: { retryAfterMs: number } }).details.retryAfterMs).toBeGreaterThan(0);
    // Events are not requests: the simulator's readings keep arriving past the limit.
    const before = events.length;
    await waitFor(() => events.length >= before + 3, { what: 'live readings after the limit', timeoutMs: 10_000 });
    ws.close();
  });
});
