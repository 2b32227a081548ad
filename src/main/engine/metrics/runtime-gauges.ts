// The engine process's own condition for GET /metrics: event-loop delay (perf_hooks'
// monitorEventLoopDelay, a sampling timer inside libuv: nothing runs on our loop per sample).
// Quantiles and the maximum are those of the last complete window (30 s), so they mean "lately",
// not "since start" (until the first window closes, the one still open is read); the sum and
// count of delays sampled are totals since start, as a Prometheus summary has them. The monitor
// records the time between its timer's runs, so the timer's own period is taken off each figure.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const WINDOW_MS = 30_000;
const RESOLUTION_MS = 10;

export interface LoopDelay {
  /** Seconds, over the last window. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Seconds of delay sampled since start, and how many samples. */
  sum: number;
  count: number;
}

type Window = Omit<LoopDelay, 'sum' | 'count'> & { sum: number; count: number };

function read(h: IntervalHistogram): Window {
  const s = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e9 - RESOLUTION_MS / 1000) : 0);
  const count = h.count;
  return {
    p50: s(h.percentile(50)),
    p90: s(h.percentile(90)),
    p99: s(h.percentile(99)),
    max: s(h.max),
    // Σ(delay − period) from the mean; samples a little under the period would count below
    // zero there, so the sum is never taken below the largest delay, one of its own terms.
    sum: count > 0 ? Math.max(s(h.mean) * count, s(h.max)) : 0,
    count,
  };
}

export class RuntimeGauges {
  private histogram: IntervalHistogram | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: Window | undefined;
  private totals = { sum: 0, count: 0 };

  start(): void {
    if (this.histogram) return;
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    this.histogram = h;
    this.timer = setInterval(() => {
      this.last = read(h);
      this.totals.sum += this.last.sum;
      this.totals.count += this.last.count;
      h.reset();
    }, WINDOW_MS);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram?.disable();
    this.histogram = undefined;
  }

  /** Undefined before start() (the engine is not running). */
  loopDelay(): LoopDelay | undefined {
    if (!this.histogram) return undefined;
    const open = read(this.histogram);
    const shown = this.last ?? open;
    return { ...shown, sum: this.totals.sum + open.sum, count: this.totals.count + open.count };
  }
}
