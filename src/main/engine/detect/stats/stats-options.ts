// Options of the statistical detector. One configuration serves every series: the defaults are
// the ones measured on NAB (docs/benchmarks.md, "Detection quality (NAB)").

export interface StatsOptions {
  /**
   * 0..1: how readily a deviation scores high. 0.5 is the measured default; each 0.1 above
   * it scales every z-score by about 1.15 (more anomalies), each 0.1 below by 1/1.15.
   */
  sensitivity: number;
  /** Score at or above which `isAnomaly` raises (after repeat suppression). */
  threshold: number;
  /** Readings of a series before it scores at all (scores are 0 meanwhile). */
  warmup: number;
  /** Daily (24 hourly bins) and weekly (168) baselines, used when a series shows them. */
  seasonality: 'auto' | 'none';
  /** Smoothing of the level and its spread, per reading (about 1/alpha readings of memory). */
  alpha: number;
  /**
   * Readings after a raise during which the score is damped, so one excursion raises once
   * (renewed by every high score meanwhile, for at most five hold-offs in a row).
   */
  suppressReadings: number;
  /** Slots allocated up front (the bank grows by doubling past it). */
  capacity: number;
}

export const DEFAULT_STATS_OPTIONS: Readonly<StatsOptions> = Object.freeze({
  sensitivity: 0.5,
  threshold: 0.7,
  warmup: 150,
  seasonality: 'auto',
  alpha: 0.002,
  suppressReadings: 100,
  capacity: 64,
});

/** Fills defaults and rejects values that cannot work. */
export function resolveStatsOptions(opts: Partial<StatsOptions> = {}): StatsOptions {
  const o: StatsOptions = { ...DEFAULT_STATS_OPTIONS, ...opts };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`stats option ${what}`);
  };
  check(o.sensitivity >= 0 && o.sensitivity <= 1, `sensitivity must be within 0..1, got ${o.sensitivity}`);
  check(o.threshold > 0 && o.threshold <= 1, `threshold must be within (0, 1], got ${o.threshold}`);
  check(Number.isInteger(o.warmup) && o.warmup >= 2, `warmup must be a whole number ≥ 2, got ${o.warmup}`);
  check(o.alpha > 0 && o.alpha < 1, `alpha must be within (0, 1), got ${o.alpha}`);
  check(Number.isInteger(o.suppressReadings) && o.suppressReadings >= 0, `suppressReadings must be a whole number ≥ 0`);
  check(Number.isInteger(o.capacity) && o.capacity >= 1, `capacity must be a whole number ≥ 1`);
  check(o.seasonality === 'auto' || o.seasonality === 'none', `seasonality must be "auto" or "none"`);
  return o;
}
