// File import as jobs (kind 'import'): a CSV or Parquet file on the engine's machine goes
// through the ingest pipeline in batches, like any other source ('file'), so readings are
// validated, registered, stored (deduplicated on series + time) and alarmed on alike. The bad
// rows of a batch go to one dead letter with origin "<file>:<first>-<last>"; the good rows beside
// them go on. A malformed row keeps its text and the import's mapping, so a re-queue reads it
// again as the import did; a well-formed row refused only because its device is unknown
// (auto-registration off) is handed to the pipeline as readings, which keeps it as a
// re-queueable dead letter (the decoded reading as JSON).
//
// A cancelled import (jobs.cancel) stops at its next batch, or leaves the queue at once; what it
// submitted until then stays stored, as after a failure, and its summary says 'cancelled'.
//
// Imports run one at a time. That bounds the load a few large files can put on the
// historian, and it is what makes "duplicates skipped" countable: the pipeline does not
// report duplicates per submission, so the importer reads history's duplicate counter before
// and after its own submissions. Live sources only add to that counter on redelivery of
// readings already stored, which is rare; should it happen during an import, it is counted
// there too (bounded by what the import submitted).
import type {
  CsvSettings,
  ImportFormat,
  ImportMapping,
  ImportMappingPatch,
  ImportPreview,
  ImportSummary,
  Job,
} from '../../../../shared/contract';
import { EngineError } from '../../../../shared/errors';
import type { DecodedReading, DecodeRejection, DecodeResult } from '../decode-json';
import type { IngestOutcome } from '../pipeline';
import type { JobHandle } from '../../jobs/job-registry';
import { buildPreview, type PreviewOptions } from './file-preview';
import { openImportSource, type ImportSource } from './import-source';
import { messageOf } from '../decode-guard';
import type { StoredDecoder } from '../stored-decoder';
import { compilePlan, readRow, type RowContext, type RowPlan, type RowOutcome, type SourceRow } from './row-readings';

/** The source name of imported readings and their dead letters. */
export const FILE_SOURCE = 'file';
/** Rows handed to the pipeline at a time, and submissions waiting to be durable at most. */
const BATCH_ROWS = 5000;
const MAX_IN_FLIGHT = 4;
const KEEP_SUMMARIES = 100;

const encoder = new TextEncoder();

/** readRow, with anything it throws as the row's error: one strange row never fails an import. */
function readRowSafely(row: SourceRow, plan: RowPlan, ctx: RowContext, log: (m: string) => void): RowOutcome {
  try {
    return readRow(row, plan, ctx);
  } catch (err) {
    log(`file import: row ${row.row} could not be read: ${(err instanceof Error && err.stack) || messageOf(err)}`);
    return { readings: [], errors: [`could not be read: ${messageOf(err)}`] };
  }
}

export interface FileImportDeps {
  submit(source: string, origin: string, decoded: DecodeResult): Promise<IngestOutcome>;
  /** Waits until everything queued in the pipeline is durable. */
  drain(): Promise<void>;
  startJob(kind: 'import', target: { path: string; download: null }, work: (job: JobHandle) => Promise<number>): Job;
  /** History's count of readings found already stored, since it started. */
  duplicates(): number;
  /** Why the pipeline would refuse readings of this series (auto-registration off), or null. */
  refusal(deviceId: string, signal: string): string | null;
  /** The registered device's id that a text names (its id or name, any case), if any. */
  knownDevice(text: string): string | undefined;
  clock(): number;
  log(message: string): void;
  maxFutureMs: number;
  rawRetentionDays: number | null;
}

export interface FileParams {
  path: string;
  format?: ImportFormat;
  csv?: CsvSettings;
}

export class FileImporter {
  private queue: Promise<void> = Promise.resolve();
  private readonly summaries = new Map<string, ImportSummary>();
  private stopping = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: FileImportDeps) {}

  async preview(
    params: FileParams & { mapping?: ImportMappingPatch; guess: boolean; rows: number },
  ): Promise<ImportPreview> {
    const source = await openImportSource(params.path, { ...params, sampleRows: params.rows });
    try {
      return buildPreview(source, params.mapping, params.guess, this.previewOptions());
    } finally {
      source.close();
    }
  }

  /** Checks the file and the mapping now (a mistake is BAD_REQUEST, not a failed job), then queues the import. */
  async start(params: FileParams & { mapping: ImportMapping; createDevice?: boolean }): Promise<Job> {
    if (this.stopping) throw new EngineError('UNAVAILABLE', 'the engine is stopping');
    const { deviceId } = params.mapping;
    // One device for the whole file: it must be registered, or its creation confirmed.
    if (deviceId !== undefined && this.deps.knownDevice(deviceId) !== deviceId && params.createDevice !== true) {
      throw new EngineError(
        'NOT_FOUND',
        `no device "${deviceId}" is registered: choose a known device, or confirm creating a new one (createDevice)`,
        { deviceId },
      );
    }
    const source = await openImportSource(params.path, { ...params, sampleRows: 1 });
    let plan: RowPlan;
    try {
      plan = compilePlan(source.columns, params.mapping);
    } catch (err) {
      source.close();
      throw err;
    }
    const summary: ImportSummary = {
      jobId: '',
      path: source.path,
      format: source.format,
      state: 'queued',
      rows: 0,
      stored: 0,
      duplicates: 0,
      rejected: 0,
      refusedDevices: [],
      error: null,
    };
    const job = this.deps.startJob('import', { path: source.path, download: null }, (handle) => {
      summary.jobId = handle.id;
      this.summaries.set(handle.id, summary);
      // With a device column the rows name their devices: one not registered is refused, unless confirmed.
      const allowNew = params.createDevice === true || deviceId !== undefined;
      const work = this.enqueue(() => this.run(source, plan, handle, summary, allowNew));
      this.running.add(work);
      const forget = () => this.running.delete(work);
      work.then(forget, forget);
      return Promise.race([work, cancelledWhileQueued(handle.signal, summary)]);
    });
    this.trim();
    return job;
  }

  summary(id: string): ImportSummary {
    const s = this.summaries.get(id);
    if (!s) throw new EngineError('NOT_FOUND', `no import job ${id}`);
    return { ...s };
  }

  /** Ends imports at their next batch; what was submitted until then stays stored. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  private previewOptions(): PreviewOptions {
    return {
      now: this.deps.clock(),
      maxFutureMs: this.deps.maxFutureMs,
      rawRetentionDays: this.deps.rawRetentionDays,
      refusal: (d, s) => this.deps.refusal(d, s),
      knownDevice: (text) => this.deps.knownDevice(text),
    };
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.then(
      () => {},
      () => {},
    );
    return next;
  }

  private async run(
    source: ImportSource,
    plan: RowPlan,
    job: JobHandle,
    summary: ImportSummary,
    allowNew: boolean,
  ): Promise<number> {
    const { deps } = this;
    if (job.signal.aborted) {
      // Cancelled while it waited its turn: it has ended already (cancelledWhileQueued).
      source.close();
      job.signal.throwIfAborted();
    }
    summary.state = 'running';
    const rowWord = source.format === 'csv' ? 'line' : 'row';
    const inFlight: Promise<void>[] = [];
    // A submission that failed (history not writable) fails the import at the next batch.
    let failure: unknown;
    const failed = (err: unknown) => {
      failure ??= err;
    };
    let accepted = 0;
    try {
      // Whatever live data waits in the pipeline is counted before our window opens.
      await deps.drain();
      const duplicatesBefore = deps.duplicates();
      const countDuplicates = () => Math.min(accepted, Math.max(0, deps.duplicates() - duplicatesBefore));
      const onOutcome = (o: IngestOutcome) => {
        accepted += o.accepted;
        summary.rejected += o.rejected.length;
        summary.duplicates = countDuplicates();
        summary.stored = accepted - summary.duplicates;
      };
      const ctx: RowContext = { now: deps.clock(), maxFutureMs: deps.maxFutureMs, separator: source.separator };

      // A bad row's dead letter keeps the mapping, so that a re-queue reads it as the import did.
      const decoder: StoredDecoder = {
        kind: 'file-row',
        format: source.format,
        separator: source.separator,
        columns: [...source.columns],
        plan,
      };
      for await (const batch of source.batches(BATCH_ROWS)) {
        job.signal.throwIfAborted();
        if (this.stopping) throw new EngineError('UNAVAILABLE', 'the engine stopped during the import');
        const readings: DecodedReading[] = [];
        const rejects: DecodeRejection[] = [];
        const unregistered: DecodedReading[] = [];
        const badRows: number[] = [];
        for (const row of batch.rows) {
          const outcome = readRowSafely(row, plan, ctx, deps.log);
          if (!allowNew) refuseNewDevices(outcome, (id) => deps.knownDevice(id) === id, summary.refusedDevices);
          const refusedReadings: DecodedReading[] = [];
          const malformed = outcome.errors.length > 0;
          for (const d of outcome.readings) {
            const refused = deps.refusal(d.deviceId, d.signal);
            if (!refused) readings.push(d);
            else if (malformed) outcome.errors.push(refused);
            else refusedReadings.push(d);
          }
          if (refusedReadings.length > 0 || malformed) badRows.push(row.row);
          unregistered.push(...refusedReadings);
          if (malformed) {
            const reason = `${rowWord} ${row.row}: ${outcome.errors.join('; ')}`;
            rejects.push({ reason, raw: encoder.encode(row.raw), join: 'lines', decoder });
          }
        }
        summary.rows += batch.rows.length;
        const first = batch.rows[0]?.row;
        const last = batch.rows[batch.rows.length - 1]?.row;
        if (readings.length > 0) {
          const origin = `${source.name}:${first === last ? first : `${first}-${last}`}`;
          inFlight.push(deps.submit(FILE_SOURCE, origin, { readings, rejects: [] }).then(onOutcome, failed));
        }
        // The batch's bad rows are one submission, so one dead letter (two when some rows were
        // refused only for an unknown device: those are kept as readings that can be re-queued
        // once the device is configured or auto-registration is back on).
        if (badRows.length > 0) {
          const span = badRows.length === 1 ? `${badRows[0]}` : `${badRows[0]}-${badRows[badRows.length - 1]}`;
          inFlight.push(
            deps
              .submit(FILE_SOURCE, `${source.name}:${span}`, { readings: unregistered, rejects })
              .then(onOutcome, failed),
          );
        }
        while (inFlight.length > MAX_IN_FLIGHT) await inFlight.shift();
        if (failure) throw failure;
        job.progress(batch.fraction, summary.rows);
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      summary.duplicates = countDuplicates();
      summary.stored = accepted - summary.duplicates;
      summary.state = 'done';
      deps.log(
        `imported ${source.path}: ${summary.rows} rows, ${summary.stored} readings stored, ` +
          `${summary.duplicates} already stored, ${summary.rejected} rejected`,
      );
      return summary.rows;
    } catch (err) {
      await Promise.all(inFlight);
      if (job.signal.aborted) {
        summary.state = 'cancelled';
      } else {
        summary.state = 'failed';
        summary.error = err instanceof Error ? err.message : String(err);
      }
      throw err;
    } finally {
      source.close();
    }
  }

  private trim(): void {
    for (const [id, s] of this.summaries) {
      if (this.summaries.size <= KEEP_SUMMARIES) break;
      if (s.state !== 'queued' && s.state !== 'running') this.summaries.delete(id);
    }
  }
}

/**
 * A row naming a device that is not registered is refused whole, saying how to bring it in:
 * an import never creates a device nobody confirmed (issue 17).
 */
function refuseNewDevices(
  outcome: { readings: DecodedReading[]; errors: string[] },
  known: (id: string) => boolean,
  refused: string[],
) {
  const unknown = outcome.readings.find((d) => !known(d.deviceId));
  if (!unknown) return;
  if (refused.length < 20 && !refused.includes(unknown.deviceId)) refused.push(unknown.deviceId);
  outcome.readings = outcome.readings.filter((d) => known(d.deviceId));
  outcome.errors.push(
    `device "${unknown.deviceId}" is not registered: add it in Settings → Sources, or import again confirming new devices (createDevice)`,
  );
}

/**
 * Rejects when the job is cancelled while its import still waits for the one before it, so
 * that it ends at once; once the import runs, it stops at its own next batch instead.
 */
function cancelledWhileQueued(signal: AbortSignal, summary: ImportSummary): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener(
      'abort',
      () => {
        if (summary.state !== 'queued') return;
        summary.state = 'cancelled';
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
