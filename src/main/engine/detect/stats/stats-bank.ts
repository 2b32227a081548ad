// Per-series online statistics for many series at once: every series owns a slot, and every
// statistic is a column (a typed array indexed by slot), so scoring a reading allocates
// nothing and touches a few cache lines.
//
// For each reading the bank asks three questions, each as a robust z-score (deviation over an
// outlier-resistant spread: Huber-clipped EWMA of the level and of the mean absolute deviation,
// so a spike barely moves the baseline):
//   level     how far is the value from its recent level?
//   step      how unusual is the change from the previous reading?
//   season    how far is it from what this hour of the day (or of the week) usually brings —
//             asked only once a daily or weekly profile explains the series clearly better
//             than a flat level does.
// The largest, scaled by the sensitivity, becomes a surprise (−ln of the normal tail) that is
// judged against the largest surprise of the series' recent past, so one threshold fits series
// of every kind (a noisy series has to outdo its own noise). After a raise the series stays
// quiet for a while, so one excursion raises once.
import { surprise } from './gaussian';
import { resolveStatsOptions, type StatsOptions } from './stats-options';
import { SeasonalProfiles, type SeasonalKind } from './seasonal-profiles';

/** Why a series scored what it did (allocates: ask only when raising). */
export interface StatsExplanation {
  score: number;
  /** What the value was expected to be. */
  baseline: number;
  /** value − baseline. */
  deviation: number;
  /** The deviation in robust standard deviations (signed). */
  z: number;
  /** The robust spread the deviation was measured in. */
  scale: number;
  /** Which question scored highest. */
  reason: 'level' | 'step' | 'season' | 'none';
  seasonal: SeasonalKind;
  /** Past the warm-up. */
  warm: boolean;
  count: number;
}

const REASONS = ['none', 'level', 'step', 'season'] as const;
/** Huber clip, in spreads: a reading moves the baseline as if it were at most this far. */
const CLIP = 3;
/** Mean absolute deviation → standard deviation of a normal. */
const MAD_TO_SD = 1.2533;
/** HTM's log-likelihood scale: a tail probability of 1e-10 scores 1. */
/** The recent maximum of surprise relaxes by this share per reading (~1000 readings of memory). */
const RELAX = 0.001;
/** A reading scores 0.5 when its surprise is this share of the recent maximum. */
const RECENT_SHARE = 0.8;
/** Surprise (nats) over which the score goes from 0.5 to 0.73. */
const SCORE_SPREAD = 4;

export class StatsBank {
  readonly options: StatsOptions;
  private readonly keys = new Map<string, number>();
  private cap: number;
  private readonly gain: number;
  private readonly seasons: SeasonalProfiles;

  // Columns, one entry per slot.
  private count!: Float64Array;
  private lastX!: Float64Array;
  private level!: Float64Array;
  private spread!: Float64Array;
  private stepLoc!: Float64Array;
  private stepSpread!: Float64Array;
  private lo!: Float64Array;
  private hi!: Float64Array;
  private recentMax!: Float64Array;
  private hold!: Float64Array;
  private lastScore!: Float64Array;
  private raised!: Uint8Array;
  // Evidence of the last reading, for explain().
  private evBaseline!: Float64Array;
  private evScale!: Float64Array;
  private evValue!: Float64Array;
  private evReason!: Uint8Array;

  constructor(opts: Partial<StatsOptions> = {}) {
    this.options = resolveStatsOptions(opts);
    this.gain = Math.pow(1.15, (this.options.sensitivity - 0.5) * 10);
    this.cap = 0;
    this.seasons = new SeasonalProfiles(this.options.seasonality === 'auto');
    this.grow(this.options.capacity);
  }

  /** Series with a slot. */
  get size(): number {
    return this.keys.size;
  }

  /** The slot of a series, given one on first sight; stable for the bank's life. */
  slot(seriesKey: string): number {
    let s = this.keys.get(seriesKey);
    if (s === undefined) {
      s = this.keys.size;
      if (s >= this.cap) this.grow(this.cap * 2);
      this.keys.set(seriesKey, s);
    }
    return s;
  }

  /** Makes room for slots 0..slots−1 up front (slots handed out by the caller's own registry). */
  ensure(slots: number): void {
    if (slots > this.cap) this.grow(Math.max(slots, this.cap * 2));
  }

  /** Scores one reading of a series, in [0, 1]. Non-finite values are ignored (score 0). */
  update(slot: number, ts: number, value: number): number {
    if (slot >= this.cap) this.ensure(slot + 1);
    if (!Number.isFinite(value)) return 0;
    const n = ++this.count[slot]!;
    if (n === 1) {
      this.lastX[slot] = value;
      this.level[slot] = value;
      this.lo[slot] = value;
      this.hi[slot] = value;
      this.evBaseline[slot] = value;
      this.evValue[slot] = value;
      this.seasons.start(slot, ts, value);
      return 0;
    }
    const o = this.options;
    const a = n < 1 / o.alpha ? 1 / n : o.alpha;
    if (value < this.lo[slot]!) this.lo[slot] = value;
    if (value > this.hi[slot]!) this.hi[slot] = value;
    // A spread never below a sliver of the range seen, so a flat series does not turn every
    // rounding step into an infinite z.
    const floor = 1e-3 * (this.hi[slot]! - this.lo[slot]!) + 1e-12;

    // Level.
    const level = this.level[slot]!;
    const r = value - level;
    const s = Math.max(this.spread[slot]! * MAD_TO_SD, floor);
    const zLevel = Math.abs(r) / s;
    const clipR = r > CLIP * s ? CLIP * s : r < -CLIP * s ? -CLIP * s : r;
    this.level[slot] = level + a * clipR;
    this.spread[slot]! += a * (Math.abs(clipR) - this.spread[slot]!);

    // Step.
    const dx = value - this.lastX[slot]!;
    const rd = dx - this.stepLoc[slot]!;
    const sd = Math.max(this.stepSpread[slot]! * MAD_TO_SD, floor);
    const zStep = Math.abs(rd) / sd;
    const clipD = rd > CLIP * sd ? CLIP * sd : rd < -CLIP * sd ? -CLIP * sd : rd;
    this.stepLoc[slot]! += a * clipD;
    this.stepSpread[slot]! += a * (Math.abs(clipD) - this.stepSpread[slot]!);
    this.lastX[slot] = value;

    // Season (NaN while no profile explains the series).
    const zSeason = this.seasons.update(slot, ts, value, floor);

    let z = zLevel;
    let reason = 1;
    let baseline = level;
    let scale = s;
    if (zStep > z) {
      z = zStep;
      reason = 2;
      baseline = value - dx + this.stepLoc[slot]!;
      scale = sd;
    }
    if (zSeason >= 0) {
      // A profile explains the series: deviations from it are what count.
      z = zSeason;
      reason = 3;
      baseline = this.seasons.expected(slot);
      scale = this.seasons.scale(slot);
    }
    this.evBaseline[slot] = baseline;
    this.evScale[slot] = scale;
    this.evValue[slot] = value;
    this.evReason[slot] = reason;

    // Surprise, judged against the largest surprise this series has produced lately (a
    // running maximum that relaxes by RELAX per reading): an anomaly is something more
    // unusual than what the series has been doing, which puts series of every kind on one scale.
    // The baselines settle over the first half of the warm-up; the recent maximum learns over
    // the second half.
    if (n <= o.warmup / 2) return (this.lastScore[slot] = 0);
    const u = surprise(z * this.gain);
    const mx = this.recentMax[slot]!;
    this.recentMax[slot] = Math.max(u, mx - RELAX * mx);
    if (n <= o.warmup) return (this.lastScore[slot] = 0);
    const score = 1 / (1 + Math.exp(-(u - RECENT_SHARE * mx) / SCORE_SPREAD));

    // One raise per excursion: after a high score the series stays quiet until it has gone
    // suppressReadings readings without one (as contextOSE's rest period does).
    const quiet = this.hold[slot]! > 0;
    if (quiet) this.hold[slot]!--;
    if (score >= o.threshold) this.hold[slot] = o.suppressReadings;
    this.raised[slot] = !quiet && score >= o.threshold ? 1 : 0;
    return (this.lastScore[slot] = quiet ? 0 : score);
  }

  /** The last reading raised an anomaly: its score reached the threshold outside a hold-off. */
  isAnomaly(slot: number): boolean {
    return this.raised[slot] === 1;
  }

  /** The last score of a series. */
  score(slot: number): number {
    return this.lastScore[slot]!;
  }

  /** What the last reading was expected to be. */
  baseline(slot: number): number {
    return this.evBaseline[slot]!;
  }

  /** The last reading minus its baseline. */
  deviation(slot: number): number {
    return this.evValue[slot]! - this.evBaseline[slot]!;
  }

  explain(slot: number): StatsExplanation {
    const deviation = this.deviation(slot);
    const scale = this.evScale[slot]!;
    return {
      score: this.lastScore[slot]!,
      baseline: this.evBaseline[slot]!,
      deviation,
      z: scale > 0 ? deviation / scale : 0,
      scale,
      reason: REASONS[this.evReason[slot]!]!,
      seasonal: this.seasons.kind(slot),
      warm: this.count[slot]! > this.options.warmup,
      count: this.count[slot]!,
    };
  }

  private grow(cap: number): void {
    const f = (old: Float64Array | undefined): Float64Array => {
      const a = new Float64Array(cap);
      if (old) a.set(old);
      return a;
    };
    const u = (old: Uint8Array | undefined): Uint8Array => {
      const a = new Uint8Array(cap);
      if (old) a.set(old);
      return a;
    };
    this.count = f(this.count);
    this.lastX = f(this.lastX);
    this.level = f(this.level);
    this.spread = f(this.spread);
    this.stepLoc = f(this.stepLoc);
    this.stepSpread = f(this.stepSpread);
    this.lo = f(this.lo);
    this.hi = f(this.hi);
    this.recentMax = f(this.recentMax);
    this.hold = f(this.hold);
    this.lastScore = f(this.lastScore);
    this.raised = u(this.raised);
    this.evBaseline = f(this.evBaseline);
    this.evScale = f(this.evScale);
    this.evValue = f(this.evValue);
    this.evReason = u(this.evReason);
    this.seasons.grow(cap);
    this.cap = cap;
  }
}
