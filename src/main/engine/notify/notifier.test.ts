import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotificationsConfig, type DesktopNotification } from '../../../shared/contract/notifications';
import { raisedAlarm, type Alarm } from '../../../shared/domain';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { waitFor } from '../../../../test/support/wait';
import { openStateDb, type StateDb } from '../state/state-db';
import { backoffDelay } from './delivery-queue';
import { Notifier } from './notifier';

function alarmFixture(over: Partial<Alarm> = {}): Alarm {
  const base = raisedAlarm({
    id: 1,
    key: 'device-001/temperature/high',
    deviceId: 'device-001',
    signal: 'temperature',
    kind: 'high',
    area: 'default',
    priority: 'high',
    value: 91.5,
    limit: 85,
    at: 0,
  });
  return { ...base, ...over };
}

describe('Notifier', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: StateDb;
  let now: number;
  let notifier: Notifier;
  let shown: DesktopNotification[];

  const start = (config: unknown) => {
    notifier = new Notifier({ db, clock: () => now, log: () => {} }, NotificationsConfig.parse(config));
    notifier.start();
    shown = [];
    notifier.onDesktop((n) => shown.push(n));
  };

  beforeEach(() => {
    dir = makeTempDir('wf-notify-');
    db = openStateDb(dir.path);
    now = Date.UTC(2026, 2, 4, 10, 0);
  });

  afterEach(async () => {
    await notifier.stop();
    db.close();
    dir.remove();
  });

  it('routes on the engine clock: a night-only route stays silent by day and fires at night', async () => {
    start({
      timeZone: 'UTC',
      routes: [{ id: 'nights', when: [{ from: '22:00', to: '06:00' }], channels: ['desktop'] }],
    });
    notifier.notify({ type: 'raised', alarm: alarmFixture({ id: 1 }), at: now, by: null, comment: null });
    notifier.drain();
    now = Date.UTC(2026, 2, 4, 23, 0);
    notifier.notify({ type: 'raised', alarm: alarmFixture({ id: 2 }), at: now, by: null, comment: null });
    notifier.drain();
    await waitFor(() => shown.length === 1, { what: 'the night alarm on the desktop' });
    expect(shown[0]!.alarmId).toBe(2);
    expect(notifier.deliveries.list({ limit: 10 }).map((d) => d.alarmId)).toEqual([2]);
  });

  it('does not route on the caller’s stack: notify() only queues', () => {
    start({ routes: [{ id: 'all', channels: ['desktop'] }] });
    notifier.notify({ type: 'raised', alarm: alarmFixture(), at: now, by: null, comment: null });
    expect(notifier.deliveries.list({ limit: 10 })).toHaveLength(0);
  });

  it('logs what a route’s rate limit holds back and sends it later as one digest', async () => {
    start({ routes: [{ id: 'floor', channels: ['desktop'], rateLimit: { burst: 2, perMinute: 1 } }] });
    for (let i = 1; i <= 5; i++) {
      notifier.notify({
        type: 'raised',
        alarm: alarmFixture({ id: i, deviceId: `device-00${i}` }),
        at: now,
        by: null,
        comment: null,
      });
    }
    notifier.drain();
    await waitFor(() => shown.length === 2, { what: 'the first two through the limit' });
    const limited = notifier.deliveries.list({ status: ['rate_limited'], limit: 10 });
    expect(limited.map((d) => d.alarmId).sort()).toEqual([3, 4, 5]);
    expect(limited[0]!.lastError).toMatch(/rate limit of route "floor" \(burst 2, 1\/min\)/);
    expect(limited[0]!.attempts).toBe(0);

    notifier.tick(); // no token yet
    now += 30_000;
    notifier.tick(); // half a token
    expect(shown).toHaveLength(2);

    now += 30_000;
    notifier.tick();
    await waitFor(() => shown.length === 3, { what: 'the digest' });
    expect(shown[2]!.title).toBe('3 notifications held back on route "floor"');
    expect(shown[2]!.body).toContain('device-003');
    const digest = notifier.deliveries.list({ limit: 1 })[0]!;
    expect(digest).toMatchObject({ event: 'digest', routeId: 'floor', status: 'sent', attempts: 1 });

    now += 60_000;
    notifier.tick(); // nothing more held back: no second digest
    expect(notifier.deliveries.list({ limit: 20 })).toHaveLength(6);
  });

  const windowless = (config: unknown = { routes: [{ id: 'all', channels: ['desktop'] }] }) => {
    notifier = new Notifier({ db, clock: () => now, log: () => {} }, NotificationsConfig.parse(config));
    notifier.start();
    shown = [];
  };

  it('keeps a desktop notification with no window open waiting, and shows it when a window connects', async () => {
    windowless();
    notifier.notify({ type: 'raised', alarm: alarmFixture(), at: now, by: null, comment: null });
    notifier.drain();
    const d = await waitFor(() => notifier.deliveries.list({ status: ['waiting'], limit: 1 })[0]);
    expect(d.lastError).toBe('no control-room window that may show notifications is open');
    expect(notifier.deliveries.counts().failed).toBe(0);
    now += 5 * 60_000;
    notifier.tick(); // within its expiry: still waiting
    expect(notifier.deliveries.get(d.id)!.status).toBe('waiting');
    notifier.onDesktop((n) => shown.push(n));
    await waitFor(() => shown.length === 1, { what: 'the waiting notification in the new window' });
    expect(shown[0]!.alarmId).toBe(1);
    await waitFor(() => notifier.deliveries.get(d.id)!.status === 'sent', { what: 'the delivery logged as sent' });
  });

  it('logs a desktop notification that no window took within its expiry as not shown, never failed', async () => {
    windowless();
    notifier.notify({ type: 'raised', alarm: alarmFixture(), at: now, by: null, comment: null });
    notifier.drain();
    const d = await waitFor(() => notifier.deliveries.list({ status: ['waiting'], limit: 1 })[0]);
    now += 16 * 60_000;
    notifier.tick();
    const after = notifier.deliveries.get(d.id)!;
    expect(after.status).toBe('not_shown');
    expect(after.lastError).toBe('no control-room window that may show notifications opened within 15 min');
    notifier.onDesktop((n) => shown.push(n)); // a window now: the stale notification stays unshown
    notifier.tick();
    expect(shown).toHaveLength(0);
    expect(notifier.deliveries.reasons()).toEqual([
      ['not_shown', 'no control-room window that may show notifications opened within 15 min', 1],
    ]);
  });

  it('resumes a waiting desktop notification after a restart', async () => {
    windowless();
    notifier.notify({ type: 'raised', alarm: alarmFixture(), at: now, by: null, comment: null });
    notifier.drain();
    await waitFor(() => notifier.deliveries.list({ status: ['waiting'], limit: 1 })[0]);
    await notifier.stop();
    start({ routes: [{ id: 'all', channels: ['desktop'] }] });
    await waitFor(() => shown.length === 1, { what: 'the notification that waited across the restart' });
  });

  it('pages the log newest first with the total of what matches', () => {
    windowless();
    for (let i = 0; i < 7; i++) {
      notifier.deliveries.insert({
        at: now + i,
        event: 'raised',
        alarmId: i + 1,
        alarmKey: null,
        routeId: 'all',
        channel: 'desktop',
        target: 'control-room windows',
        message: { subject: `alarm ${i + 1}` } as never,
        status: i % 2 ? 'sent' : 'rate_limited',
      });
    }
    const ids = (offset: number) => notifier.deliveries.list({ limit: 3, offset }).map((d) => d.alarmId);
    expect(ids(0)).toEqual([7, 6, 5]);
    expect(ids(3)).toEqual([4, 3, 2]);
    expect(ids(6)).toEqual([1]);
    expect(notifier.deliveries.total({})).toBe(7);
    expect(notifier.deliveries.total({ status: ['rate_limited'] })).toBe(4);
  });

  it('keeps an event notified just before stop as a pending delivery', async () => {
    start({
      webhooks: [{ id: 'down', url: 'http://127.0.0.1:9/unreachable' }],
      routes: [{ id: 'all', channels: ['webhook:down'] }],
      retry: { maxAttempts: 5, backoffMs: 60_000, maxBackoffMs: 60_000 },
    });
    notifier.notify({ type: 'raised', alarm: alarmFixture(), at: now, by: null, comment: null });
    await notifier.stop();
    const [d] = notifier.deliveries.list({ limit: 5 });
    expect(d).toMatchObject({ status: 'pending', channel: 'webhook:down', alarmId: 1 });
  });

  it('counts deliveries sent and given up on per channel (GET /metrics)', async () => {
    start({
      webhooks: [{ id: 'down', url: 'http://127.0.0.1:9/unreachable' }],
      routes: [{ id: 'all', channels: ['desktop', 'webhook:down'] }],
      retry: { maxAttempts: 1 },
    });
    notifier.notify({ type: 'raised', alarm: alarmFixture(), at: now, by: null, comment: null });
    notifier.drain();
    await waitFor(() => notifier.outcomes.get('webhook:down')?.failed === 1, { what: 'the webhook given up on' });
    await waitFor(() => notifier.outcomes.get('desktop')?.sent === 1, { what: 'the desktop notification sent' });
    expect(notifier.outcomes.get('webhook:down')).toEqual({ sent: 0, failed: 1, failedAttempts: 1 });
    expect(notifier.outcomes.get('desktop')).toEqual({ sent: 1, failed: 0, failedAttempts: 0 });
    expect(notifier.deliveries.counts()).toMatchObject({ sent: 1, failed: 1 });
  });

  it('backs off exponentially up to the cap', () => {
    const retry = { maxAttempts: 8, backoffMs: 1000, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, retry))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe('NotificationsConfig', () => {
  it('rejects routes to channels that do not exist, with the path of the bad field', () => {
    const r = NotificationsConfig.safeParse({
      routes: [
        { id: 'a', channels: ['webhook:nope'] },
        { id: 'b', channels: ['email'] },
        { id: 'a', channels: ['desktop'], when: [{ from: '25:00' }] },
      ],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(expect.arrayContaining(['routes.2.when.0.from: a local time of day as HH:MM (24 h)']));
    const again = NotificationsConfig.safeParse({
      routes: [
        { id: 'a', channels: ['webhook:nope'] },
        { id: 'b', channels: ['email'] },
        { id: 'a', channels: ['desktop'] },
      ],
    });
    expect(again.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'routes.0.channels.0: no webhook with id "nope"',
      'routes.1.channels.0: the email channel needs an smtp server',
      'routes.2.id: duplicate route id "a"',
    ]);
  });
});
