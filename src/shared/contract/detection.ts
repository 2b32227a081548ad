// Detection shapes of the contract: the rules an engineer edits per device and signal (limits,
// rate of change, flatline, bad quality, offline), their audit trail, and the anomalies every
// detector writes to history. The same schemas validate the config file, Settings → Rules and
// the engine's handlers, so one set of error messages reaches every user.
import { z } from 'zod';
import { Priority } from '../domain';

const DelayMs = z
  .number()
  .int('a delay is a whole number of milliseconds')
  .min(0, 'a delay cannot be negative')
  .max(3_600_000, 'a delay is at most one hour (3600000 ms)');

/** What every rule carries for the alarm it raises. */
const alarmFields = {
  enabled: z.boolean().default(true),
  priority: Priority.optional(),
  onDelayMs: DelayMs.default(0),
  offDelayMs: DelayMs.default(0),
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

/** What every detector writes to history; `evidence` explains it (rule and limit, score and baseline, model…). */
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

export const Anomaly = z.object({
  deviceId: z.string(),
  /** "*" for device-wide detectors (offline, multivariate models). */
  signal: z.string(),
  ts: z.number(),
  /** A rule id (`rule:flatline`), `stats`, `trend` or `model@version`. */
  detector: z.string(),
  /** 0..1; rules score 1. */
  score: z.number(),
  kind: AnomalyKind,
  /** One sentence a person can read. */
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});
export type Anomaly = z.infer<typeof Anomaly>;

export const detectionRequests = {
  /** Every stored rule entry (config and UI), most specific last. */
  'rules.list': { params: z.object({}).strict(), result: z.array(StoredRuleEntry) },
  /** The rules in force for one series, each with the entry it came from. */
  'rules.effective': {
    params: z.object({ device: z.string().min(1), signal: z.string().min(1) }).strict(),
    result: z.object({
      rules: z.record(z.string(), z.unknown()),
      from: z.record(z.string(), z.string()),
    }),
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
