// The pipeline's figures for GET /metrics, kept beside it rather than in it: readings stored per
// source (counted only once their write is durable), readings queued and being written, how long
// the oldest of them has waited, and the time of each write to history. Per message it does a map
// update and, on the first of a batch, reads the clock; per reading, nothing.
import { performance } from 'node:perf_hooks';
import { Histogram, LATENCY_BUCKETS_SECONDS } from '../metrics/histogram';

/** What a source has handed the pipeline since the engine started. */
export interface SourceCounters {
  messages: number;
  /** Readings accepted (queued for history). */
  readings: number;
  rejected: number;
  /** Readings of this source made durable in history (duplicates of stored ones included). */
  stored: number;
}

/** One write to history as the meter follows it: begun by takeBatch(), ended by written() or failed(). */
export interface MeteredWrite {
  readonly perSource: ReadonlyMap<SourceCounters, number>;
  readonly startedAt: number;
}

export class PipelineMeter {
  /** How long each write of a batch to history took, in seconds. */
  readonly writeLatency = new Histogram(LATENCY_BUCKETS_SECONDS);
  private unflushed = new Map<SourceCounters, number>();
  /** When the oldest reading still queued, or still being written, was accepted (undefined: none). */
  private queuedSince: number | undefined;
  private writingSince: number | undefined;
  private writingCount = 0;

  constructor(private readonly clock: () => number) {}

  /** Readings being written to history now. */
  get inFlight(): number {
    return this.writingCount;
  }

  /** How long the oldest accepted reading not yet durable has waited, ms (0 when none waits). */
  lagMs(now: number): number {
    const since = this.writingSince ?? this.queuedSince;
    return since === undefined ? 0 : Math.max(0, now - since);
  }

  /** A message of this source had `n` readings queued. */
  accepted(counters: SourceCounters, n: number): void {
    if (n <= 0) return;
    this.unflushed.set(counters, (this.unflushed.get(counters) ?? 0) + n);
    this.queuedSince ??= this.clock();
  }

  /** A flush takes everything queued (`readings` of them) and starts writing it. */
  takeBatch(readings: number): MeteredWrite {
    const write = { perSource: this.unflushed, startedAt: performance.now() };
    this.unflushed = new Map();
    this.writingSince = this.queuedSince;
    this.queuedSince = undefined;
    this.writingCount = readings;
    return write;
  }

  /** The batch is durable: its readings count as stored, its time is observed. */
  written(write: MeteredWrite): void {
    this.writeLatency.observe((performance.now() - write.startedAt) / 1000);
    for (const [counters, n] of write.perSource) counters.stored += n;
  }

  /** The flush is over, written or not (a failed write counts nothing: its sources send again). */
  settled(): void {
    this.writingSince = undefined;
    this.writingCount = 0;
  }
}
