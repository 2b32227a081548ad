// Whether history can take writes. A write that fails for a storage reason — no space left,
// an I/O error, or DuckDB invalidating the whole database after a failed checkpoint — makes
// history unavailable: later writes are refused at once (sources acknowledge nothing, so
// brokers and clients keep the data and send it again), health says why, and a timer tries to
// recover. Once the disk has room again the store is reopened and writing resumes, without a
// restart.
import { statfsSync } from 'node:fs';
import { EngineError } from '../../../shared/errors';

/** Failures of the storage itself, as opposed to a refused statement. */
const STORAGE_FAULT =
  /no space left|ENOSPC|disk is full|SQLITE_FULL|database has been invalidated|FATAL|IO Error|read-only file system|EROFS|EIO\b/i;

export interface HistoryCondition {
  writable: boolean;
  /** What failed and why, while not writable. */
  error: string | null;
  /** Since when history has not been writable (engine clock). */
  since: number | null;
  /** Free bytes on the data directory's file system, when the system says. */
  freeBytes: number | null;
}

export interface RecoveryOptions {
  /** The data directory: its file system is the one watched. */
  dir: string;
  /** How often recovery is tried while history is not writable. */
  retryMs: number;
  /** Recovery is tried only with at least this much free space; below it health warns. */
  minFreeBytes: number;
  clock: () => number;
  log: (message: string) => void;
  /** Reopens the store and proves it can write; throws when it cannot yet. */
  recover: () => Promise<void>;
}

export function isStorageFault(err: unknown): boolean {
  return STORAGE_FAULT.test(err instanceof Error ? err.message : String(err));
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim().slice(0, 300);
}

export class HistoryAvailability {
  private fault: { reason: string; since: number } | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private recovering = false;
  private stopped = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: RecoveryOptions) {}

  get writable(): boolean {
    return this.fault === undefined;
  }

  condition(): HistoryCondition {
    return {
      writable: this.writable,
      error: this.fault?.reason ?? null,
      since: this.fault?.since ?? null,
      freeBytes: this.freeBytes(),
    };
  }

  /** The answer to a write while history is not writable. */
  refusal(): EngineError {
    return new EngineError('UNAVAILABLE', `cannot store readings: ${this.fault?.reason ?? 'reopening'}`);
  }

  /** Every failed write is reported here; a storage fault starts the unavailable period. */
  failed(what: string, err: unknown): void {
    if (this.fault || this.stopped || !isStorageFault(err)) return;
    this.fault = { reason: `${what} failed: ${oneLine(err)}`, since: this.options.clock() };
    this.options.log(
      `readings cannot be stored (${this.fault.reason}); ingest is refused and sources keep their data until the disk has room`,
    );
    this.timer = setInterval(() => void this.attempt(), this.options.retryMs);
    this.timer.unref?.();
  }

  /** Resolves when history is writable (at once when it is). */
  whenWritable(): Promise<void> {
    if (this.writable) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  freeBytes(): number | null {
    try {
      const fs = statfsSync(this.options.dir);
      return fs.bavail * fs.bsize;
    } catch {
      return null;
    }
  }

  /** For good: a failure reported afterwards (a checkpoint at shutdown) starts no recovery. */
  stop(): void {
    this.stopped = true;
    this.stopTimer();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One recovery attempt: only with room on the disk, since reopening replays and checkpoints. */
  private async attempt(): Promise<void> {
    const fault = this.fault;
    if (!fault || this.recovering) return;
    const free = this.freeBytes();
    if (free !== null && free < this.options.minFreeBytes) return;
    this.recovering = true;
    try {
      await this.options.recover();
    } catch (err) {
      this.options.log(`history did not reopen yet: ${oneLine(err)}`);
      return;
    } finally {
      this.recovering = false;
    }
    this.stopTimer();
    this.fault = undefined;
    const seconds = Math.round((this.options.clock() - fault.since) / 1000);
    this.options.log(`history reopened: readings are stored again after ${seconds} s; sources resume and redeliver`);
    for (const wake of this.waiters.splice(0)) wake();
  }
}
