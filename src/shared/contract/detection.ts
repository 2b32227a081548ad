// Detection shapes of the contract: the rules an engineer edits per device and signal (limits,
// rate of change, flatline, bad quality, offline), their audit trail, and the anomalies every
// detector writes to history. The same schemas validate the config file, Settings → Rules and
// the engine's handlers, so one set of error messages reaches every user.
import { z } from 'zod';
import { Priority, Quality } from '../domain';

const DelayMs = z
  .number()
  .int('a delay is a whole number of milliseconds')
  .min(0, 'a delay cannot be negative')
  .max(3_600_000, 'a delay is at most one hour (3600000 ms)');

/** What every rule carries for the alarm it raises. */
const alarmFields = {
  enabled: z.boolean().default(true),
  priority: Priority.optional(),
  /** Not set: the default (for limits, the signal kind's; else none). */
  onDelayMs: DelayMs.optional(),
  offDelayMs: DelayMs.optional(),
};

const Finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Limits from the device registry, optionally overridden here; hi/lo raise at `priority`, hiHi/loLo critical. */
export const LimitRule = z
  .object({
    ...alarmFields,
    lo: Finite.optional(),
    hi: Finite.optional(),
    loLo: Finite.optional(),
    hiHi: Finite.optional(),
    deadband: z.number().min(0, 'the deadband cannot be negative').optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const order: [keyof typeof r, keyof typeof r][] = [
      ['loLo', 'lo'],
      ['lo', 'hi'],
      ['hi', 'hiHi'],
      ['loLo', 'hi'],
      ['lo', 'hiHi'],
      ['loLo', 'hiHi'],
    ];
    for (const [a, b] of order) {
      const x = r[a];
      const y = r[b];
      if (typeof x === 'number' && typeof y === 'number' && !(x < y)) {
        ctx.addIssue({ code: 'custom', path: [b], message: `${b} (${y}) must be above ${a} (${x})` });
      }
    }
  });
export type LimitRule = z.infer<typeof LimitRule>;

/** Change between two consecutive readings, per second, beyond which the value moves too fast. */
export const RateRule = z
  .object({
    ...alarmFields,
    maxPerSecond: z.number().positive('the largest change per second must be above 0'),
    /** Once active, the rate must fall below maxPerSecond − deadband to return. */
    deadband: z.number().min(0, 'the deadband cannot be negative').default(0),
  })
  .strict();
export type RateRule = z.infer<typeof RateRule>;

/** A value stuck (within `tolerance`) for `samples` readings or `durationMs`, whichever comes first. */
export const FlatlineRule = z
  .object({
    ...alarmFields,
    samples: z.number().int().min(2, 'a flatline needs at least 2 samples').max(1_000_000).optional(),
    durationMs: z
      .number()
      .int()
      .min(1000, 'a flatline lasts at least 1000 ms')
      .max(30 * 86_400_000)
      .optional(),
    tolerance: z.number().min(0, 'the tolerance cannot be negative').default(0),
  })
  .strict()
  .refine((r) => !r.enabled || r.samples !== undefined || r.durationMs !== undefined, {
    message: 'a flatline rule needs samples, durationMs or both',
    path: ['samples'],
  });
export type FlatlineRule = z.infer<typeof FlatlineRule>;

/** Bad quality readings (and optionally uncertain ones) raise an alarm. */
export const QualityRule = z.object({ ...alarmFields, includeUncertain: z.boolean().default(false) }).strict();
export type QualityRule = z.infer<typeof QualityRule>;

/** Per device (signal "*"): no data for max(30 s, 3 × the fastest expected interval), or timeoutMs. */
export const OfflineRule = z
  .object({
    ...alarmFields,
    timeoutMs: z
      .number()
      .int()
      .min(1000, 'an offline timeout is at least 1000 ms')
      .max(7 * 86_400_000)
      .optional(),
  })
  .strict();
export type OfflineRule = z.infer<typeof OfflineRule>;

export const RuleSet = z
  .object({
    limits: LimitRule.optional(),
    rate: RateRule.optional(),
    flatline: FlatlineRule.optional(),
    quality: QualityRule.optional(),
    offline: OfflineRule.optional(),
  })
  .strict();
export type RuleSet = z.infer<typeof RuleSet>;
export type RuleSetInput = z.input<typeof RuleSet>;
export const RULE_KINDS = ['limits', 'rate', 'flatline', 'quality', 'offline'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

const TargetName = z
  .string()
  .min(1, 'name a device (or * for every device)')
  .max(128)
  .regex(/^(\*|[A-Za-z0-9._:/-]+)$/, 'letters, digits and . _ : / - only, or * for all');

/** Rules for one target: a device and a signal, either of which may be "*" (every one). */
const entryFields = { device: TargetName, signal: TargetName, rules: RuleSet };
const offlineOnDevice = {
  check: (e: { signal: string; rules: RuleSet }) => e.rules.offline === undefined || e.signal === '*',
  message: 'offline is judged per device: put it on signal "*"',
};
export const RuleEntry = z
  .object(entryFields)
  .strict()
  .refine(offlineOnDevice.check, { message: offlineOnDevice.message, path: ['rules', 'offline'] });
export type RuleEntry = z.infer<typeof RuleEntry>;
export type RuleEntryInput = z.input<typeof RuleEntry>;

export const StoredRuleEntry = z.object({
  device: z.string(),
  signal: z.string(),
  rules: RuleSet,
  /** config: named in the configuration file (reapplied at every start); ui: edited in Settings. */
  origin: z.enum(['config', 'ui']),
  updatedAt: z.number(),
  updatedBy: z.string(),
});
export type StoredRuleEntry = z.infer<typeof StoredRuleEntry>;

export const RuleAudit = z.object({
  id: z.number().int(),
  at: z.number(),
  by: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  device: z.string(),
  signal: z.string(),
  before: RuleSet.nullable(),
  after: RuleSet.nullable(),
});
export type RuleAudit = z.infer<typeof RuleAudit>;

/** The kinds of anomaly a detector reports; each explains itself with its own evidence. */
export const AnomalyKind = z.enum([
  'high',
  'low',
  'rate',
  'flatline',
  'offline',
  'quality',
  'statistical',
  'trend',
  'model',
]);
export type AnomalyKind = z.infer<typeof AnomalyKind>;

/** A figure a detector saw; null where it was not a finite number (JSON has no NaN or ∞). */
const Figure = z.number().nullable();
/** Which rule entry set the rule ("device-001/*"), or "default". */
const RuleFrom = z.string();

/** high, low: the limit crossed. */
export const LimitEvidence = z.object({
  rule: z.literal('limits'),
  limit: z.enum(['hi', 'hiHi', 'lo', 'loLo']),
  limitValue: Figure,
  value: Figure,
  deadband: Figure,
  from: RuleFrom,
});
/** rate: the change per second between two readings, against the most allowed. */
export const RateEvidence = z.object({
  rule: z.literal('rate'),
  ratePerSecond: Figure,
  maxPerSecond: Figure,
  previous: Figure,
  value: Figure,
  from: RuleFrom,
});
/** flatline: the value stuck since a time, for so many readings, against the rule's limits. */
export const FlatlineEvidence = z.object({
  rule: z.literal('flatline'),
  value: Figure,
  since: Figure,
  samples: Figure,
  durationMs: Figure,
  /** Null when the rule does not judge by readings (or by time). */
  limitSamples: Figure,
  limitDurationMs: Figure,
  tolerance: Figure,
  from: RuleFrom,
});
/** quality: what the sensor said of its reading. */
export const QualityEvidence = z.object({
  rule: z.literal('quality'),
  quality: Quality,
  value: Figure,
  from: RuleFrom,
});
/** offline: how long the device was silent, against its timeout; or it announced its death. */
export const OfflineEvidence = z.object({
  rule: z.literal('offline'),
  lastSeen: Figure,
  silenceMs: Figure,
  timeoutMs: Figure,
  /** Sparkplug: the device said it was going (NDEATH), no timeout needed. */
  died: z.boolean(),
  from: RuleFrom,
});
/** statistical: the score against its threshold, and what the value was expected to be. */
export const StatisticalEvidence = z.object({
  score: Figure,
  threshold: Figure,
  baseline: Figure,
  /** value − baseline, and in robust standard deviations. */
  deviation: Figure,
  z: Figure,
  scale: Figure,
  /** Which question scored highest. */
  reason: z.enum(['level', 'step', 'season', 'excursions', 'none']),
  seasonal: z.enum(['none', 'daily', 'weekly']),
  /** Past the warm-up. */
  warm: z.boolean(),
  count: Figure,
  value: Figure,
});
/** trend: the fitted line and when it reaches a limit. */
export const TrendEvidence = z.object({
  limit: z.enum(['hi', 'lo']),
  limitValue: Figure,
  crossAtMs: Figure,
  inMs: Figure,
  slopePerSecond: Figure,
  /** Share of the window's variance the line explains. */
  r2: Figure,
  fitted: Figure,
  horizonMs: Figure,
  value: Figure,
});
/** model: the model and version, its score against its threshold, the signals most off. */
export const ModelEvidence = z.object({
  model: z.string(),
  version: z.number(),
  score: Figure,
  threshold: Figure,
  top: z.array(z.object({ signal: z.string(), share: Figure.optional() })),
  /** The input vector, by signal. */
  values: z.record(z.string(), Figure),
});

/** The evidence each kind of anomaly carries. */
export const ANOMALY_EVIDENCE = {
  high: LimitEvidence,
  low: LimitEvidence,
  rate: RateEvidence,
  flatline: FlatlineEvidence,
  offline: OfflineEvidence,
  quality: QualityEvidence,
  statistical: StatisticalEvidence,
  trend: TrendEvidence,
  model: ModelEvidence,
} as const satisfies Record<AnomalyKind, z.ZodType>;

/** What a detector of this kind writes: every figure of its evidence. */
export type AnomalyEvidence<K extends AnomalyKind = AnomalyKind> = z.output<(typeof ANOMALY_EVIDENCE)[K]>;

const anomalyFields = {
  deviceId: z.string(),
  /** "*" for device-wide detectors (offline, multivariate models). */
  signal: z.string(),
  ts: z.number(),
  /** A rule id (`rule:flatline`), `stats`, `trend` or `model@version`. */
  detector: z.string(),
  /** 0..1; rules score 1. */
  score: z.number(),
  /** One sentence a person can read. */
  message: z.string(),
  /**
   * The false-alarm label whose look-alike this is: stored and shown, but it raised no alarm
   * (feedback from expert review). Absent or null: not suppressed.
   */
  suppressedBy: z.string().nullable().optional(),
};

/**
 * One anomaly as read back (anomalies.list): a union keyed by `kind`, whose `evidence` has
 * that kind's figures. A figure may be missing from an anomaly an older engine stored; the
 * Device view shows "–" for it. Detectors write `DetectedAnomaly`, with every figure.
 */
function ofKind<K extends AnomalyKind, E extends z.ZodType>(kind: K, evidence: E) {
  return z.object({ ...anomalyFields, kind: z.literal(kind), evidence });
}
export const Anomaly = z.discriminatedUnion('kind', [
  ofKind('high', LimitEvidence.partial()),
  ofKind('low', LimitEvidence.partial()),
  ofKind('rate', RateEvidence.partial()),
  ofKind('flatline', FlatlineEvidence.partial()),
  ofKind('offline', OfflineEvidence.partial()),
  ofKind('quality', QualityEvidence.partial()),
  ofKind('statistical', StatisticalEvidence.partial()),
  ofKind('trend', TrendEvidence.partial()),
  ofKind('model', ModelEvidence.partial()),
]);
export type Anomaly = z.infer<typeof Anomaly>;

/** A kind with its full evidence: what a detector reports. */
export type AnomalyFinding = { [K in AnomalyKind]: { kind: K; evidence: AnomalyEvidence<K> } }[AnomalyKind];
/** An anomaly as a detector reports it (and history stores it). */
export type DetectedAnomaly = Omit<Anomaly, 'kind' | 'evidence'> & AnomalyFinding;

/** What an alarm-raising rule in force carries, once defaults are applied. */
const effectiveAlarm = {
  enabled: z.boolean(),
  priority: Priority,
  onDelayMs: z.number(),
  offDelayMs: z.number(),
};
/** A limit or maximum that is not set (no such limit, rate unlimited) is null. */
const Limit = z.number().nullable();

/**
 * The rules in force for one series (rules.effective): defaults, the registry's limits and
 * every matching entry resolved per kind. The per-series kinds are absent for a signal the
 * registry does not know; offline (judged per device) is always there. `from` names the
 * entry each kind came from ("device-001/*") or "default".
 */
export const EffectiveRules = z.object({
  rules: z.object({
    limits: z
      .object({ ...effectiveAlarm, lo: Limit, hi: Limit, loLo: Limit, hiHi: Limit, deadband: z.number() })
      .optional(),
    rate: z.object({ ...effectiveAlarm, maxPerSecond: Limit, deadband: z.number() }).optional(),
    flatline: z
      .object({
        ...effectiveAlarm,
        /** 0 when not judged by readings; durationMs 0 when not judged by time. */
        samples: z.number(),
        durationMs: z.number(),
        tolerance: z.number(),
      })
      .optional(),
    quality: z.object({ ...effectiveAlarm, includeUncertain: z.boolean() }).optional(),
    offline: z.object({
      ...effectiveAlarm,
      /** Null: derived from the device's expected intervals. */
      timeoutMs: Limit,
      from: z.string(),
    }),
  }),
  from: z.object({
    limits: z.string().optional(),
    rate: z.string().optional(),
    flatline: z.string().optional(),
    quality: z.string().optional(),
    offline: z.string(),
  }),
});
export type EffectiveRules = z.infer<typeof EffectiveRules>;

export const detectionRequests = {
  /** Every stored rule entry (config and UI), most specific last. */
  'rules.list': { params: z.object({}).strict(), result: z.array(StoredRuleEntry) },
  /** The rules in force for one series, each with the entry it came from. */
  'rules.effective': {
    params: z.object({ device: z.string().min(1), signal: z.string().min(1) }).strict(),
    result: EffectiveRules,
  },
  /**
   * Creates or replaces the rules of one target; validated, audited. Who changed it is the
   * caller of the call (its call context), never a parameter; the same for rules.delete.
   */
  'rules.save': { params: RuleEntry, result: StoredRuleEntry },
  'rules.delete': {
    params: z.object({ device: z.string().min(1), signal: z.string().min(1) }).strict(),
    result: z.object({ deleted: z.boolean() }),
  },
  /** Who changed which rule when, newest first. */
  'rules.audit': {
    params: z
      .object({
        device: z.string().optional(),
        signal: z.string().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    result: z.array(RuleAudit),
  },
  /** Anomalies of one series (or a device's "*") in a time range, oldest first. */
  'anomalies.list': {
    params: z
      .object({
        deviceId: z.string().min(1),
        signal: z.string().min(1),
        from: z.number(),
        to: z.number(),
        /** Device-wide anomalies (signal "*") too. */
        includeDevice: z.boolean().default(true),
        limit: z.number().int().min(1).max(10_000).default(1000),
      })
      .strict()
      .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] }),
    result: z.array(Anomaly),
  },
} as const;

export const detectionStreams = {} as const;
