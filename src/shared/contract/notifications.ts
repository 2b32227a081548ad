// Notifications in the contract: the routing and channel configuration (secrets write-only),
// test sends, the delivery log, and the stream a window turns into OS notifications.
import { z } from 'zod';
import { Priority } from '../domain';

const NoParams = z.object({}).strict();

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only');

const Email = z.string().trim().email('not an e-mail address');

/** What happened to an alarm that a route can ask to be told about. */
export const NotifyEventType = z.enum([
  'raised',
  'escalated',
  'reminder',
  'returned',
  'acknowledged',
  'shelved',
  'resolved',
]);
export type NotifyEventType = z.infer<typeof NotifyEventType>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;
export const WEEKDAYS = Weekday.options;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time of day as HH:MM (24 h)');

/**
 * A local time window on some weekdays. `to` at or before `from` runs past midnight (22:00–06:00
 * is a night shift, counted as starting on the listed day); `from` equal to `to` is the whole day.
 */
export const TimeWindow = z
  .object({
    days: z
      .array(Weekday)
      .min(1)
      .default([...WEEKDAYS]),
    from: TimeOfDay.default('00:00'),
    to: TimeOfDay.default('00:00'),
  })
  .strict();
export type TimeWindow = z.infer<typeof TimeWindow>;

/** "desktop", "email" or "webhook:<id>". */
export const ChannelRef = z
  .string()
  .regex(/^(desktop|email|webhook:[A-Za-z0-9._-]+)$/, 'a channel is "desktop", "email" or "webhook:<id>"');
export type ChannelRef = z.infer<typeof ChannelRef>;

/** A token bucket per route: `burst` notifications at once, refilled at `perMinute`. */
export const RateLimit = z
  .object({
    burst: z.number().int().min(1).max(1000).default(10),
    perMinute: z.number().positive().max(1000).default(2),
  })
  .strict();
export type RateLimit = z.infer<typeof RateLimit>;

export const NotificationRoute = z
  .object({
    id: Id,
    name: z.string().max(200).default(''),
    enabled: z.boolean().default(true),
    /** Empty matches any. */
    priorities: z.array(Priority).default([]),
    /** Device ids; `*` matches any run of characters (`pump-*`). Empty matches any. */
    devices: z.array(z.string().trim().min(1).max(128)).default([]),
    /** Operator areas; a device without one is in "default". Empty matches any. */
    areas: z.array(z.string().trim().min(1).max(128)).default([]),
    events: z.array(NotifyEventType).min(1).default(['raised', 'escalated', 'reminder']),
    /** Local time windows; the route applies inside any of them. Empty is always. */
    when: z.array(TimeWindow).default([]),
    channels: z.array(ChannelRef).min(1, 'a route needs at least one channel'),
    /** Recipients for the email channel on this route; empty uses smtp.to. */
    emailTo: z.array(Email).default([]),
    rateLimit: RateLimit.prefault({}),
    /** Later routes are not considered once this one matched. */
    stop: z.boolean().default(false),
  })
  .strict();
export type NotificationRoute = z.infer<typeof NotificationRoute>;

export const SmtpConfig = z
  .object({
    host: z.string().trim().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** starttls: upgrade a plain connection (587); tls: TLS from the first byte (465); none: plain. */
    security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
    user: z.string().optional(),
    /** Write-only over the contract. */
    password: z.string().optional(),
    from: Email,
    to: z.array(Email).default([]),
    rejectUnauthorized: z.boolean().default(true),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .strict();
export type SmtpConfig = z.infer<typeof SmtpConfig>;

export const WebhookConfig = z
  .object({
    id: Id,
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    /** Write-only over the contract; in a save from the UI an empty value keeps the stored one. */
    headers: z.record(z.string().min(1), z.string()).default({}),
    /** Sent as `Authorization: Bearer …`. Write-only over the contract. */
    bearerToken: z.string().optional(),
    /** Signs each body: `X-Watchfloor-Signature: sha256=HMAC(secret, timestamp + "." + body)`. Write-only. */
    hmacSecret: z.string().optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  })
  .strict();
export type WebhookConfig = z.infer<typeof WebhookConfig>;

/** Retries of email and webhook deliveries: exponential backoff from `backoffMs`, capped. */
export const RetryPolicy = z
  .object({
    maxAttempts: z.number().int().min(1).max(20).default(6),
    backoffMs: z.number().int().min(10).max(600_000).default(2000),
    maxBackoffMs: z.number().int().min(10).max(86_400_000).default(300_000),
  })
  .strict();

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const NotificationsConfig = z
  .object({
    enabled: z.boolean().default(true),
    /** IANA zone for route time windows; omitted means the engine machine's local zone. */
    timeZone: z.string().refine(validTimeZone, { message: 'not an IANA time zone' }).optional(),
    desktop: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .prefault({}),
    smtp: SmtpConfig.optional(),
    webhooks: z.array(WebhookConfig).default([]),
    routes: z.array(NotificationRoute).prefault([
      {
        id: 'urgent-desktop',
        name: 'Urgent alarms on the desktop',
        priorities: ['critical', 'high'],
        channels: ['desktop'],
      },
    ]),
    retry: RetryPolicy.prefault({}),
    /** Deliveries waiting at most; beyond, new ones are logged as dropped. */
    queueLimit: z.number().int().min(10).max(100_000).default(1000),
    logRetentionDays: z.number().positive().max(3650).default(30),
  })
  .strict()
  .superRefine((c, ctx) => {
    const hooks = new Set<string>();
    c.webhooks.forEach((w, i) => {
      if (hooks.has(w.id))
        ctx.addIssue({ code: 'custom', path: ['webhooks', i, 'id'], message: `duplicate webhook id "${w.id}"` });
      hooks.add(w.id);
    });
    const routes = new Set<string>();
    c.routes.forEach((r, i) => {
      if (routes.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'id'], message: `duplicate route id "${r.id}"` });
      routes.add(r.id);
      r.channels.forEach((ch, j) => {
        const path = ['routes', i, 'channels', j];
        if (ch.startsWith('webhook:') && !hooks.has(ch.slice(8))) {
          ctx.addIssue({ code: 'custom', path, message: `no webhook with id "${ch.slice(8)}"` });
        }
        if (ch === 'email') {
          if (!c.smtp) ctx.addIssue({ code: 'custom', path, message: 'the email channel needs an smtp server' });
          else if (r.emailTo.length === 0 && c.smtp.to.length === 0) {
            ctx.addIssue({ code: 'custom', path, message: 'no recipients: set emailTo on the route or smtp.to' });
          }
        }
      });
      r.when.forEach((w, j) => {
        if (new Set(w.days).size !== w.days.length) {
          ctx.addIssue({ code: 'custom', path: ['routes', i, 'when', j, 'days'], message: 'a day is listed twice' });
        }
      });
    });
    if (c.retry.maxBackoffMs < c.retry.backoffMs) {
      ctx.addIssue({ code: 'custom', path: ['retry', 'maxBackoffMs'], message: 'must be at least backoffMs' });
    }
  });
export type NotificationsConfig = z.infer<typeof NotificationsConfig>;
export type NotificationsConfigInput = z.input<typeof NotificationsConfig>;

/** The configuration as clients see it: secrets replaced by whether they are set. */
export const NotificationsConfigView = z.object({
  enabled: z.boolean(),
  timeZone: z.string().nullable(),
  desktop: z.object({ enabled: z.boolean() }),
  smtp: SmtpConfig.omit({ password: true }).extend({ passwordSet: z.boolean() }).nullable(),
  webhooks: z.array(
    WebhookConfig.omit({ bearerToken: true, hmacSecret: true, headers: true }).extend({
      /** Header values are write-only like the other secrets: only the names are shown. */
      headerNames: z.array(z.string()),
      bearerTokenSet: z.boolean(),
      hmacSecretSet: z.boolean(),
    }),
  ),
  routes: z.array(NotificationRoute),
  retry: RetryPolicy,
  queueLimit: z.number().int(),
  logRetentionDays: z.number(),
});
export type NotificationsConfigView = z.infer<typeof NotificationsConfigView>;

export const NotificationsSettings = z.object({
  config: NotificationsConfigView,
  /** file: the configuration file (or defaults); settings: saved from the UI, overriding the file. */
  source: z.enum(['file', 'settings']),
  updatedAt: z.number().nullable(),
  /** The engine's zone when no timeZone is set. */
  localTimeZone: z.string(),
});
export type NotificationsSettings = z.infer<typeof NotificationsSettings>;

/**
 * waiting: a desktop notification with no control-room window open, shown when one connects;
 * not_shown: it expired before one did (neutral, not a failure); rate_limited: held back by a
 * route's rate limit and sent later in a digest.
 */
export const DeliveryStatus = z.enum(['pending', 'sent', 'failed', 'rate_limited', 'dropped', 'waiting', 'not_shown']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DeliveryAttempt = z.object({
  attempt: z.number().int(),
  at: z.number(),
  ok: z.boolean(),
  /** What the peer answered, or why it failed. */
  detail: z.string(),
  durationMs: z.number(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const NotificationDelivery = z.object({
  id: z.number().int(),
  createdAt: z.number(),
  /** The alarm event, or "digest" (what a rate limit held back) or "test". */
  event: z.string(),
  alarmId: z.number().int().nullable(),
  alarmKey: z.string().nullable(),
  routeId: z.string().nullable(),
  channel: z.string(),
  /** To whom: recipients, a URL, or the windows that showed it. */
  target: z.string(),
  subject: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.number().nullable(),
  updatedAt: z.number(),
  attemptLog: z.array(DeliveryAttempt),
});
export type NotificationDelivery = z.infer<typeof NotificationDelivery>;

export const DesktopNotification = z.object({
  deliveryId: z.number().int(),
  title: z.string(),
  body: z.string(),
  priority: Priority.nullable(),
  alarmId: z.number().int().nullable(),
  deviceId: z.string().nullable(),
  at: z.number(),
});
export type DesktopNotification = z.infer<typeof DesktopNotification>;

export const notificationsRequests = {
  'notifications.settings.get': { params: NoParams, result: NotificationsSettings },
  /**
   * Validates and saves (in state.db, overriding the file); omitted secrets keep their value
   * (toward the same server only), "" clears. An empty webhook header value keeps the stored one.
   */
  'notifications.settings.set': {
    params: z.object({ config: NotificationsConfig }).strict(),
    result: NotificationsSettings,
  },
  /** Forgets what the UI saved: the configuration file applies again. */
  'notifications.settings.reset': { params: NoParams, result: NotificationsSettings },
  /** Sends a test through one channel now (one attempt, no rate limit) and returns the logged outcome. */
  'notifications.test': {
    params: z.object({ channel: ChannelRef, emailTo: z.array(Email).max(50).optional() }).strict(),
    result: NotificationDelivery,
  },
  'notifications.log': {
    params: z
      .object({
        status: z.array(DeliveryStatus).min(1).optional(),
        channel: z.string().optional(),
        /** Entries older than this id (paging back). */
        beforeId: z.number().int().optional(),
        /** Skips this many of the matching entries, newest first (page by page). */
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: z.object({
      items: z.array(NotificationDelivery),
      /** How many entries match the filter (all pages). */
      total: z.number().int(),
      counts: z.record(DeliveryStatus, z.number().int()),
      /** Why deliveries failed, were not shown or were held back: [status, reason, count], most first. */
      reasons: z.array(z.tuple([DeliveryStatus, z.string(), z.number().int()])),
    }),
  },
} as const;

export const notificationsStreams = {
  /** Notifications for the OS: each window turns them into `new Notification(...)`. */
  'notifications.desktop': { params: NoParams, event: DesktopNotification, resumable: true },
} as const;
