// Expert review in the contract: labels (annotations) on a time range of a series or a whole
// device, their history, the site's list of causes, the review queue of unlabelled events,
// export and import, corrected values for bad data, and what detection learned from labels
// (suggested rule changes, models evaluated against labels).
//
// A label is never overwritten silently: an update or a delete names the revision it was made
// against and fails with CONFLICT when someone changed the label since; deleting is a state
// (`deleted`), restorable, and every change is a history entry (who, when, before, after).
// Who labelled is the caller of the call (its call context; `local` until users exist), never
// a parameter — except in an import, which keeps the author the file names.
import { z } from 'zod';
import { Priority } from '../domain';
import { AnomalyKind } from './detection';
import { SeriesId } from './history';

/** What really happened, as the expert judges it. */
export const Verdict = z.enum(['true-anomaly', 'false-alarm', 'maintenance', 'bad-data', 'operating-point', 'unsure']);
export type Verdict = z.infer<typeof Verdict>;

/** How each verdict reads on screen, in this order (also the order of their keys 1–6). */
export const VERDICT_TITLES: Readonly<Record<Verdict, string>> = {
  'true-anomaly': 'True anomaly',
  'false-alarm': 'False alarm',
  maintenance: 'Maintenance / planned',
  'bad-data': 'Bad data',
  'operating-point': 'Change of operating point',
  unsure: 'Unsure',
};

/** The key that gives each verdict, wherever a label is being made (chart, queue). */
export const VERDICT_KEYS: Readonly<Record<Verdict, string>> = {
  'true-anomaly': '1',
  'false-alarm': '2',
  maintenance: '3',
  'bad-data': '4',
  'operating-point': '5',
  unsure: '6',
};

/** Verdicts whose ranges are not normal operation: left out of model training (and bad data of rollups, baselines, prediction). */
export const UNCLEAN_VERDICTS: readonly Verdict[] = ['true-anomaly', 'maintenance', 'bad-data'];

/** Causes a fresh site starts with; Settings → Review edits the list. */
export const DEFAULT_CAUSES: readonly string[] = [
  'Sensor fault',
  'Wiring / communication',
  'Calibration',
  'Process upset',
  'Equipment failure',
  'Planned maintenance',
  'Operator action',
  'Weather / ambient',
  'Start-up / shut-down',
  'Unknown',
];

const AnnotationId = z.string().min(1).max(64);
const DeviceId = z.string().min(1).max(128);
/** A signal of the device, or "*" for the whole device. */
const SignalOrDevice = z.string().min(1).max(256);
const Cause = z.string().trim().min(1).max(80);
const Text = z.string().max(4000);
const Revision = z.number().int().min(1);

/** What the label was made on: a dragged range, one anomaly, or one alarm. */
export const AnnotationTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('range') }).strict(),
  z
    .object({
      type: z.literal('anomaly'),
      detector: z.string().min(1).max(200),
      kind: AnomalyKind,
      /** The anomaly's time (it is found again by device, signal, detector and time). */
      ts: z.number().int().min(0),
    })
    .strict(),
  z.object({ type: z.literal('alarm'), alarmId: z.number().int().min(1) }).strict(),
]);
export type AnnotationTarget = z.infer<typeof AnnotationTarget>;

/** The fields an expert sets; what history records before and after a change. */
export const AnnotationFields = z.object({
  deviceId: z.string(),
  signal: z.string(),
  from: z.number(),
  to: z.number(),
  verdict: Verdict,
  cause: z.string().nullable(),
  text: z.string(),
  target: AnnotationTarget,
});
export type AnnotationFields = z.infer<typeof AnnotationFields>;

export const Annotation = AnnotationFields.extend({
  id: z.string(),
  /** Who made the label (the caller of annotations.create, or the author an import names). */
  author: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  updatedBy: z.string(),
  /** 1 when created; +1 on every change (update, delete, restore, import, corrections). */
  revision: z.number().int(),
  deleted: z.boolean(),
  /** How many corrected values the label carries (bad data only). */
  corrections: z.number().int(),
});
export type Annotation = z.infer<typeof Annotation>;

export const AnnotationChange = z.object({
  revision: z.number().int(),
  at: z.number(),
  by: z.string(),
  action: z.enum(['create', 'update', 'delete', 'restore', 'import', 'corrections']),
  before: AnnotationFields.nullable(),
  after: AnnotationFields.nullable(),
  /** Corrections changes: how many values before and after. */
  note: z.string().nullable(),
});
export type AnnotationChange = z.infer<typeof AnnotationChange>;

const fromNotAfterTo = { message: '"from" must not be after "to"', path: ['to'] };

export const AnnotationCreate = z
  .object({
    deviceId: DeviceId,
    signal: SignalOrDevice.default('*'),
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    verdict: Verdict,
    cause: Cause.nullable().default(null),
    text: Text.default(''),
    target: AnnotationTarget.default({ type: 'range' }),
  })
  .strict()
  .refine((p) => p.from <= p.to, fromNotAfterTo);

export const AnnotationUpdate = z
  .object({
    id: AnnotationId,
    /** The revision the change was made against: CONFLICT when the label has moved on since. */
    revision: Revision,
    signal: SignalOrDevice.optional(),
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
    verdict: Verdict.optional(),
    cause: Cause.nullable().optional(),
    text: Text.optional(),
  })
  .strict();

/** Filters shared by list and export. Time filters select labels overlapping [from, to]. */
const annotationFilters = {
  deviceId: DeviceId.optional(),
  /** With deviceId: labels of this signal and the device's whole-device labels ("*"). */
  signal: SignalOrDevice.optional(),
  verdicts: z.array(Verdict).min(1).max(6).optional(),
  author: z.string().min(1).max(200).optional(),
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  /** Words to find in the text or the cause (all of them, any order, case-insensitive). */
  q: z.string().trim().min(1).max(200).optional(),
  includeDeleted: z.boolean().default(false),
};

export const AnnotationListParams = z
  .object({
    ...annotationFilters,
    limit: z.number().int().min(1).max(5000).default(200),
    /** The `next` cursor of the page before. */
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const AnnotationPage = z.object({
  /** Newest (by start) first. */
  items: z.array(Annotation),
  next: z.string().nullable(),
  /** How many labels match, over every page. */
  total: z.number().int(),
});
export type AnnotationPage = z.infer<typeof AnnotationPage>;

/** One unlabelled event waiting for a verdict: a closed alarm, or an anomaly that raised none. */
export const ReviewItem = z.object({
  /** `alarm:<id>` or `anomaly:<device>/<signal>/<detector>/<ts>`. */
  key: z.string(),
  source: z.enum(['alarm', 'anomaly']),
  deviceId: z.string(),
  signal: z.string(),
  /** When it started and (an alarm) returned or was closed; an anomaly's own time twice. */
  from: z.number(),
  to: z.number(),
  kind: AnomalyKind,
  detector: z.string(),
  message: z.string(),
  score: z.number(),
  priority: Priority.nullable(),
  alarmId: z.number().int().nullable(),
  /** The target a label made from this item carries. */
  target: AnnotationTarget,
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const AnnotationFormat = z.enum(['json', 'csv']);
export type AnnotationFormat = z.infer<typeof AnnotationFormat>;

export const ImportRejection = z.object({ line: z.number().int(), reason: z.string() });

export const CorrectedValue = z.object({ ts: z.number().int().min(0), value: z.number().finite() });

export const CorrectedSeries = z.object({
  series: z.string(),
  annotationId: z.string(),
  ts: z.array(z.number()),
  value: z.array(z.number()),
});
export type CorrectedSeries = z.infer<typeof CorrectedSeries>;

/** A change to a limit or alarm rule that a pattern of labels suggests; an engineer decides. */
export const RuleSuggestion = z.object({
  id: z.string(),
  device: z.string(),
  signal: z.string(),
  rule: z.enum(['limits', 'rate', 'flatline']),
  /** The field of that rule to change (hi, lo, deadband, onDelayMs, maxPerSecond, samples…). */
  field: z.string(),
  current: z.number().nullable(),
  proposed: z.number(),
  /** Why, in a sentence: what the labels showed. */
  reason: z.string(),
  /** The labels it rests on. */
  basedOn: z.array(z.string()),
  createdAt: z.number(),
  status: z.enum(['open', 'accepted', 'rejected', 'outdated']),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  note: z.string().nullable(),
});
export type RuleSuggestion = z.infer<typeof RuleSuggestion>;

/** A model judged against the labelled ranges of its device. */
export const ModelEvaluation = z.object({
  modelId: z.string(),
  status: z.enum(['shadow', 'active', 'retired']),
  /** True-anomaly ranges, and how many the model flagged (at least one vector above threshold). */
  positives: z.number().int(),
  detected: z.number().int(),
  /** Ranges labelled false alarm or change of operating point, and how many it flagged. */
  negatives: z.number().int(),
  falseAlarms: z.number().int(),
  /** Null when there is nothing to divide by (no labels of that side). */
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
  /** Labelled ranges with no stored readings to score (left out of the figures). */
  unscored: z.number().int(),
});
export type ModelEvaluation = z.infer<typeof ModelEvaluation>;

export const annotationRequests = {
  'annotations.list': { params: AnnotationListParams, result: AnnotationPage },
  'annotations.get': {
    params: z.object({ id: AnnotationId }).strict(),
    result: z.object({ annotation: Annotation, history: z.array(AnnotationChange) }),
  },
  'annotations.create': { params: AnnotationCreate, result: Annotation },
  'annotations.update': { params: AnnotationUpdate, result: Annotation },
  /** Marks a label deleted (kept, with its history; restorable). */
  'annotations.delete': { params: z.object({ id: AnnotationId, revision: Revision }).strict(), result: Annotation },
  'annotations.restore': { params: z.object({ id: AnnotationId, revision: Revision }).strict(), result: Annotation },
  /** The site's list of causes a label can name. */
  'annotations.causes': { params: z.object({}).strict(), result: z.object({ causes: z.array(z.string()) }) },
  'annotations.setCauses': {
    params: z
      .object({ causes: z.array(Cause).min(1).max(200) })
      .strict()
      .refine((p) => new Set(p.causes.map((c) => c.toLowerCase())).size === p.causes.length, {
        message: 'each cause only once',
        path: ['causes'],
      }),
    result: z.object({ causes: z.array(z.string()) }),
  },
  /** Closed alarms and anomalies of the last `days` that no label covers, newest first. */
  'annotations.queue': {
    params: z
      .object({
        days: z.number().int().min(1).max(90).default(7),
        deviceId: DeviceId.optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: z.object({ items: z.array(ReviewItem), total: z.number().int() }),
  },
  /** Every matching label as a file: JSON (an array) or CSV (one row per labelled range). */
  'annotations.export': {
    params: z.object({ ...annotationFilters, format: AnnotationFormat }).strict(),
    result: z.object({ format: AnnotationFormat, content: z.string(), count: z.number().int() }),
  },
  /**
   * Loads such a file: a row whose id exists here updates that label (recorded as an import in
   * its history) when it differs; any other row creates a label. Bad rows are reported by line
   * and the rest still load.
   */
  'annotations.import': {
    params: z
      .object({
        format: AnnotationFormat,
        content: z
          .string()
          .min(1)
          .max(20 * 1024 * 1024),
      })
      .strict(),
    result: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.array(ImportRejection),
    }),
  },
  /** Replaces the corrected values a bad-data label carries (inside its range); [] removes them. */
  'annotations.setCorrections': {
    params: z.object({ id: AnnotationId, revision: Revision, values: z.array(CorrectedValue).max(100_000) }).strict(),
    result: Annotation,
  },
  /** Corrected values of these series in a range (an overlay beside the original readings). */
  'annotations.corrected': {
    params: z
      .object({ series: z.array(SeriesId).min(1).max(64), from: z.number().int().min(0), to: z.number().int().min(0) })
      .strict()
      .refine((p) => p.from <= p.to, fromNotAfterTo),
    result: z.array(CorrectedSeries),
  },
  /** Rule changes that labels suggest, newest first (open ones unless a status is asked for). */
  'rules.suggestions': {
    params: z
      .object({
        device: DeviceId.optional(),
        status: z.array(z.enum(['open', 'accepted', 'rejected', 'outdated'])).optional(),
      })
      .strict(),
    result: z.array(RuleSuggestion),
  },
  /** Accepts (the rule is saved and audited, by the caller) or rejects a suggestion. */
  'rules.decideSuggestion': {
    params: z
      .object({ id: z.string().min(1).max(64), accept: z.boolean(), note: z.string().max(2000).optional() })
      .strict(),
    result: RuleSuggestion,
  },
  /** Every model of a device judged against the device's labels, side by side. */
  'models.evaluate': {
    params: z.object({ deviceId: DeviceId }).strict(),
    result: z.array(ModelEvaluation),
  },
} as const;

export const annotationStreams = {
  /** Every label created, changed, deleted or restored (of one device, or all). */
  'annotations.changes': {
    params: z.object({ deviceId: DeviceId.optional() }).strict(),
    event: z.object({ annotation: Annotation, action: AnnotationChange.shape.action }),
    resumable: true,
    matches: (p: { deviceId?: string | undefined }, e: { annotation: { deviceId: string } }) =>
      !p.deviceId || e.annotation.deviceId === p.deviceId,
  },
} as const;
