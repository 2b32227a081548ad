// History in the contract: tiers, downsampled series, statistics, and the jobs that move
// history in and out (exports, the Parquet lake, backups) with their progress stream. The Wall
// seeds its trends with history.query, so this group is part of the first view
// (result-resolver.ts).
import { z } from 'zod';

/** Where points come from: raw readings or a rollup of 1 minute, 1 hour or 1 day. */
export const Tier = z.enum(['raw', '1m', '1h', '1d']);
export type Tier = z.infer<typeof Tier>;

export const TIER_WIDTH_MS: Record<Exclude<Tier, 'raw'>, number> = {
  '1m': 60_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

export const SeriesId = z.string().regex(/^[^/]+\/.+$/, 'a series is "device/signal"');

/**
 * Columnar points. Each point is a bucket: `ts` its start (or the reading's own time when a
 * bucket holds one raw reading), `value` the average, `min`/`max` the extremes — so a spike
 * survives any zoom level — and `count` how many readings it stands for.
 */
export const SeriesPoints = z.object({
  series: z.string(),
  tier: Tier,
  /** Width of one bucket in ms; 0 when every point is a single raw reading. */
  bucketMs: z.number(),
  ts: z.array(z.number()),
  value: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
  count: z.array(z.number()),
});
export type SeriesPoints = z.infer<typeof SeriesPoints>;

const Range = {
  from: z.number().int().min(0),
  to: z.number().int().min(0),
};
const fromBeforeTo = { message: '"from" must not be after "to"' };

export const HistoryQueryParams = z
  .object({
    series: z.array(SeriesId).min(1).max(64),
    ...Range,
    maxPoints: z.number().int().min(2).max(20_000).default(1000),
    /** 'auto' picks the finest tier that covers the range within maxPoints. */
    tier: z.union([Tier, z.literal('auto')]).default('auto'),
  })
  .strict()
  .refine((p) => p.from <= p.to, fromBeforeTo);

export const Trend = z.enum(['increasing', 'stable', 'decreasing']);

export const SeriesStats = z.object({
  series: z.string(),
  from: z.number(),
  to: z.number(),
  tier: Tier,
  count: z.number().int(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  avg: z.number().nullable(),
  /** Sample standard deviation. */
  stddev: z.number().nullable(),
  /** Least-squares slope of value over time, in units per hour. */
  slopePerHour: z.number().nullable(),
  direction: Trend.nullable(),
});
export type SeriesStats = z.infer<typeof SeriesStats>;

export const HistoryStatsParams = z
  .object({ series: SeriesId, ...Range })
  .strict()
  .refine((p) => p.from <= p.to, fromBeforeTo);

export const ExportFormat = z.enum(['csv', 'parquet']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const HistoryExportParams = z
  .object({
    series: z.array(SeriesId).min(1).max(10_000),
    ...Range,
    tier: Tier.default('raw'),
    format: ExportFormat.default('csv'),
  })
  .strict()
  .refine((p) => p.from <= p.to, fromBeforeTo);

export const Job = z.object({
  id: z.string(),
  kind: z.enum(['export', 'backup', 'import', 'train']),
  /** cancelled: stopped by jobs.cancel; it left no half-written file or folder behind. */
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** 0..1 */
  progress: z.number(),
  rows: z.number().int(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** The file or folder written, on the engine's machine. */
  path: z.string().nullable(),
  /** Name for GET /api/exports/:name, when the result is downloadable. */
  download: z.string().nullable(),
  error: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

/** A folder on the engine's machine. */
export const AbsolutePath = z
  .string()
  .min(1)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, "must be an absolute path on the engine's machine");

export const LakeExportParams = z
  .object({ dir: AbsolutePath, from: z.number().int().min(0).optional(), to: z.number().int().min(0).optional() })
  .strict();

export const historyRequests = {
  'history.query': { params: HistoryQueryParams, result: z.array(SeriesPoints) },
  'history.stats': { params: HistoryStatsParams, result: SeriesStats },
  /** Starts an export; follow it with jobs.get or the jobs.progress stream. */
  'history.export': { params: HistoryExportParams, result: Job },
  'jobs.get': { params: z.object({ id: z.string() }).strict(), result: Job },
  /**
   * Asks a running job to stop. The answer is the job as it stands; it ends soon after in
   * "cancelled" (or "done"/"failed" when it got there first). A finished job is left as it is.
   */
  'jobs.cancel': { params: z.object({ id: z.string() }).strict(), result: Job },
  /** Writes a hive-partitioned Parquet lake (date, device) of the readings in range. */
  'history.exportLake': { params: LakeExportParams, result: Job },
  /** Loads such a lake back; readings already stored are skipped. */
  'history.importLake': { params: z.object({ dir: AbsolutePath }).strict(), result: Job },
  /** A consistent copy of history and state into a folder, while ingest goes on. */
  'admin.backup': { params: z.object({ dir: AbsolutePath }).strict(), result: Job },
} as const;

export const historyStreams = {
  /** Progress of long-running jobs (exports, backups, imports); every job when no id is given. */
  'jobs.progress': {
    params: z.object({ id: z.string().optional() }).strict(),
    event: Job,
    resumable: true,
    matches: (p: { id?: string | undefined }, e: { id: string }) => !p.id || e.id === p.id,
  },
} as const;
