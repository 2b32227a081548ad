// Metrics shapes of the contract: the plant at a glance, and the engine's own resources.
import { z } from 'zod';
import { Priority } from '../domain';

export const DashboardMetrics = z.object({
  at: z.number(),
  devices: z.object({
    total: z.number().int(),
    online: z.number().int(),
    offline: z.number().int(),
    /** Online (counted there too) with at least one signal silent past its interval: part of its values are stale. */
    stale: z.number().int().default(0),
    unconfigured: z.number().int(),
  }),
  alarms: z.object({
    open: z.number().int(),
    unacknowledged: z.number().int(),
    byPriority: z.record(Priority, z.number().int()),
  }),
  readings: z.object({
    /** Readings stored in the last minute, as a rate. */
    perSecond: z.number(),
    storedSinceStart: z.number().int(),
    total: z.number().int(),
  }),
  deadLetters: z.number().int(),
});
export type DashboardMetrics = z.infer<typeof DashboardMetrics>;

export const SystemMetrics = z.object({
  at: z.number(),
  version: z.string(),
  uptimeMs: z.number(),
  runtime: z.object({ node: z.string(), platform: z.string(), arch: z.string(), pid: z.number().int() }),
  memory: z.object({ rss: z.number(), heapUsed: z.number(), heapTotal: z.number(), external: z.number() }),
  cpu: z.object({ userMs: z.number(), systemMs: z.number() }),
  storage: z.object({
    dataDir: z.string(),
    historyBytes: z.number(),
    stateBytes: z.number(),
    series: z.number().int(),
    readings: z.number().int(),
    /** Readings not yet compacted into the clustered store. */
    hotReadings: z.number().int(),
  }),
  pipeline: z.object({ queued: z.number().int(), received: z.number().int(), stored: z.number().int() }),
});
export type SystemMetrics = z.infer<typeof SystemMetrics>;

/** The engine's own metrics in the Prometheus text format 0.0.4 (GET /metrics serves `text`). */
export const PrometheusMetrics = z.object({ contentType: z.string(), text: z.string() });
export type PrometheusMetrics = z.infer<typeof PrometheusMetrics>;

const NoParams = z.object({}).strict();

export const metricsRequests = {
  'metrics.dashboard': { params: NoParams, result: DashboardMetrics },
  'metrics.system': { params: NoParams, result: SystemMetrics },
  'metrics.prometheus': { params: NoParams, result: PrometheusMetrics },
} as const;
