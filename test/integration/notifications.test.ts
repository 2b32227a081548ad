// Notifications end to end: an alarm from a real reading reaches a real SMTP server and real
// HTTP endpoints; failures are retried with backoff and every attempt is in the delivery log.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/shared/errors';
import { contractClient } from '../support/contract-client';
import { startHookPeer, startSmtpPeer } from '../support/notify-peers';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

type Smtp = Awaited<ReturnType<typeof startSmtpPeer>>;
type Hook = Awaited<ReturnType<typeof startHookPeer>>;

const reading = (value: number, ts = Date.now()) =>
  Buffer.from(
    JSON.stringify({ deviceId: 'device-001', sensorType: 'temperature', value, unit: 'celsius', timestamp: ts }),
  );

describe('notifications', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;
  let smtp: Smtp;
  let flaky: Hook;
  let dead: Hook;

  const config = () => ({
    broker: { embedded: false },
    sources: { mqtt: [] },
    simulator: { enabled: false },
    notifications: {
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: smtp.credentials.user,
        password: smtp.credentials.pass,
        from: 'watchfloor@plant.example',
        to: ['shift-lead@plant.example', 'maintenance@plant.example'],
        rejectUnauthorized: false, // smtp-server's built-in localhost certificate
      },
      webhooks: [
        { id: 'flaky', url: flaky.url, hmacSecret: 'hook-secret-456' },
        { id: 'dead', url: dead.url, bearerToken: 'bearer-secret-789' },
      ],
      routes: [
        { id: 'urgent', priorities: ['high', 'critical'], channels: ['email', 'webhook:flaky', 'webhook:dead'] },
      ],
      retry: { maxAttempts: 3, backoffMs: 150, maxBackoffMs: 400 },
    },
  });

  beforeEach(async () => {
    dir = makeTempDir('wf-notify-it-');
    smtp = await startSmtpPeer();
    flaky = await startHookPeer([500, 200]);
    dead = await startHookPeer([500]);
  });

  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await Promise.all([smtp.close(), flaky.close(), dead.close()]);
    dir.remove();
  });

  it('mails the alarm over STARTTLS with authentication, retries a failing webhook with backoff, and logs every attempt', async () => {
    engine = await startEngine(dir.path, config());
    await engine.services.pipeline.submit('http', 'test', reading(97.25));

    const mail = await waitFor(() => smtp.mails[0], { what: 'the alarm e-mail' });
    expect(mail).toMatchObject({
      from: 'watchfloor@plant.example',
      to: ['shift-lead@plant.example', 'maintenance@plant.example'],
      user: 'watchfloor',
      secure: true,
    });
    const subject = /^Subject: (.*)$/m.exec(mail.raw)![1]!;
    expect(subject).toContain('HIGH');
    expect(subject).toContain('device-001/temperature');
    expect(mail.raw).toMatch(/Device: +device-001/);
    expect(mail.raw).toMatch(/Signal: +temperature/);
    expect(mail.raw).toMatch(/Priority: +high/);
    expect(mail.raw).toContain('97.25');

    // The flaky endpoint answers 500, then 200: two attempts, the second after the backoff.
    await waitFor(() => flaky.requests.length === 2, { what: 'the webhook retry' });
    expect(flaky.requests[1]!.at - flaky.requests[0]!.at).toBeGreaterThanOrEqual(140);
    const hook = flaky.requests[1]!;
    const body = JSON.parse(hook.body) as { event: string; alarm: { deviceId: string; priority: string } };
    expect(body).toMatchObject({
      event: 'raised',
      alarm: { deviceId: 'device-001', signal: 'temperature', priority: 'high' },
    });
    const ts = hook.headers['x-watchfloor-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', 'hook-secret-456').update(`${ts}.${hook.body}`).digest('hex')}`;
    expect(hook.headers['x-watchfloor-signature']).toBe(expected);
    expect(flaky.requests[0]!.headers['x-watchfloor-delivery']).toBe(hook.headers['x-watchfloor-delivery']);

    // The dead endpoint never recovers: three attempts at growing intervals, then a logged failure.
    await waitFor(() => dead.requests.length === 3, { what: 'three attempts on the dead webhook' });
    expect(dead.requests[0]!.headers.authorization).toBe('Bearer bearer-secret-789');
    const gaps = [dead.requests[1]!.at - dead.requests[0]!.at, dead.requests[2]!.at - dead.requests[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);

    const client = contractClient(engine);
    const log = await waitFor(
      async () => {
        const l = await client.request('notifications.log', {});
        return l.items.every((d) => d.status !== 'pending') ? l : undefined;
      },
      { what: 'every delivery settled' },
    );
    const byChannel = Object.fromEntries(log.items.map((d) => [d.channel, d]));
    expect(byChannel.email).toMatchObject({
      status: 'sent',
      attempts: 1,
      event: 'raised',
      target: 'shift-lead@plant.example, maintenance@plant.example',
    });
    expect(byChannel['webhook:flaky']).toMatchObject({ status: 'sent', attempts: 2, target: flaky.url });
    expect(byChannel['webhook:flaky']!.attemptLog.map((a) => [a.ok, a.detail])).toEqual([
      [false, 'HTTP 500: try later'],
      [true, 'HTTP 200: ok'],
    ]);
    expect(byChannel['webhook:dead']).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'HTTP 500: try later',
    });
    expect(byChannel['webhook:dead']!.attemptLog).toHaveLength(3);

    const failures = await client.request('notifications.log', { status: ['failed'] });
    expect(failures.items.map((d) => d.channel)).toEqual(['webhook:dead']);
    expect(failures.counts).toMatchObject({ sent: 2, failed: 1, pending: 0 });
  });

  it('never sends secrets back, keeps them when a save omits them, and rejects bad settings with the field', async () => {
    engine = await startEngine(dir.path, config());
    const client = contractClient(engine);
    const before = await client.request('notifications.settings.get', {});
    expect(before.source).toBe('file');
    const text = JSON.stringify(before);
    for (const secret of ['mail-secret-123', 'hook-secret-456', 'bearer-secret-789'])
      expect(text).not.toContain(secret);
    expect(before.config.smtp).toMatchObject({ passwordSet: true, user: 'watchfloor' });
    expect(before.config.webhooks[0]).toMatchObject({ id: 'flaky', hmacSecretSet: true, bearerTokenSet: false });

    const bad = await client
      .request('notifications.settings.set', {
        config: { routes: [{ id: 'x', channels: ['webhook:nowhere'] }] },
      })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(EngineError);
    expect((bad as EngineError).code).toBe('BAD_REQUEST');
    expect((bad as EngineError).message).toContain('no webhook with id "nowhere"');
    expect((bad as EngineError).message).toContain('config.routes.0.channels.0');
    expect((await client.request('notifications.settings.get', {})).source).toBe('file');

    // Save from the "UI": the view round-trips without its secrets, and only the routes change.
    const { smtp: s, webhooks } = before.config;
    const { passwordSet: _p, ...smtpBack } = s!;
    const saved = await client.request('notifications.settings.set', {
      config: {
        smtp: smtpBack,
        // Header values are write-only too: a name sent with an empty value keeps the stored one.
        webhooks: webhooks.map(({ bearerTokenSet: _b, hmacSecretSet: _h, headerNames, ...w }) => ({
          ...w,
          headers: Object.fromEntries(headerNames.map((n) => [n, ''])),
        })),
        routes: [{ id: 'mail-only', channels: ['email'], emailTo: ['night@plant.example'] }],
      },
    });
    expect(saved.source).toBe('settings');
    expect(saved.config.smtp!.passwordSet).toBe(true);

    // The saved settings win over the file after a restart, and the kept password still logs in.
    await engine.stop();
    engine = await startEngine(dir.path, config());
    const again = contractClient(engine);
    expect((await again.request('notifications.settings.get', {})).config.routes.map((r) => r.id)).toEqual([
      'mail-only',
    ]);
    await engine.services.pipeline.submit('http', 'test', reading(99));
    const mail = await waitFor(() => smtp.mails[0], { what: 'the e-mail on the saved route' });
    expect(mail.to).toEqual(['night@plant.example']);
    expect(flaky.requests).toHaveLength(0);

    // Reset: the file's routes apply again.
    const reset = await again.request('notifications.settings.reset', {});
    expect(reset.source).toBe('file');
    expect(reset.config.routes.map((r) => r.id)).toEqual(['urgent']);
  });

  it('sends a test through one channel on request and reports the outcome', async () => {
    engine = await startEngine(dir.path, config());
    const client = contractClient(engine);
    const ok = await client.request('notifications.test', { channel: 'email', emailTo: ['me@plant.example'] });
    expect(ok).toMatchObject({ event: 'test', status: 'sent', attempts: 1, target: 'me@plant.example' });
    expect(smtp.mails[0]!.raw).toContain('Test notification (email)');

    const failed = await client.request('notifications.test', { channel: 'webhook:dead' });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 500: try later' });
    expect(dead.requests).toHaveLength(1);

    const none = await client.request('notifications.test', { channel: 'webhook:ghost' }).catch((e: unknown) => e);
    expect((none as EngineError).code).toBe('NOT_FOUND');
  });

  it('routes by the device’s operator area, a device without one being in "default"', async () => {
    const packing = await startHookPeer([200]);
    const rest = await startHookPeer([200]);
    try {
      engine = await startEngine(dir.path, {
        ...config(),
        devices: [
          { id: 'device-001', name: 'Oven', signals: [{ key: 'temperature', limits: { hi: 85 } }] },
          { id: 'filler-1', name: 'Filler', area: 'packing', signals: [{ key: 'level', limits: { hi: 10 } }] },
        ],
        notifications: {
          webhooks: [
            { id: 'packing', url: packing.url },
            { id: 'rest', url: rest.url },
          ],
          routes: [
            { id: 'packing', areas: ['packing'], channels: ['webhook:packing'] },
            { id: 'default', areas: ['default'], channels: ['webhook:rest'] },
          ],
        },
      });
      await engine.services.pipeline.submit('http', 'test', reading(97));
      await engine.services.pipeline.submit(
        'http',
        'test',
        Buffer.from(JSON.stringify({ deviceId: 'filler-1', sensorType: 'level', value: 12, timestamp: Date.now() })),
      );
      await waitFor(() => packing.requests.length >= 1 && rest.requests.length >= 1, { what: 'both areas notified' });
      await new Promise((r) => setTimeout(r, 300));
      const devices = (h: Hook) =>
        h.requests.map((r) => (JSON.parse(r.body) as { alarm: { deviceId: string } }).alarm.deviceId);
      expect(devices(packing)).toEqual(['filler-1']);
      expect(devices(rest)).toEqual(['device-001']);
    } finally {
      await Promise.all([packing.close(), rest.close()]);
    }
  });

  it('turns an unacknowledged alarm’s escalation and reminders into notifications', async () => {
    const ok = await startHookPeer([200]);
    const cfg = {
      ...config(),
      alarms: { escalateAfterMs: 1000, tickMs: 50 },
      notifications: {
        webhooks: [{ id: 'pager', url: ok.url }],
        routes: [{ id: 'pager', events: ['escalated', 'reminder'], channels: ['webhook:pager'] }],
      },
    };
    try {
      engine = await startEngine(dir.path, cfg);
      await engine.services.pipeline.submit('http', 'test', reading(96));
      await waitFor(() => ok.requests.length >= 2, { what: 'an escalation, then a reminder', timeoutMs: 8000 });
      const events = ok.requests.map(
        (r) => JSON.parse(r.body) as { event: string; comment: string; alarm: { priority: string; deviceId: string } },
      );
      // Raised at high: one escalation to critical, then reminders at critical.
      expect(events[0]).toMatchObject({ event: 'escalated', alarm: { priority: 'critical', deviceId: 'device-001' } });
      expect(events[1]).toMatchObject({ event: 'reminder', alarm: { priority: 'critical' } });
      expect(events[1]!.comment).toMatch(/unacknowledged for/);

      // Acknowledging stops the reminders.
      const client = contractClient(engine);
      const [alarm] = await client.request('alarms.list', {});
      await client.request('alarms.acknowledge', { id: alarm!.id, comment: 'on it' });
      const after = ok.requests.length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(ok.requests.length).toBe(after);
    } finally {
      await ok.close();
    }
  });

  it('keeps pending deliveries across a restart and delivers them when the engine is back', async () => {
    const down = await startHookPeer([503]);
    const cfg = config();
    cfg.notifications.webhooks = [{ id: 'flaky', url: down.url, hmacSecret: 'x'.repeat(16) }];
    cfg.notifications.routes = [{ id: 'urgent', priorities: ['high', 'critical'], channels: ['webhook:flaky'] }];
    cfg.notifications.retry = { maxAttempts: 10, backoffMs: 300, maxBackoffMs: 300 };
    try {
      engine = await startEngine(dir.path, cfg);
      await engine.services.pipeline.submit('http', 'test', reading(98));
      await waitFor(() => down.requests.length >= 1, { what: 'a first failed attempt' });
      await engine.stop();
      engine = undefined;
      const seen = down.requests.length;
      down.script[0] = 200; // the endpoint recovers while the engine is down

      engine = await startEngine(dir.path, cfg);
      await waitFor(() => down.requests.length > seen, { what: 'the resumed delivery' });
      const client = contractClient(engine);
      const d = await waitFor(async () => (await client.request('notifications.log', { status: ['sent'] })).items[0]);
      expect(d.attempts).toBe(seen + 1);
      expect(d.attemptLog.filter((a) => !a.ok)).toHaveLength(seen);
      // One alarm, one delivery: the restart neither lost it nor raised the alarm again.
      expect((await client.request('notifications.log', {})).items).toHaveLength(1);
    } finally {
      await down.close();
    }
  });

  it('keeps a desktop notification waiting while no window is open and shows it when one subscribes', async () => {
    const cfg = config();
    cfg.notifications.routes = [{ id: 'floor', priorities: [], channels: ['desktop'] }];
    engine = await startEngine(dir.path, cfg);
    const client = contractClient(engine);
    await engine.services.pipeline.submit('http', 'test', reading(98));
    // The engine's replay log listens to the stream from the start: it is not a window.
    const waiting = await waitFor(
      async () => (await client.request('notifications.log', { status: ['waiting'] })).items[0],
      { what: 'the desktop delivery waiting for a window' },
    );
    expect(waiting.lastError).toBe('no control-room window that may show notifications is open');
    const shown: number[] = [];
    const off = client.subscribe('notifications.desktop', {}, (n) => shown.push(n.deliveryId));
    await waitFor(() => shown.includes(waiting.id), { what: 'the waiting notification in the window' });
    const log = await client.request('notifications.log', {});
    expect(log.items.find((d) => d.id === waiting.id)!.status).toBe('sent');
    expect(log.counts.failed).toBe(0);
    off();
  });
});
