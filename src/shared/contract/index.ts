// The one contract between the engine and every client. Each request is declared once as
// `{ params, result }` and each stream as `{ params, event }`; transports and handlers are
// typed from these maps and parameters are validated against them where they enter the engine.
import { z } from 'zod';
import { DeadLetter, Device, Health, Reading } from '../domain';
import { alarmRequests, alarmStreams } from './alarms';
import { annotationRequests, annotationStreams } from './annotations';
import { assistantRequests, assistantStreams } from './assistant';
import {
  AbsolutePath,
  HistoryExportParams,
  LakeExportParams,
  HistoryQueryParams,
  HistoryStatsParams,
  Job,
  SeriesPoints,
  SeriesStats,
} from './history';
import { detectionRequests, detectionStreams } from './detection';
import { ImportPreview, ImportPreviewParams, ImportStartParams, ImportSummary } from './import';
import { DashboardMetrics, SystemMetrics } from './metrics';
import { sourcesRequests } from './sources';
import { modelsRequests, modelsStreams } from './models';
import { notificationsRequests, notificationsStreams } from './notifications';

export * from './detection';
export * from './alarms';
export * from './history';
export * from './import';
export * from './metrics';
export * from './sources';
export * from './notifications';
export * from './models';
export * from './assistant';
export * from './annotations';

const NoParams = z.object({}).strict();

const DeviceDeath = z.object({ deviceId: z.string(), at: z.number() });

export const requests = {
  ...sourcesRequests,
  ...modelsRequests,
  ...detectionRequests,
  ...notificationsRequests,
  ...assistantRequests,
  ...annotationRequests,
  'engine.health': { params: NoParams, result: Health },
  'devices.list': { params: NoParams, result: z.array(Device) },
  'devices.get': { params: z.object({ id: z.string().min(1) }).strict(), result: Device },
  /** Devices a source reported dead (Sparkplug), with when: offline unless they spoke since. */
  'devices.deaths': { params: NoParams, result: z.array(DeviceDeath) },
  /** The newest reading of every series (of the given devices). */
  'live.snapshot': {
    params: z.object({ devices: z.array(z.string()).max(10_000).optional() }).strict(),
    result: z.array(Reading),
  },
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
  /** What a CSV or Parquet file on the engine's machine would give: the first rows, mapped. */
  'import.preview': { params: ImportPreviewParams, result: ImportPreview },
  /** Imports such a file as a job; readings already stored are skipped and counted. */
  'import.start': { params: ImportStartParams, result: Job },
  /** What an import job stored, skipped and rejected (so far, while it runs). */
  'import.summary': { params: z.object({ id: z.string() }).strict(), result: ImportSummary },
  /** A consistent copy of history and state into a folder, while ingest goes on. */
  'admin.backup': { params: z.object({ dir: AbsolutePath }).strict(), result: Job },
  'metrics.dashboard': { params: NoParams, result: DashboardMetrics },
  'metrics.system': { params: NoParams, result: SystemMetrics },
  ...alarmRequests,
  /** Newest first, a page at a time: `before` is the `next` cursor of the page before. */
  'deadLetters.list': {
    params: z
      .object({
        limit: z.number().int().min(1).max(1000).default(100),
        source: z.string().optional(),
        before: z.number().int().positive().optional(),
      })
      .strict(),
    result: z.object({
      total: z.number().int(),
      bySource: z.record(z.string(), z.number().int()),
      items: z.array(DeadLetter),
      /** Cursor of the next (older) page; null on the last. */
      next: z.number().int().nullable(),
      /** Letters (of this filter) newer than the first item: the page's position. */
      newer: z.number().int(),
      /** What the table's limits removed, oldest first, so that it is never silent. */
      dropped: z.object({ count: z.number().int(), lastAt: z.number().nullable() }),
    }),
  },
  /** Runs stored payloads through their source's decoder again. */
  'deadLetters.requeue': {
    params: z.object({ ids: z.array(z.number().int()).min(1).max(1000) }).strict(),
    result: z.array(z.object({ id: z.number().int(), ok: z.boolean(), reason: z.string().nullable() })),
  },
  'deadLetters.discard': {
    params: z.object({ ids: z.array(z.number().int()).min(1).max(1000) }).strict(),
    result: z.object({ discarded: z.number().int() }),
  },
} as const;

export const streams = {
  ...modelsStreams,
  ...detectionStreams,
  ...notificationsStreams,
  ...assistantStreams,
  ...annotationStreams,
  /** Live readings, coalesced to at most ~10 updates per second per series. */
  'live.readings': {
    params: z.object({ devices: z.array(z.string()).max(10_000).optional() }).strict(),
    event: z.object({ readings: z.array(Reading) }),
  },
  ...alarmStreams,
  'engine.health': {
    params: NoParams,
    event: Health,
  },
  'devices.deaths': { params: NoParams, event: DeviceDeath },
  /** Progress of long-running jobs (exports, backups, imports); every job when no id is given. */
  'jobs.progress': {
    params: z.object({ id: z.string().optional() }).strict(),
    event: Job,
  },
} as const;

export type Requests = typeof requests;
export type Streams = typeof streams;
export type RequestName = keyof Requests;
export type StreamName = keyof Streams;

/** What a caller passes (defaults may be omitted). */
export type ParamsIn<K extends RequestName> = z.input<Requests[K]['params']>;
/** What a handler receives (defaults applied). */
export type Params<K extends RequestName> = z.output<Requests[K]['params']>;
export type ResultOf<K extends RequestName> = z.output<Requests[K]['result']>;
export type StreamParamsIn<K extends StreamName> = z.input<Streams[K]['params']>;
export type StreamParams<K extends StreamName> = z.output<Streams[K]['params']>;
export type EventOf<K extends StreamName> = z.output<Streams[K]['event']>;

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requests, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.prototype.hasOwnProperty.call(streams, name);
}
