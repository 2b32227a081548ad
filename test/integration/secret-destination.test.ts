// A stored secret is only ever sent to the host it was saved for. A client (any page that could
// reach the engine, before this issue) edits a source or a notification channel to point at its
// own listener and leaves the password empty; the engine refuses, test and save alike, and the
// listener receives nothing. Typing the password again works, and the same broker keeps
// getting the stored one. Real peers: mosquitto with a password, an SMTP server, a webhook
// endpoint, and raw TCP listeners standing in for the attacker's hosts.
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/shared/errors';
import { contractClient } from '../support/contract-client';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { startHookPeer, startSmtpPeer } from '../support/notify-peers';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { sleep } from '../support/wait';

const USER = { username: 'watchfloor', password: 'plant-secret-7' };
const SASL_PASSWORD = 'kafka-sasl-secret-8';

/** A TCP listener that records every byte anyone sends it: the host a secret must never reach. */
async function startListener(): Promise<{
  port: number;
  received: () => string;
  connections: () => number;
  close(): Promise<void>;
}> {
  let bytes = '';
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createNetServer((socket) => {
    connections++;
    sockets.add(socket);
    // It listens, then hangs up: a client waiting for an answer gives up at once.
    socket.on('data', (d: Buffer) => {
      bytes += d.toString('latin1');
      socket.destroy();
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => bytes,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The request's refusal: a test must fail if the request went through. */
async function refusal(p: Promise<unknown>): Promise<EngineError> {
  const outcome: unknown = await p.catch((e: unknown) => e);
  if (!(outcome instanceof EngineError)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function issueAt(err: EngineError, path: string): string {
  const issues = (err.details as { issues: { path: string; message: string }[] }).issues;
  const issue = issues.find((i) => i.path === path);
  expect(issue, `an issue at ${path} in ${JSON.stringify(issues)}`).toBeDefined();
  return issue!.message;
}

describe('stored secrets stay with their host', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let broker: Mosquitto;
  let attacker: Awaited<ReturnType<typeof startListener>>;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let hook: Awaited<ReturnType<typeof startHookPeer>>;
  let attackerHook: Awaited<ReturnType<typeof startHookPeer>>;

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await startMosquitto(dir.path, { user: USER });
    attacker = await startListener();
    smtp = await startSmtpPeer();
    hook = await startHookPeer([200]);
    attackerHook = await startHookPeer([200]);
    engine = await startEngine(dir.path, {
      simulator: { enabled: false },
      broker: { embedded: false },
      sources: {
        mqtt: [{ id: 'plant', url: broker.url, topics: ['site/+/telemetry'], qos: 1, ...USER }],
        // Configured, not running: its SASL password is stored all the same.
        kafka: [
          {
            id: 'plant-kafka',
            enabled: false,
            brokers: ['127.0.0.1:19092'],
            topics: ['telemetry'],
            sasl: { mechanism: 'plain', username: 'wf', password: SASL_PASSWORD },
          },
        ],
      },
      notifications: {
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          user: smtp.credentials.user,
          password: smtp.credentials.pass,
          from: 'wf@plant.example',
          to: ['shift@plant.example'],
          rejectUnauthorized: false,
        },
        webhooks: [
          {
            id: 'pager',
            url: hook.url,
            bearerToken: 'pager-bearer-9',
            hmacSecret: 'pager-hmac-10',
            headers: { 'X-Api-Key': 'pager-header-11' },
          },
        ],
        routes: [{ id: 'all', channels: ['webhook:pager', 'email'] }],
      },
    });
  });

  afterAll(async () => {
    await engine?.stop();
    await broker?.stop();
    await attacker?.close();
    await smtp?.close();
    await hook?.close();
    await attackerHook?.close();
    dir?.remove();
  });

  it('does not send the MQTT password to a new broker, on test or save; typed again, it goes', async () => {
    const client = contractClient(engine);
    const view = (await client.request('sources.settings', {})).mqtt[0]!;
    const { origin: _o, password: _p, ...source } = view;
    const elsewhere = { ...source, url: `mqtt://127.0.0.1:${attacker.port}` };

    const tested = await refusal(client.request('sources.test', { kind: 'mqtt', source: elsewhere }));
    expect(tested.code).toBe('BAD_REQUEST');
    expect(issueAt(tested, 'source.password')).toMatch(
      /the broker changed \(mqtt:\/\/127\.0\.0\.1:\d+ → mqtt:\/\/127\.0\.0\.1:\d+\).*enter the password again/,
    );
    const saved = await refusal(client.request('sources.save', { kind: 'mqtt', source: elsewhere }));
    issueAt(saved, 'source.password');
    await sleep(300);
    expect(attacker.connections()).toBe(0);
    // Nothing changed: the source still runs against its broker, with its password.
    expect(engine.health().sources.find((s) => s.id === 'plant')).toMatchObject({ connected: true });

    // The same broker keeps the stored password: the test logs in.
    const same = await client.request('sources.test', { kind: 'mqtt', source });
    expect(same).toMatchObject({ ok: true });

    // A password typed again goes where the user sent it — and only that one.
    const typed = await client.request('sources.test', {
      kind: 'mqtt',
      source: { ...elsewhere, password: 'typed-for-this-host' },
    });
    expect(typed.ok).toBe(false); // the listener is no broker
    expect(attacker.received()).toContain('typed-for-this-host');
    expect(attacker.received()).not.toContain(USER.password);
  });

  it('does not send the SASL password to a broker that was not in the list', async () => {
    const client = contractClient(engine);
    const view = (await client.request('sources.settings', {})).kafka[0]!;
    const { origin: _o, sasl, ...rest } = view;
    const source = {
      ...rest,
      brokers: [`127.0.0.1:${attacker.port}`],
      sasl: { mechanism: sasl!.mechanism, username: sasl!.username },
    };
    const before = attacker.connections();
    const err = await refusal(client.request('sources.test', { kind: 'kafka', source }));
    expect(issueAt(err, 'source.sasl.password')).toContain(`new brokers (127.0.0.1:${attacker.port})`);
    await refusal(client.request('sources.save', { kind: 'kafka', source }));
    await sleep(300);
    expect(attacker.connections()).toBe(before);
    expect(attacker.received()).not.toContain(SASL_PASSWORD);
  });

  it('does not send a webhook’s token, HMAC secret or header values to a new address', async () => {
    const client = contractClient(engine);
    const settings = await client.request('notifications.settings.get', {});
    const w = settings.config.webhooks[0]!;
    expect(w.headerNames).toEqual(['X-Api-Key']);
    expect(JSON.stringify(settings)).not.toContain('pager-header-11');
    const { bearerTokenSet: _b, hmacSecretSet: _h, headerNames, ...hookBack } = w;
    const { passwordSet: _s, ...smtpBack } = settings.config.smtp!;
    const save = (url: string, smtpHost = smtpBack.host) =>
      client.request('notifications.settings.set', {
        config: {
          smtp: { ...smtpBack, host: smtpHost },
          webhooks: [{ ...hookBack, url, headers: Object.fromEntries(headerNames.map((n) => [n, ''])) }],
          routes: settings.config.routes,
        },
      });

    const err = await refusal(save(attackerHook.url));
    for (const field of ['bearerToken', 'hmacSecret', 'headers.X-Api-Key']) {
      expect(issueAt(err, `config.webhooks.0.${field}`)).toContain("the webhook's address changed");
    }
    // The refused save changed nothing: a test still goes to the saved address, with its secrets.
    const test = await client.request('notifications.test', { channel: 'webhook:pager' });
    expect(test.status).toBe('sent');
    expect(hook.requests.at(-1)!.headers).toMatchObject({
      authorization: 'Bearer pager-bearer-9',
      'x-api-key': 'pager-header-11',
    });
    expect(attackerHook.requests).toHaveLength(0);

    // The same for the SMTP password: another server means typing it again.
    const smtpErr = await refusal(save(hook.url, 'localhost'));
    expect(issueAt(smtpErr, 'config.smtp.password')).toContain('the mail server changed (127.0.0.1');
    // Re-saved toward the same servers, every secret is kept and still works.
    await save(hook.url);
    const again = await client.request('notifications.test', { channel: 'email', emailTo: ['me@plant.example'] });
    expect(again.status).toBe('sent');
    expect(smtp.mails.at(-1)!.user).toBe(smtp.credentials.user);
  });
});
