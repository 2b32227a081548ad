// A fixed-bucket histogram for the hot path: observe() walks a typed array and adds, allocating
// nothing, so the pipeline can time every history write. The exposition (exposition.ts) writes
// its buckets cumulatively, as Prometheus expects (`le` = "at most").

export interface HistogramSnapshot {
  /** Upper bounds, ascending; the +Inf bucket is implied. */
  readonly bounds: ArrayLike<number>;
  /** Observations per bucket, not cumulative; one more entry than bounds (the +Inf bucket). */
  readonly counts: ArrayLike<number>;
  readonly sum: number;
  readonly count: number;
}

export class Histogram implements HistogramSnapshot {
  readonly bounds: Float64Array;
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(bounds: readonly number[]) {
    for (let i = 0; i < bounds.length; i++) {
      const b = bounds[i]!;
      if (!Number.isFinite(b)) throw new Error(`histogram bound ${b} is not finite (+Inf is implied)`);
      if (i > 0 && b <= bounds[i - 1]!) throw new Error('histogram bounds must be strictly ascending');
    }
    this.bounds = Float64Array.from(bounds);
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Counts one observation; NaN is ignored (it belongs in no bucket and would poison the sum). */
  observe(value: number): void {
    if (value !== value) return;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

/** Seconds, for write and request latencies: 1 ms to 10 s. */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
