// What the single writer knows of what is stored, without asking DuckDB: each series' newest
// timestamp (what is newer is new by construction: reading-writer.ts's fast path) and the oldest
// timestamp readings_hot may hold (what lets a query of an older range leave the hot rows out).

/** Newest stored timestamp per series id; ids are small dense integers, so an array serves. */
export class LastTimestamps {
  private values = new Float64Array(1024).fill(-Infinity);

  get(id: number): number {
    return id < this.values.length ? this.values[id]! : -Infinity;
  }

  set(id: number, ts: number): void {
    if (id >= this.values.length) {
      const grown = new Float64Array(Math.max(id + 1, this.values.length * 2)).fill(-Infinity);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[id] = ts;
  }

  /** Keeps the larger of the stored and the given timestamp. */
  raise(id: number, ts: number): void {
    if (ts > this.get(id)) this.set(id, ts);
  }
}

/**
 * The oldest timestamp readings_hot may hold, so that a query of an older range leaves the hot
 * rows out of its SQL (issue 20: the UNION with readings_hot — an aggregate for a rollup tier —
 * cost ~0.5 ms of a 2 ms one-series query over an empty hot table). It errs only one way: a row
 * in readings_hot is never older than `oldest`. Every batch lowers it before its transaction
 * begins; a compaction (which moves the hot rows committed before its snapshot) raises it, when
 * it commits, to the oldest of the batches appended since it began, the one in flight then
 * included — they may have committed after its snapshot and so still be in readings_hot.
 */
export class HotSpan {
  private oldestTs = Infinity;
  private inFlight = Infinity;
  private sinceCompaction: number | undefined;

  /** The oldest timestamp that may be in readings_hot (Infinity: none). */
  get oldest(): number {
    return this.oldestTs;
  }

  /** What readings_hot holds at open: its oldest timestamp. */
  reset(oldest: number): void {
    this.oldestTs = oldest;
  }

  /** A batch whose oldest reading is `ts` is about to be written (deferred ones add up until their commit). */
  writing(ts: number): void {
    if (ts < this.inFlight) this.inFlight = ts;
    if (ts < this.oldestTs) this.oldestTs = ts;
    if (this.sinceCompaction !== undefined && ts < this.sinceCompaction) this.sinceCompaction = ts;
  }

  /** The batches in flight committed or rolled back. */
  written(): void {
    this.inFlight = Infinity;
  }

  /** Call before the compaction's transaction begins. */
  compactionStarts(): void {
    this.sinceCompaction = this.inFlight;
  }

  /** The compaction ended: committed or not (rolled back: nothing moved). */
  compactionEnds(committed: boolean): void {
    if (committed && this.sinceCompaction !== undefined) this.oldestTs = this.sinceCompaction;
    this.sinceCompaction = undefined;
  }
}
