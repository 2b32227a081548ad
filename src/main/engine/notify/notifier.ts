// The notification service: takes alarm events, routes them (priority, device, area, local time),
// applies each route's rate limit (what it holds back is logged and sent later as one digest),
// and hands deliveries to the persisted queue. notify() only appends to a bounded inbox, so the
// alarm service and the pipeline never wait on a mail server or a webhook. Channels are looked up
// by reference in a ChannelSet made from the settings (channels/: one module per kind).
import {
  NotificationsConfig,
  NotifyEventType,
  type DesktopNotification,
  type NotificationDelivery,
  type NotificationRoute,
  type NotificationsSettings,
} from '../../../shared/contract/notifications';
import { EngineError } from '../../../shared/errors';
import { ChannelSet } from './channels/channel-set';
import { DesktopWindows } from './channels/desktop-windows';
import { errorText, type SendResult } from './channels/send-result';
import { DeliveryLog, type PendingDelivery } from './delivery-log';
import { DeliveryQueue, type ChannelOutcomes } from './delivery-queue';
import { alarmMessage, digestMessage, type AlarmNotice, type OutgoingMessage, type Suppressed } from './message';
import {
  clearNotifications,
  loadStoredNotifications,
  mergeSecrets,
  saveNotifications,
  toView,
  type StoredNotifications,
} from './notification-settings';
import { selectRoutes } from './routing';
import type { StateDb } from '../state/state-db';
import { TokenBucket } from './token-bucket';

export interface NotifierDeps {
  db: StateDb;
  clock: () => number;
  log: (message: string) => void;
  deviceName?: (deviceId: string) => string | undefined;
}

const INBOX_LIMIT = 10_000;
const TICK_MS = 1000;
const PRUNE_EVERY_MS = 3600_000;
const DIGEST_SAMPLES = 20;

export class Notifier {
  readonly deliveries: DeliveryLog;
  private readonly queue: DeliveryQueue;
  private stored: StoredNotifications | undefined;
  private inbox: AlarmNotice[] = [];
  private inboxDropped = 0;
  private draining = false;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly suppressed = new Map<string, Suppressed>();
  private readonly windows = new DesktopWindows();
  private readonly channels: ChannelSet;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastPrune = 0;

  constructor(
    private readonly deps: NotifierDeps,
    private readonly fileConfig: NotificationsConfig,
  ) {
    this.deliveries = new DeliveryLog(deps.db);
    this.channels = new ChannelSet({ clock: deps.clock, windows: this.windows });
    this.queue = new DeliveryQueue({
      log: this.deliveries,
      clock: deps.clock,
      say: deps.log,
      send: (d) => this.send(d),
      policy: () => this.config,
    });
  }

  /** Sent and failed deliveries per channel since start. */
  get outcomes(): ReadonlyMap<string, Readonly<ChannelOutcomes>> {
    return this.queue.outcomes;
  }

  /** Deliveries waiting to be sent, being sent, or parked for a window. */
  get pendingDeliveries(): number {
    return this.queue.pendingCount;
  }

  get config(): NotificationsConfig {
    return this.stored?.config ?? this.fileConfig;
  }

  start(): void {
    this.stored = loadStoredNotifications(this.deps.db, this.deps.log);
    this.channels.configure(this.config);
    this.prune();
    this.queue.start();
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref?.();
  }

  async stop(): Promise<void> {
    // Events still in the inbox become pending rows, to be sent after the next start.
    this.drain();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.windows.clear();
    await this.queue.stop();
    this.channels.close();
  }

  /** Takes an alarm event; routing and delivery happen later, off the caller's stack. */
  notify(n: AlarmNotice): void {
    if (this.inbox.length >= INBOX_LIMIT) {
      if (this.inboxDropped++ % 1000 === 0)
        this.deps.log(`notifications: inbox full, ${this.inboxDropped} events dropped`);
      return;
    }
    this.inbox.push(n);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  /** A listener; a window (not the engine's replay log) gets what waited for one at once. */
  onDesktop(listener: (n: DesktopNotification) => void, window = true): () => void {
    const off = this.windows.listen(listener, window);
    if (window) this.queue.release('desktop');
    return off;
  }

  /** A window reading the desktop stream through the replay log: what waited for one is shown. */
  windowOpened(): () => void {
    const closed = this.windows.opened();
    this.queue.release('desktop');
    return closed;
  }

  /** Routes what is in the inbox now (also called by tests that drive the clock). */
  drain(): void {
    this.draining = false;
    const batch = this.inbox;
    this.inbox = [];
    for (const n of batch) {
      try {
        this.route(n);
      } catch (err) {
        this.deps.log(`notifications: could not route ${n.type} of alarm ${n.alarm.id}: ${errorText(err)}`);
      }
    }
  }

  /** Sends what rate limits held back, as one digest per route, once a token is free. */
  tick(): void {
    const now = this.deps.clock();
    for (const [routeId, s] of this.suppressed) {
      const route = this.config.routes.find((r) => r.id === routeId);
      if (!route) {
        this.suppressed.delete(routeId);
        continue;
      }
      if (!this.bucket(route, now).take(now)) continue;
      this.suppressed.delete(routeId);
      const message = digestMessage(routeId, { ...s, until: now });
      for (const channel of this.channelsOf(route)) {
        this.queue.enqueue(this.delivery(now, 'digest', null, route, channel, message));
      }
    }
    this.queue.sweep();
    if (now - this.lastPrune > PRUNE_EVERY_MS) this.prune();
  }

  private route(n: AlarmNotice): void {
    const config = this.config;
    const type = NotifyEventType.safeParse(n.type);
    if (!config.enabled || !type.success) return;
    const now = this.deps.clock();
    const { alarm } = n;
    const targets = selectRoutes(
      config.routes,
      { type: type.data, priority: alarm.priority, deviceId: alarm.deviceId, area: alarm.area },
      now,
      config.timeZone,
    );
    const byRoute = new Map<NotificationRoute, string[]>();
    for (const t of targets) {
      if (!this.channels.routable(t.channel, config)) continue;
      let list = byRoute.get(t.route);
      if (!list) byRoute.set(t.route, (list = []));
      list.push(t.channel);
    }
    for (const [route, channels] of byRoute) {
      const message = alarmMessage(n, route.id, this.deps.deviceName?.(alarm.deviceId));
      if (route.emailTo.length > 0) message.emailTo = route.emailTo;
      if (this.bucket(route, now).take(now)) {
        for (const channel of channels) this.queue.enqueue(this.delivery(now, n.type, n, route, channel, message));
        continue;
      }
      const { burst, perMinute } = route.rateLimit;
      const reason = `rate limit of route "${route.id}" (burst ${burst}, ${perMinute}/min): held for the next digest`;
      for (const channel of channels) {
        this.deliveries.insert({
          ...this.delivery(now, n.type, n, route, channel, message),
          status: 'rate_limited',
          lastError: reason,
        });
      }
      this.hold(route.id, now, message.subject.replace(/^\[Watchfloor\] /, ''));
    }
  }

  private hold(routeId: string, now: number, summary: string): void {
    let s = this.suppressed.get(routeId);
    if (!s) this.suppressed.set(routeId, (s = { count: 0, since: now, until: now, samples: [] }));
    s.count++;
    s.until = now;
    if (s.samples.length < DIGEST_SAMPLES) s.samples.push(`${new Date(now).toISOString()} ${summary}`);
  }

  private bucket(route: NotificationRoute, now: number): TokenBucket {
    const b = this.buckets.get(route.id);
    if (b && b.capacity === route.rateLimit.burst && b.perMinute === route.rateLimit.perMinute) return b;
    const fresh = new TokenBucket(route.rateLimit.burst, route.rateLimit.perMinute, now);
    this.buckets.set(route.id, fresh);
    return fresh;
  }

  private channelsOf(route: NotificationRoute): string[] {
    return route.channels.filter((c) => this.channels.routable(c, this.config));
  }

  private delivery(
    at: number,
    event: string,
    n: AlarmNotice | null,
    route: NotificationRoute | null,
    channel: string,
    message: OutgoingMessage,
  ) {
    return {
      at,
      event,
      alarmId: n?.alarm.id ?? null,
      alarmKey: n?.alarm.key ?? null,
      routeId: route?.id ?? null,
      channel,
      target: this.describeTarget(channel, message),
      message,
    };
  }

  /** To whom, for the log; a reference that names nothing now is shown as it is. */
  private describeTarget(channel: string, message: OutgoingMessage): string {
    return this.channels.get(channel)?.describe(message) ?? channel;
  }

  private send(d: PendingDelivery): Promise<SendResult> | SendResult {
    const channel = this.channels.get(d.channel);
    if (!channel) return { ok: false, detail: this.channels.missing(d.channel).send, permanent: true };
    return channel.send(d);
  }

  // —— configuration and the log, for the contract ——

  settings(): NotificationsSettings {
    return {
      config: toView(this.config),
      source: this.stored ? 'settings' : 'file',
      updatedAt: this.stored?.updatedAt ?? null,
      localTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
  }

  saveSettings(next: NotificationsConfig): NotificationsSettings {
    const merged = NotificationsConfig.parse(mergeSecrets(next, this.config));
    const at = this.deps.clock();
    saveNotifications(this.deps.db, merged, at);
    this.stored = { config: merged, updatedAt: at };
    this.resetChannels();
    this.deps.log('notifications: settings saved from the UI (overriding the configuration file)');
    return this.settings();
  }

  resetSettings(): NotificationsSettings {
    clearNotifications(this.deps.db);
    this.stored = undefined;
    this.resetChannels();
    return this.settings();
  }

  private resetChannels(): void {
    this.channels.configure(this.config);
  }

  async test(ref: string, emailTo: string[] | undefined): Promise<NotificationDelivery> {
    const channel = this.channels.get(ref);
    if (!channel) {
      const missing = this.channels.missing(ref);
      throw new EngineError(missing.code, missing.test);
    }
    const at = this.deps.clock();
    const message = channel.test(at, { emailTo });
    const id = await this.queue.sendOnce(this.delivery(at, 'test', null, null, ref, message));
    return this.deliveries.get(id)!;
  }

  prune(): void {
    const now = this.deps.clock();
    this.lastPrune = now;
    this.deliveries.prune(now - this.config.logRetentionDays * 86_400_000);
  }
}
