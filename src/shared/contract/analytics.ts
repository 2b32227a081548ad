// Analytics in the contract (issue 16, point 5): the heatmap of a signal or of alarm counts by
// device × hour/day, and the summary of a range that GET /api/analytics/summary answers.
//
// - The heatmap is a compact matrix: device ids, bucket starts and one flat row-major array of
//   values (`values[d * buckets.length + b]`), not an object per cell — 200 devices × 720 hours
//   is 144,000 cells, and an array of numbers is what the chart takes and the cheapest to check.
// - Buckets are UTC hours or UTC days, the rollup tiers' own buckets (history-schema.ts), so a
//   cell is read from one rollup row, never re-aggregated from raw readings.
// - A signal's cell is the bucket's average (null: no good or uncertain reading in it; bad-data
//   labels are out of the rollups already); an alarm cell counts the annunciations of the
//   device's alarms in the bucket (raised, or active again after returning — the alarm
//   journal's entries that sounded), so it is 0, never null.
// - Devices are picked by ids, or by area, or by kind (at most one of them), else every device;
//   for a signal, only those that have it. They come sorted by id; the panel sorts by total.
import { z } from 'zod';
import { Priority } from '../domain';

export const HeatmapMeasure = z.enum(['alarms', 'signal']);
export type HeatmapMeasure = z.infer<typeof HeatmapMeasure>;
export const HeatmapBucket = z.enum(['hour', 'day']);
export type HeatmapBucket = z.infer<typeof HeatmapBucket>;

export const HEATMAP_BUCKET_MS: Readonly<Record<HeatmapBucket, number>> = { hour: 3_600_000, day: 86_400_000 };
/** At most this many buckets per device (2,000 hours is 83 days; longer ranges use days). */
export const HEATMAP_MAX_BUCKETS = 2000;
export const HEATMAP_MAX_DEVICES = 2000;

const fromBeforeTo = { message: '"from" must not be after "to"' };

/** Which devices: ids, an area or a kind (at most one); none of them is every device. */
const DeviceSelection = {
  devices: z.array(z.string().min(1).max(128)).min(1).max(HEATMAP_MAX_DEVICES).optional(),
  area: z.string().max(100).optional(),
  kind: z.string().min(1).max(64).optional(),
};
const oneSelection = (p: { devices?: unknown; area?: unknown; kind?: unknown }) =>
  [p.devices, p.area, p.kind].filter((v) => v !== undefined).length <= 1;
const oneSelectionMessage = { message: 'give at most one of "devices", "area" and "kind"' };

const Range = { from: z.number().int().min(0), to: z.number().int().min(0) };

/** The number of buckets a range covers: from the bucket holding `from` to the one holding `to`. */
export function heatmapBucketCount(from: number, to: number, bucket: HeatmapBucket): number {
  const w = HEATMAP_BUCKET_MS[bucket];
  return Math.floor(to / w) - Math.floor(from / w) + 1;
}

export const HeatmapQueryParams = z
  .object({
    measure: HeatmapMeasure,
    /** The signal key, for measure 'signal'. */
    signal: z.string().min(1).max(128).optional(),
    ...DeviceSelection,
    ...Range,
    bucket: HeatmapBucket.default('hour'),
  })
  .strict()
  .refine((p) => p.from <= p.to, fromBeforeTo)
  .refine(oneSelection, oneSelectionMessage)
  .refine((p) => p.measure !== 'signal' || p.signal !== undefined, {
    message: 'a heatmap of a signal needs "signal"',
    path: ['signal'],
  })
  .refine((p) => p.from > p.to || heatmapBucketCount(p.from, p.to, p.bucket) <= HEATMAP_MAX_BUCKETS, {
    message: `at most ${HEATMAP_MAX_BUCKETS} buckets: use day buckets or a shorter range`,
    path: ['bucket'],
  });
export type HeatmapQuery = z.output<typeof HeatmapQueryParams>;

export const Heatmap = z.object({
  measure: HeatmapMeasure,
  signal: z.string().nullable(),
  /** The signal's unit (from the first device that has it); null for alarm counts. */
  unit: z.string().nullable(),
  bucket: HeatmapBucket,
  bucketMs: z.number(),
  from: z.number(),
  to: z.number(),
  devices: z.array(z.string()),
  /** Device names, same order as `devices`. */
  names: z.array(z.string()),
  /** Start of each bucket (UTC ms). */
  buckets: z.array(z.number()),
  /** Row-major: values[d * buckets.length + b]; null where a signal had no reading. */
  values: z.array(z.number().nullable()),
  /** The smallest and largest value present (null when there is none). */
  min: z.number().nullable(),
  max: z.number().nullable(),
});
export type Heatmap = z.infer<typeof Heatmap>;

export const AnalyticsSummaryParams = z
  .object({ ...DeviceSelection, ...Range })
  .strict()
  .refine((p) => p.from <= p.to, fromBeforeTo)
  .refine(oneSelection, oneSelectionMessage);
export type AnalyticsSummaryQuery = z.output<typeof AnalyticsSummaryParams>;

const AlarmCounts = z.object({ total: z.number().int(), byPriority: z.record(Priority, z.number().int()) });
export type AlarmCounts = z.infer<typeof AlarmCounts>;

/** The worst status now (src/shared/device-status.ts), in words. */
const WorstStatus = z.object({
  level: z.enum(['alarm', 'offline', 'returned', 'shelved', 'suppressed', 'predicted', 'normal']),
  priority: Priority.nullable(),
  word: z.string(),
  text: z.string(),
});

const Availability = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe('share of the hours of the range with at least one good or uncertain reading');

export const DeviceSummary = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  area: z.string(),
  /** Annunciations in the range (raised, or active again), by the alarm's priority. */
  alarms: AlarmCounts,
  /** Good and uncertain readings stored in the range, over all its signals. */
  readings: z.number().int(),
  availability: Availability,
  status: WorstStatus,
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;

export const AreaSummary = z.object({
  area: z.string(),
  devices: z.number().int(),
  alarms: AlarmCounts,
  readings: z.number().int(),
  /** The average of its devices' availability. */
  availability: Availability,
  /** Its worst device's status. */
  worst: WorstStatus.extend({ deviceId: z.string().nullable() }),
});
export type AreaSummary = z.infer<typeof AreaSummary>;

export const AnalyticsSummary = z.object({
  from: z.number(),
  to: z.number(),
  at: z.number(),
  devices: z.array(DeviceSummary),
  areas: z.array(AreaSummary),
  totals: z.object({ devices: z.number().int(), alarms: AlarmCounts, readings: z.number().int() }),
});
export type AnalyticsSummary = z.infer<typeof AnalyticsSummary>;

export const analyticsRequests = {
  /** A signal's averages or alarm counts by device × hour/day, as one flat matrix. */
  'analytics.heatmap': { params: HeatmapQueryParams, result: Heatmap },
  /** Alarm counts, readings, availability and the worst status per device and per area over a range. */
  'analytics.summary': { params: AnalyticsSummaryParams, result: AnalyticsSummary },
} as const;
