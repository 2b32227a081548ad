// Domain types shared by the engine and every client. Schemas are the source of truth;
// TypeScript types are inferred from them.
import { z } from 'zod';
import { SINGLE_SOURCE_KIND_NAMES, SOURCE_KIND_NAMES } from './sources/source-kind-names';

export const Quality = z.enum(['good', 'uncertain', 'bad']);
export type Quality = z.infer<typeof Quality>;

export const AlarmLimits = z
  .object({
    lo: z.number().optional(),
    hi: z.number().optional(),
    loLo: z.number().optional(),
    hiHi: z.number().optional(),
  })
  .strict();
export type AlarmLimits = z.infer<typeof AlarmLimits>;

export const Signal = z
  .object({
    key: z.string().min(1).max(128),
    unit: z.string().max(32).default(''),
    /** The band the process normally runs in: drawn on charts, used by the simulator. */
    normal: z.tuple([z.number(), z.number()]).optional(),
    limits: AlarmLimits.default({}),
    /** How often a reading is expected; drives offline detection. */
    intervalMs: z.number().int().positive().default(5000),
    /** A value must come back inside a limit by this much before the alarm returns to normal. */
    deadband: z.number().nonnegative().default(0),
  })
  .strict();
export type Signal = z.infer<typeof Signal>;

export const Device = z
  .object({
    id: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
    name: z.string().max(200),
    kind: z.string().max(64).default('generic'),
    location: z.string().max(200).default(''),
    /** The operator area its alarms belong to (flood detection, KPIs, routing); '' is "default". */
    area: z.string().max(100).default(''),
    signals: z.array(Signal).default([]),
    /** Seen on the wire but never configured: visible, never alarming. */
    unconfigured: z.boolean().default(false),
  })
  .strict();
export type Device = z.infer<typeof Device>;
export type DeviceInput = z.input<typeof Device>;

export const Reading = z.object({
  deviceId: z.string(),
  signal: z.string(),
  /** UTC epoch milliseconds. */
  ts: z.number(),
  value: z.number(),
  quality: Quality,
});
export type Reading = z.infer<typeof Reading>;

export function seriesKey(deviceId: string, signal: string): string {
  return `${deviceId}/${signal}`;
}

/**
 * ISA-18.2 states. The first four are the alarm's own life; shelved (by an operator, until a
 * time), suppressed (by design: the device's offline alarm stands) and out_of_service
 * (maintenance) hide it from the queue's annunciation without losing it.
 */
export const AlarmState = z.enum([
  'normal',
  'unack_active',
  'ack_active',
  'unack_rtn',
  'shelved',
  'suppressed',
  'out_of_service',
]);
export type AlarmState = z.infer<typeof AlarmState>;

export const AlarmKind = z.enum(['high', 'low', 'rate', 'flatline', 'offline', 'quality', 'anomaly', 'trend', 'model']);
export type AlarmKind = z.infer<typeof AlarmKind>;

export const Priority = z.enum(['critical', 'high', 'medium', 'low']);
export type Priority = z.infer<typeof Priority>;

/** How urgent each priority is: higher is more urgent (for comparing and escalating). */
export const URGENCY: Readonly<Record<Priority, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The more urgent of two priorities. */
export function moreUrgent(a: Priority, b: Priority): Priority {
  return URGENCY[a] >= URGENCY[b] ? a : b;
}

/** One step more urgent (critical stays critical). */
export function escalated(p: Priority): Priority {
  return p === 'low' ? 'medium' : p === 'medium' ? 'high' : 'critical';
}

/** The area name used when a device has none. */
export const DEFAULT_AREA = 'default';

export function areaName(area: string | undefined | null): string {
  return area ? area : DEFAULT_AREA;
}

export const Alarm = z.object({
  id: z.number().int(),
  /** Deduplication key: device + signal + kind. */
  key: z.string(),
  deviceId: z.string(),
  /** The signal, or '*' for a device-wide condition (offline). */
  signal: z.string(),
  kind: AlarmKind,
  /** Operator area of the device when the alarm was raised ('default' when it has none). */
  area: z.string(),
  priority: Priority,
  state: AlarmState,
  /** The value that last put the alarm in its active state, and the limit it crossed (none for e.g. offline). */
  value: z.number(),
  limit: z.number().nullable(),
  /** What detection said about it, when it says more than value and limit. */
  message: z.string().nullable(),
  /** Whether the process condition behind it is active now (also while shelved or suppressed). */
  conditionActive: z.boolean(),
  raisedAt: z.number(),
  /** When the condition last became active (the newest occurrence). */
  lastAt: z.number(),
  /** Occurrences counted on this alarm: each time its condition became active. */
  count: z.number().int(),
  returnedAt: z.number().nullable(),
  ackedAt: z.number().nullable(),
  ackedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  shelvedUntil: z.number().nullable(),
  shelvedBy: z.string().nullable(),
  shelveReason: z.string().nullable(),
  /** Changed state more often than the chattering limit allows. */
  chattering: z.boolean(),
  /** Reminders sent while it stayed unacknowledged (each may have raised its priority). */
  reminders: z.number().int(),
  closedAt: z.number().nullable(),
  closedBy: z.string().nullable(),
  closeComment: z.string().nullable(),
});
export type Alarm = z.infer<typeof Alarm>;

/** What identifies a newly raised alarm; everything else starts as for any fresh alarm. */
export type RaisedAlarmInit = Pick<
  Alarm,
  'key' | 'deviceId' | 'signal' | 'kind' | 'area' | 'priority' | 'value' | 'limit'
> &
  Partial<Pick<Alarm, 'id' | 'state' | 'message'>> & { at: number };

/** An alarm as raised at `at`: active, unacknowledged, seen once, nothing else yet. */
export function raisedAlarm(init: RaisedAlarmInit): Alarm {
  const { at, ...fields } = init;
  return {
    id: 0,
    state: 'unack_active',
    message: null,
    ...fields,
    conditionActive: true,
    raisedAt: at,
    lastAt: at,
    count: 1,
    returnedAt: null,
    ackedAt: null,
    ackedBy: null,
    ackComment: null,
    shelvedUntil: null,
    shelvedBy: null,
    shelveReason: null,
    chattering: false,
    reminders: 0,
    closedAt: null,
    closedBy: null,
    closeComment: null,
  };
}

export const AlarmJournalEntry = z.object({
  alarmId: z.number().int(),
  at: z.number(),
  event: z.string(),
  from: AlarmState,
  to: AlarmState,
  by: z.string().nullable(),
  comment: z.string().nullable(),
  value: z.number().nullable(),
});
export type AlarmJournalEntry = z.infer<typeof AlarmJournalEntry>;

export const DeadLetter = z.object({
  id: z.number().int(),
  at: z.number(),
  source: z.string(),
  /** Where it came from within the source: an MQTT topic, a file name. */
  origin: z.string(),
  reason: z.string(),
  /** The first bytes of the raw payload, as text (invalid UTF-8 replaced). */
  raw: z.string(),
  size: z.number().int(),
  /** Only the first bytes were kept: it cannot be re-queued. */
  truncated: z.boolean(),
  /** Times it was re-queued and rejected again. */
  attempts: z.number().int(),
  retriedAt: z.number().nullable(),
  /** Rejections it holds: the rejected parts of one message are one dead letter. */
  count: z.number().int(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

// Written compactly on purpose: health is in the first view's bundle (docs/developer-guide.md: Bundle budget).
const count = z.number().int();
const when = z.number().nullable();
/**
 * One endpoint a polling source reads (a Prometheus target) as last polled: `up` (the last scrape
 * answered and was read; false before the first), `lastScrapeAt`, `durationMs` (request, parse and
 * durable store), `samples` in it, of those `skipped` (not a finite number, or a counter's first
 * sample before its rate), `scrapes` so far, and the last `error`.
 */
export const SourceTarget = z.object({
  url: z.string(),
  up: z.boolean(),
  lastScrapeAt: when,
  durationMs: when,
  samples: count,
  skipped: count,
  scrapes: count,
  error: z.string().nullable(),
});
export type SourceTarget = z.infer<typeof SourceTarget>;

export const SourceHealth = z.object({
  id: z.string(),
  /** A registered source kind: a list kind (mqtt, kafka) or a single-instance one (http, the engine's HTTP ingest). */
  kind: z.enum([...SOURCE_KIND_NAMES, ...SINGLE_SOURCE_KIND_NAMES]),
  url: z.string(),
  connected: z.boolean(),
  messages: z.number().int(),
  /** Messages per second over the last minute. */
  ratePerSecond: z.number().default(0),
  /** Messages received but not yet durable (not acknowledged to the source). */
  pending: z.number().int().default(0),
  /** Age of the oldest pending message, ms: how far behind the source the engine is. */
  lagMs: z.number().default(0),
  lastMessageAt: z.number().nullable(),
  error: z.string().nullable(),
  /** For a source that polls several endpoints (Prometheus targets): each one as last polled. */
  targets: z.array(SourceTarget).optional(),
});
export type SourceHealth = z.infer<typeof SourceHealth>;

export const Health = z.object({
  status: z.enum(['starting', 'ok', 'degraded', 'stopping']),
  version: z.string(),
  startedAt: z.number(),
  uptimeMs: z.number(),
  broker: z.object({ embedded: z.boolean(), url: z.string(), clients: z.number().int() }).nullable(),
  sources: z.array(SourceHealth),
  simulator: z.object({
    running: z.boolean(),
    published: z.number().int(),
    /** episodes: a quiet plant with occasional episodes; injection: the 5 % anomaly injection (config `simulator.mode`). */
    mode: z.enum(['episodes', 'injection']).optional(),
  }),
  readings: z.object({ received: z.number().int(), stored: z.number().int() }),
  deadLetters: z.number().int(),
  /** Dead letters removed by the table's size and age limits (ingest.deadLetters), oldest first. */
  deadLettersDropped: z.number().int(),
  activeAlarms: z.number().int(),
  /** Omitted on GET /api/health for callers on other machines. */
  dataDir: z.string().optional(),
  /** Why the status is degraded, one sentence each (empty when ok). */
  problems: z.array(z.string()).default([]),
  /** Whether history takes writes; after a storage fault (disk full) it reopens by itself. */
  history: z
    .object({
      writable: z.boolean(),
      error: z.string().nullable(),
      since: z.number().nullable(),
      freeBytes: z.number().nullable(),
    })
    .nullable()
    .default(null),
  /** The assistant at a glance: where answers come from, Ollama as last checked, the knowledge index. */
  assistant: z
    .object({
      answers: z.enum(['model', 'retrieval']),
      ollama: z.enum(['disabled', 'unreachable', 'ready', 'models-missing', 'unknown']),
      documents: z.number().int(),
      chunks: z.number().int(),
    })
    .nullable()
    .default(null),
});
export type Health = z.infer<typeof Health>;
