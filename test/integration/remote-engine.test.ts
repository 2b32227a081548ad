// A desktop attached to a central engine, in plain Node: the certificate check before approval,
// the pinned connection that accepts the approved certificate and nothing else, and the link that
// relays a window's MessagePort (a worker_threads MessageChannel here) to a real `serve` with TLS
// (server.tls, a certificate made here by openssl) over a pinned wss connection, signs in as a
// remote desktop, and tells the window to sign in again when the engine closes with 4401.
import { join } from 'node:path';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServe } from '../../src/main/server/serve';
import { probeCertificate } from '../../src/main/shell/remote/certificate-probe';
import { parseEngineUrl } from '../../src/main/shell/remote/engine-url';
import { CertificateChangedError } from '../../src/main/shell/remote/pinned-connection';
import { RemoteEngineHost } from '../../src/main/shell/remote/remote-engine-host';
import { requestJson } from '../../src/main/shell/remote/remote-session';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { createClient } from '../../src/shared/rpc/client';
import { invokeRequest } from '../../src/shared/rpc/server';
import type { SessionStatus } from '../../src/shared/session-state';
import { createPortChannel, type PortLike } from '../../src/shared/rpc/port-channel';
import type { ClientMessage, ServerMessage } from '../../src/shared/rpc/protocol';
import { makeSelfSigned, type TestCertificate } from '../support/self-signed';
import { makeTempDir } from '../support/temp-dir';
import { startServe } from '../support/test-serve';
import { waitFor } from '../support/wait';

/** worker_threads' MessagePort as the PortLike the link and the client channel take. */
function nodePort(port: MessagePort): PortLike {
  return {
    postMessage: (m) => port.postMessage(m),
    listen(onMessage, onClose) {
      port.on('message', onMessage);
      port.on('close', onClose);
      port.start();
    },
    close: () => port.close(),
  };
}

function listen(server: HttpsServer): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function closeServer(server: HttpsServer | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** An https server answering one JSON document: the probe and pin tests need nothing more. */
function httpsEngine(cert: TestCertificate): HttpsServer {
  return createHttpsServer({ cert: cert.cert, key: cert.key }, (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ success: true, data: { hello: 'engine' } }));
  });
}

describe('attaching a desktop to a central engine', () => {
  const dir = makeTempDir('watchfloor-remote-');
  let first: TestCertificate;
  let second: TestCertificate;
  let server: HttpsServer | undefined;
  let running: RunningServe | undefined;
  const hosts: RemoteEngineHost[] = [];

  beforeAll(() => {
    first = makeSelfSigned(dir.path, 'first');
    second = makeSelfSigned(dir.path, 'second');
  });

  afterEach(async () => {
    for (const host of hosts.splice(0)) host.stop();
    await closeServer(server);
    server = undefined;
    await running?.stop();
    running = undefined;
  });

  afterAll(() => dir.remove());

  it('shows the certificate an engine presents: the fingerprint openssl prints, subject, validity, not CA-trusted', async () => {
    server = httpsEngine(first);
    const port = await listen(server);
    const info = await probeCertificate(parseEngineUrl(`https://127.0.0.1:${port}`));
    expect(info.fingerprint).toBe(first.fingerprint);
    expect(info.subject).toContain('CN=engine.test');
    expect(info.selfSigned).toBe(true);
    expect(info.caTrusted).toBe(false);
    expect(info.caError).toMatch(/SELF_SIGNED/);
    expect(info.validTo - info.validFrom).toBeGreaterThan(24 * 3600_000);
    expect(info.validFrom).toBeLessThanOrEqual(Date.now());
  });

  it('says in words when nothing answers TLS at the address', async () => {
    const plain = await new Promise<number>((resolve) => {
      const srv = createHttpsServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    await expect(probeCertificate(parseEngineUrl(`https://127.0.0.1:${plain}`))).rejects.toThrow(/nothing answers/);
  });

  it('connects with the approved fingerprint, and refuses another certificate on the same address before sending anything', async () => {
    server = httpsEngine(first);
    const port = await listen(server);
    const address = parseEngineUrl(`https://127.0.0.1:${port}`);
    const answer = await requestJson(address, first.fingerprint, 'GET', '/api/health');
    expect(answer.json).toEqual({ success: true, data: { hello: 'engine' } });

    // The same address now presents another certificate (another key): refused, and the request never reached it.
    await closeServer(server);
    let reached = 0;
    server = createHttpsServer({ cert: second.cert, key: second.key }, (_req, res) => {
      reached += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
    const refused = await requestJson(address, first.fingerprint, 'GET', '/api/health', {
      secret: 'session-secret',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CertificateChangedError);
    expect((refused as Error).message).toContain('the engine’s certificate changed');
    expect((refused as Error).message).toContain('Settings → Engine');
    expect((refused as CertificateChangedError).presented).toBe(second.fingerprint);
    expect(reached).toBe(0);
  });

  it('relays a contract call and a live stream between a window port and a real serve over pinned wss', async () => {
    running = await startServe(dir.path, {
      server: { tls: { cert: first.certFile, key: first.keyFile } },
      simulator: { enabled: true },
    });
    const problems: (string | null)[] = [];
    const host = new RemoteEngineHost({
      url: running.server.url,
      fingerprint: first.fingerprint,
      onSignedOut: () => {},
      onProblem: (m) => problems.push(m),
    });
    hosts.push(host);
    const { port1, port2 } = new MessageChannel();
    host.connect(nodePort(port1));
    const client = createClient(createPortChannel<ServerMessage, ClientMessage>(nodePort(port2)));
    try {
      const devices = await client.request('devices.list', {});
      expect(devices.map((d) => d.id)).toContain('device-003');
      const live: string[] = [];
      client.subscribe('live.readings', { devices: ['device-003'] }, (e) =>
        live.push(...e.readings.map((r) => r.deviceId)),
      );
      await waitFor(() => live.length >= 2, { what: 'two live readings through the link', timeoutMs: 8000 });
      expect(new Set(live)).toEqual(new Set(['device-003']));
      expect(problems.filter((p) => p !== null)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('does not connect when the address presents another certificate, and says why', async () => {
    server = httpsEngine(second);
    const port = await listen(server);
    const problems: { message: string | null; changed: boolean }[] = [];
    const host = new RemoteEngineHost({
      url: `https://127.0.0.1:${port}`,
      fingerprint: first.fingerprint,
      onSignedOut: () => {},
      onProblem: (message, changed) => problems.push({ message, changed }),
      backoffMs: [50],
    });
    hosts.push(host);
    const { port1, port2 } = new MessageChannel();
    host.connect(nodePort(port1));
    port2.start();
    await waitFor(() => problems.length >= 2, { what: 'the refusal, retried', timeoutMs: 5000 });
    expect(problems[0]).toEqual({ message: expect.stringContaining('certificate changed'), changed: true });
    port2.close();
  });

  it('tells the window to sign in again when the engine closes the WebSocket with 4401', async () => {
    server = createHttpsServer({ cert: first.cert, key: first.key });
    const wss = new WebSocketServer({ noServer: true });
    const seen: { authorization?: string; client?: string }[] = [];
    server.on('upgrade', (req, socket, head) => {
      seen.push({ authorization: req.headers.authorization, client: req.headers['x-watchfloor-client'] as string });
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (data) => {
          const msg = JSON.parse(data.toString()) as { id: number };
          ws.send(JSON.stringify({ t: 'res', id: msg.id, ok: true, data: { status: 'ok' } }));
          ws.close(4401, 'signed out: sign in again');
        });
      });
    });
    const port = await listen(server);
    let signedOut = 0;
    const host = new RemoteEngineHost({
      url: `https://127.0.0.1:${port}`,
      fingerprint: first.fingerprint,
      onSignedOut: () => (signedOut += 1),
      onProblem: () => {},
    });
    hosts.push(host);
    const { port1, port2 } = new MessageChannel();
    host.connect(nodePort(port1));
    const replies: unknown[] = [];
    let windowPortClosed = false;
    port2.on('message', (m) => replies.push(m));
    port2.on('close', () => (windowPortClosed = true));
    port2.start();
    port2.postMessage({ t: 'req', id: 1, method: 'engine.health', params: {} });
    await waitFor(() => signedOut === 1 && windowPortClosed, { what: '4401 to reach the window', timeoutMs: 5000 });
    expect(replies).toEqual([{ t: 'res', id: 1, ok: true, data: { status: 'ok' } }]);
    expect(seen[0]).toEqual({ authorization: undefined, client: 'desktop' });

    // The next window port waits for a sign-in instead of knocking again, and says so at once.
    const again = new MessageChannel();
    host.connect(nodePort(again.port1));
    const answers: unknown[] = [];
    again.port2.on('message', (m) => answers.push(m));
    again.port2.start();
    again.port2.postMessage({ t: 'req', id: 2, method: 'devices.list', params: {} });
    await waitFor(() => answers.length === 1, { what: 'the refusal', timeoutMs: 3000 });
    expect(answers[0]).toMatchObject({ t: 'res', id: 2, ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(seen).toHaveLength(1);
    again.port2.close();
    wss.close();
  });

  it('signs in to a real serve over pinned https as a remote desktop, relays, and a revoked session reaches the window', async () => {
    running = await startServe(join(dir.path, 'users-engine'), {
      server: { tls: { cert: first.certFile, key: first.keyFile } },
      simulator: { enabled: true },
    });
    const admin = (method: 'users.create' | 'sessions.list' | 'sessions.revoke', params: unknown) =>
      invokeRequest(running!.engine.handlers(), method, params as never, IN_PROCESS);
    await admin('users.create', { name: 'ada', role: 'operator', areas: null, password: 'correct horse battery' });
    expect(running.server.url).toMatch(/^https:/);

    let signedOut = 0;
    const host = new RemoteEngineHost({
      url: running.server.url,
      fingerprint: first.fingerprint,
      onSignedOut: () => (signedOut += 1),
      onProblem: () => {},
    });
    hosts.push(host);
    const before = await host.call({ call: 'status' });
    expect(before).toMatchObject({ ok: true, data: { mode: 'users', user: null } });

    // A window before signing in: the engine refuses the upgrade, the window is told to sign in.
    const { port1, port2 } = new MessageChannel();
    host.connect(nodePort(port1));
    const client = createClient(createPortChannel<ServerMessage, ClientMessage>(nodePort(port2)));
    try {
      await waitFor(() => signedOut >= 1, { what: 'the refused upgrade to reach the window', timeoutMs: 5000 });
      const refused = await client.request('devices.list', {}).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'UNAUTHORIZED' });

      const wrong = await host.call({ call: 'signIn', user: 'ada', password: 'not the password' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      const right = await host.call({ call: 'signIn', user: 'ada', password: 'correct horse battery' });
      expect(right).toMatchObject({ ok: true, data: { mode: 'users', user: { name: 'ada', role: 'operator' } } });
      const session = (right as { data: SessionStatus }).data.session!;

      // The waiting link connects by itself with the new session: the contract works through it.
      const devices = await waitFor(() => client.request('devices.list', {}).catch(() => undefined), {
        what: 'devices over the signed-in link',
        timeoutMs: 8000,
      });
      expect(devices.map((d) => d.id)).toContain('device-003');
      const status = await client.request('auth.status', {});
      expect(status.user?.name).toBe('ada');
      const sessions = (await admin('sessions.list', {})) as { id: string; kind: string }[];
      expect(sessions.find((x) => x.id === session.id)?.kind).toBe('remote');

      // An administrator revokes the session: 4401 closes the link and the window is told.
      let portClosed = false;
      port2.on('close', () => (portClosed = true));
      const told = signedOut;
      await admin('sessions.revoke', { id: session.id });
      await waitFor(() => signedOut > told && portClosed, { what: '4401 to reach the window', timeoutMs: 8000 });
      expect(host.session.current).toBeNull();
    } finally {
      client.close();
    }
  });

  it('keeps trying with backoff while the engine is down, then relays; a drop hands the window a closed port', async () => {
    // Find a free port, leave it closed: the engine is "down" when the window connects.
    const probe = createHttpsServer();
    const port = await listen(probe);
    await closeServer(probe);
    const problems: (string | null)[] = [];
    const host = new RemoteEngineHost({
      url: `https://127.0.0.1:${port}`,
      fingerprint: first.fingerprint,
      onSignedOut: () => {},
      onProblem: (m) => problems.push(m),
      backoffMs: [50, 100, 200],
    });
    hosts.push(host);
    const { port1, port2 } = new MessageChannel();
    host.connect(nodePort(port1));
    const replies: unknown[] = [];
    let windowPortClosed = false;
    port2.on('message', (m) => replies.push(m));
    port2.on('close', () => (windowPortClosed = true));
    port2.start();
    port2.postMessage({ t: 'req', id: 1, method: 'engine.health', params: {} });
    await waitFor(() => problems.length >= 3, { what: 'three failed attempts', timeoutMs: 5000 });
    expect(problems[0]).toContain('nothing answers');
    expect(replies).toEqual([]);

    // The engine comes up: the queued request goes through on the next attempt.
    server = createHttpsServer({ cert: first.cert, key: first.key });
    const wss = new WebSocketServer({ noServer: true });
    const sockets: WebSocket[] = [];
    server.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.push(ws);
        ws.on('message', (data) => {
          const msg = JSON.parse(data.toString()) as { id: number };
          ws.send(JSON.stringify({ t: 'res', id: msg.id, ok: true, data: { status: 'ok' } }));
        });
      }),
    );
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
    await waitFor(() => replies.length === 1, { what: 'the queued request answered', timeoutMs: 5000 });
    expect(replies[0]).toEqual({ t: 'res', id: 1, ok: true, data: { status: 'ok' } });
    expect(problems.at(-1)).toBeNull();

    // The engine drops the connection: the window's port closes, so it asks for a new one.
    sockets[0]!.terminate();
    await waitFor(() => windowPortClosed, { what: 'the window port to close', timeoutMs: 5000 });
    wss.close();
  });

  it('ends a link whose engine went silent after its heartbeats (a drop without a close), so the window reconnects', async () => {
    server = createHttpsServer({ cert: first.cert, key: first.key });
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) =>
      // One heartbeat, then nothing and no close: what a pulled cable looks like from here.
      wss.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify({ t: 'hb' }))),
    );
    const port = await listen(server);
    const host = new RemoteEngineHost({
      url: `https://127.0.0.1:${port}`,
      fingerprint: first.fingerprint,
      onSignedOut: () => {},
      onProblem: () => {},
    });
    hosts.push(host);
    const { port1, port2 } = new MessageChannel();
    host.connect(nodePort(port1));
    const heard: unknown[] = [];
    let closedAt = 0;
    port2.on('message', (m) => heard.push(m));
    port2.on('close', () => (closedAt = Date.now()));
    port2.start();
    await waitFor(() => heard.length === 1, { what: 'the heartbeat', timeoutMs: 3000 });
    const heartbeatAt = Date.now();
    await waitFor(() => closedAt > 0, { what: 'the silent link to end', timeoutMs: 8000 });
    expect(closedAt - heartbeatAt).toBeGreaterThanOrEqual(4000);
    expect(closedAt - heartbeatAt).toBeLessThan(7000);
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
});
