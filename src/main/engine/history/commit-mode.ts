// How the writer commits a batch of new readings (issue 20: CPU per reading on the live path).
// A DuckDB transaction opened and committed through the Node API (`BEGIN`, the appends, an
// asynchronous `COMMIT`) costs ~1.4 ms of CPU whatever its size, measured on this machine; the
// appender's own flush in autocommit — one call, committing durably (WAL write and sync) on the
// engine's thread — costs ~0.65 ms. At 20,000 readings/s, 100 commits a second of ~200 readings,
// that is a third of the engine's CPU per stored reading (docs/benchmarks.md, issue 20).
//
// Decision: a small batch (at most SYNC_ROWS readings, all new) is committed by the flush, on
// this thread, while such commits take at most MAX_SHARE of the thread's time (their average
// duration against the average time between commits); a large one (bulk ingest: its WAL write
// grows with it) and every batch while synchronous commits take more (a slow disk's sync would
// hold up decoding, detection and live fan-out) go through an asynchronous COMMIT on DuckDB's
// threads. So does a batch whose commit could reach the WAL size at which DuckDB checkpoints
// (within WAL_MARGIN of it): that commit writes readings_hot into the file, ~100 ms and more,
// which must not stop the engine's thread (measured: live-event p99 and max went up with it).
// Durability is the same either way: a reading counts as stored only once committed.
// While commits go to DuckDB's threads, one batch in PROBE_EVERY is still committed
// synchronously, to notice the disk recover. Each switch is logged once, with the share and the
// commit's duration that caused it: the first sign of a failing or overloaded disk.

import { statSync } from 'node:fs';
import { CHECKPOINT_WAL_MB } from './duckdb-budget';

/** The most readings a synchronous commit takes. */
export const SYNC_ROWS = 2048;
/** How far short of the checkpoint size the WAL must be for a synchronous commit. */
export const WAL_MARGIN = 2 * 1024 * 1024;
/** The largest share of the engine's thread synchronous commits may take. */
export const MAX_SHARE = 0.3;
const PROBE_EVERY = 200;
/** Weight of the newest commit in the running averages. */
const ALPHA = 0.2;

const average = (old: number | undefined, x: number) => (old === undefined ? x : (1 - ALPHA) * old + ALPHA * x);

export class CommitMode {
  private syncAverage: number | undefined;
  private intervalAverage: number | undefined;
  private lastAt: number | undefined;
  private skipped = 0;
  private slow = false;

  /**
   * @param walRoom bytes the WAL may still grow before DuckDB checkpoints (Infinity: unknown).
   * @param log hears of each switch between the engine's thread and DuckDB's.
   */
  constructor(
    private readonly walRoom: () => number = () => Infinity,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /**
   * Whether a batch of `rows` new readings, committed `now` (ms, monotonic), is committed
   * synchronously by the appender's flush.
   */
  sync(rows: number, now = performance.now()): boolean {
    if (this.lastAt !== undefined) this.intervalAverage = average(this.intervalAverage, now - this.lastAt);
    this.lastAt = now;
    if (rows > SYNC_ROWS || this.walRoom() < WAL_MARGIN) return false;
    if (this.share <= MAX_SHARE) return true;
    this.skipped = (this.skipped + 1) % PROBE_EVERY;
    return this.skipped === 0;
  }

  /** A synchronous commit took `ms` (wall time, on the engine's thread). */
  took(ms: number): void {
    this.syncAverage = average(this.syncAverage, ms);
    const share = this.share;
    if (share > MAX_SHARE === this.slow) return;
    this.slow = !this.slow;
    const figures = `${Math.round(share * 100)} % of the engine's thread, ${this.syncAverage.toFixed(1)} ms a commit`;
    this.log(
      this.slow
        ? `history: commits take ${figures} (a slow disk sync): committing on DuckDB's threads until they are quick again`
        : `history: commits are quick again (${figures}): committing on the engine's thread`,
    );
  }

  /** The share of the thread's time synchronous commits take, as last measured (0 before two commits). */
  get share(): number {
    if (this.syncAverage === undefined || this.intervalAverage === undefined) return 0;
    return this.syncAverage / Math.max(this.intervalAverage, this.syncAverage);
  }
}

/** Bytes `walFile` may still grow before DuckDB checkpoints (no file: a checkpoint just ran). */
export function walRoom(walFile: string): number {
  const limit = CHECKPOINT_WAL_MB * 1024 * 1024;
  try {
    return limit - statSync(walFile).size;
  } catch {
    return limit;
  }
}
