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
// of every kind (a noisy series has to outdo its own noise), and against a share of the largest
// of its long past, so a heavy-tailed series that has shown such bursts before is not startled
// again by every burst once its recent memory has let go of the last one. A fourth question
// catches slow changes of behaviour that no single reading gives away:
//   excursions  are readings far from the level suddenly more frequent than they have been?
//               Four channels, each a short-run rate of excursions against the series'
//               long-run rate as a binomial z-score: above the level by more than 4 spreads
//               (~50 readings), below it by more than 4 (~50), either side by more than 3
//               (~200), above it by more than 6 (~33: a short burst of large rises, which
//               often comes before the reading a single-reading question would flag). Each is
//               judged against its own recent maximum the same way.
// A raise by a single reading is remembered by its hour of the day: the same kind of raise at
// the same time of day again (a batch job, a shift change) has to beat a higher bar each time.
// The score is the largest of the judged surprises. After a raise the series stays quiet
// for a while, so one excursion raises once; high scores meanwhile renew the hold-off, but for
// at most five hold-offs in a row, so a disturbance that keeps coming back raises again.
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
  reason: 'level' | 'step' | 'season' | 'excursions' | 'none';
  seasonal: SeasonalKind;
  /** Past the warm-up. */
  warm: boolean;
  count: number;
}

const REASONS = ['none', 'level', 'step', 'season', 'excursions'] as const;
/** Huber clip, in spreads: a reading moves the baseline as if it were at most this far. */
const CLIP = 3;
/** Mean absolute deviation → standard deviation of a normal. */
const MAD_TO_SD = 1.2533;
/**
 * The recent maximum of surprise relaxes by RELAX_AGE / count per reading, kept within
 * RELAX_MIN..RELAX_MAX: a young series remembers its last ~1000 readings, an old one up to its
 * last ~5000, so a long heavy-tailed series does not set a new "record" every thousand readings.
 */
const RELAX_MAX = 0.001;
const RELAX_MIN = 0.0002;
const RELAX_AGE = 2;
/** Excursion channels: which side (+1 above, −1 below, 0 either), how far (spreads), and the
 * smoothing of the short-run rate (about 1/alpha readings). */
const EXCURSIONS = [
  { side: 1, z: 4, alpha: 0.02 },
  { side: -1, z: 4, alpha: 0.02 },
  { side: 0, z: 3, alpha: 0.005 },
  { side: 1, z: 6, alpha: 0.03 },
] as const;
const CHANNELS = EXCURSIONS.length;
/** Readings per block of the excursion channels' recent maximum (see excursions()). */
const EX_BLOCK = 100;
const EXCURSION_SD = EXCURSIONS.map((c) => Math.sqrt(c.alpha / (2 - c.alpha)));
/** The long-run excursion rate is taken within these bounds (a binomial z needs 0 < p < 1). */
const EXCURSION_P_MIN = 0.01;
const EXCURSION_P_MAX = 0.5;
/** A reading scores 0.5 when its surprise is this share of the recent maximum. */
const RECENT_SHARE = 0.85;
/**
 * …or this share of the long maximum, whichever is larger: the largest surprise of the
 * series' long past, relaxing by LONG_RELAX per reading (~20,000 readings of memory).
 */
const LONG_SHARE = 0.6;
const LONG_RELAX = 0.00005;
/** Surprise (nats) over which the score goes from 0.5 to 0.73. */
const SCORE_SPREAD = 4;
/**
 * High scores renew a hold-off for at most this many hold-offs in a row: a series whose events
 * come about once per hold-off (a spike every 80 readings) would otherwise be muted for good,
 * and a change of that rhythm would never be told.
 */
const HOLD_RUNS = 5;
/**
 * Recurrence: every raise by a single reading is remembered in its hour of the day (RECUR_BINS
 * counts per series, each relaxing by LONG_RELAX per reading, ~20,000 readings of memory). A
 * reading that would beat its bar is judged against a bar raised by RECUR_WEIGHT · ln(1 + c),
 * c the raises remembered within RECUR_SPAN hours of its own hour of the day: plant load that
 * comes back at the same time of day (a batch job, a cron-like sweep, a shift change) is less
 * news each time it comes, while an event at a new hour has c = 0 and is judged as before.
 */
const RECUR_BINS = 24;
const RECUR_SPAN = 1;
const RECUR_WEIGHT = SCORE_SPREAD;
const HOUR_MS = 3_600_000;

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
  private longMax!: Float64Array;
  /** Remembered raises by hour of the day, RECUR_BINS per slot, and the reading they were last relaxed at. */
  private recur!: Float64Array;
  private recurAt!: Float64Array;
  // Excursion channels, CHANNELS entries per slot (slot · CHANNELS + channel).
  private exRate!: Float64Array;
  private exBase!: Float64Array;
  private exMax!: Float64Array;
  private exLong!: Float64Array;
  private exCur!: Float64Array;
  /** Readings since the excursion channels' baseline last changed kind, and that kind. */
  private exN!: Float64Array;
  private exMode!: Uint8Array;
  private hold!: Float64Array;
  /** Readings the series has been held quiet without a break. */
  private quietRun!: Float64Array;
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

  /** Whether a series has a slot (has been seen). */
  has(seriesKey: string): boolean {
    return this.keys.has(seriesKey);
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
    // Excursions are measured from the same baseline as the level (or the season, below).
    let zr = r / s;
    let exBaseline = level;
    let exScale = s;
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
      // A profile explains the series: deviations from it are what count (excursions too).
      z = zSeason;
      reason = 3;
      baseline = this.seasons.expected(slot);
      scale = this.seasons.scale(slot);
      zr = (value - baseline) / scale;
      exBaseline = baseline;
      exScale = scale;
    }
    this.evBaseline[slot] = baseline;
    this.evScale[slot] = scale;
    this.evValue[slot] = value;
    this.evReason[slot] = reason;

    // Surprise, judged against the largest surprise this series has produced lately (a
    // running maximum that relaxes a little every reading): an anomaly is something more
    // unusual than what the series has been doing, which puts series of every kind on one scale.
    // The baselines settle over the first half of the warm-up; the recent maximum learns over
    // the second half.
    const scoreEx = this.excursions(slot, n, zSeason >= 0 ? 1 : 0, zr);
    if (n <= o.warmup / 2) return (this.lastScore[slot] = 0);
    const relax = Math.max(RELAX_MIN, Math.min(RELAX_MAX, RELAX_AGE / n));
    const u = surprise(z * this.gain);
    const mx = this.recentMax[slot]!;
    this.recentMax[slot] = Math.max(u, mx - relax * mx);
    const ml = this.longMax[slot]!;
    this.longMax[slot] = Math.max(u, ml - LONG_RELAX * ml);
    if (n <= o.warmup) return (this.lastScore[slot] = 0);
    let bar = Math.max(RECENT_SHARE * mx, LONG_SHARE * ml);
    // Only a reading that beats its bar asks how often such raises came at this time of day.
    const hour =
      u > bar && Number.isFinite(ts) ? ((Math.floor(ts / HOUR_MS) % RECUR_BINS) + RECUR_BINS) % RECUR_BINS : -1;
    if (hour >= 0) bar += RECUR_WEIGHT * Math.log1p(this.recurrences(slot, n, hour));
    let score = 1 / (1 + Math.exp(-(u - bar) / SCORE_SPREAD));
    const readingScore = score;
    if (scoreEx > score) {
      score = scoreEx;
      // Above 0.5 the excursions are news (at rest every channel sits just above 0.5).
      if (scoreEx > 0.55) {
        this.evReason[slot] = 4;
        this.evBaseline[slot] = exBaseline;
        this.evScale[slot] = exScale;
      }
    }

    // One raise per excursion: after a high score the series stays quiet until it has gone
    // suppressReadings readings without one (as contextOSE's rest period does).
    const quiet = this.hold[slot]! > 0;
    if (quiet) this.hold[slot]!--;
    // A high score renews the hold-off, unless the series has been held quiet for
    // HOLD_RUNS hold-offs in a row: then the hold-off runs out and the next high score raises.
    const run = quiet ? ++this.quietRun[slot]! : (this.quietRun[slot] = 0);
    if (score >= o.threshold && run <= HOLD_RUNS * o.suppressReadings) this.hold[slot] = o.suppressReadings;
    this.raised[slot] = !quiet && score >= o.threshold ? 1 : 0;
    if (hour >= 0 && !quiet && readingScore >= o.threshold) this.recur[slot * RECUR_BINS + hour]! += 1;
    return (this.lastScore[slot] = quiet ? 0 : score);
  }

  /**
   * Updates every excursion channel with a reading zr spreads from its baseline and returns
   * the highest judged score. Rates settle over the first half of the warm-up, the recent
   * maxima learn over the second half and one more block. When the baseline changes kind
   * (flat level ↔ seasonal profile) the rates start over and the channels say nothing for as
   * long again: the first readings judged against a new baseline are no news. On a switch to
   * a seasonal profile the long maxima (of every question) start over too: deviations from the
   * flat level were larger — a daily swing taken for a level change before its profile was
   * learned would otherwise hide every deviation from the profile for weeks. (Back to the flat
   * level they are kept: surprises from the profile were smaller, so they make a low bar.)
   */
  private excursions(slot: number, n: number, mode: number, zr: number): number {
    if (this.exMode[slot] !== mode) {
      this.exMode[slot] = mode;
      this.exN[slot] = 0;
      this.exRate.fill(0, slot * CHANNELS, (slot + 1) * CHANNELS);
      this.exBase.fill(0, slot * CHANNELS, (slot + 1) * CHANNELS);
      if (mode === 1) {
        this.exLong.fill(0, slot * CHANNELS, (slot + 1) * CHANNELS);
        this.longMax[slot] = 0;
      }
    }
    const m = ++this.exN[slot]!;
    const warmup = this.options.warmup;
    const alpha = this.options.alpha;
    const relax = Math.max(RELAX_MIN, Math.min(RELAX_MAX, RELAX_AGE / n));
    // The judged scores are one sigmoid of (surprise − share · recent maximum): keep the largest
    // argument and take one exponential at the end.
    let best = -Infinity;
    for (let c = 0; c < CHANNELS; c++) {
      const ch = EXCURSIONS[c]!;
      const k = slot * CHANNELS + c;
      const hit = (ch.side === 0 ? Math.abs(zr) : ch.side * zr) > ch.z ? 1 : 0;
      const rate = (this.exRate[k]! += (m < 1 / ch.alpha ? 1 / m : ch.alpha) * (hit - this.exRate[k]!));
      const p0 = Math.min(EXCURSION_P_MAX, Math.max(this.exBase[k]!, EXCURSION_P_MIN));
      this.exBase[k]! += (m < 1 / alpha ? 1 / m : alpha) * (hit - this.exBase[k]!);
      if (n <= warmup / 2) continue;
      // Mostly the rate is at or below the long-run one: z = 0, surprise ln 2, no arithmetic.
      const u =
        rate > p0 ? surprise(((rate - p0) / (Math.sqrt(p0 * (1 - p0)) * EXCURSION_SD[c]!)) * this.gain) : Math.LN2;
      // Judged against the maximum of the blocks already closed, so a rate that climbs
      // slowly is not measured against its own climb.
      const mx = this.exMax[k]! - relax * this.exMax[k]!;
      this.exMax[k] = mx;
      const ml = this.exLong[k]! - LONG_RELAX * this.exLong[k]!;
      this.exLong[k] = ml;
      if (u > this.exCur[k]!) this.exCur[k] = u;
      // Blocks close at the end of the warm-up, then every EX_BLOCK readings. The long maximum
      // leaves out the first block, whose rates were still settling.
      if (m >= warmup && (m - warmup) % EX_BLOCK === 0) {
        if (this.exCur[k]! > mx) this.exMax[k] = this.exCur[k]!;
        if (m > warmup && this.exCur[k]! > ml) this.exLong[k] = this.exCur[k]!;
        this.exCur[k] = 0;
      }
      if (n <= warmup || m <= warmup + EX_BLOCK) continue;
      const arg = u - Math.max(RECENT_SHARE * mx, LONG_SHARE * ml);
      if (arg > best) best = arg;
    }
    return best === -Infinity ? 0 : 1 / (1 + Math.exp(-best / SCORE_SPREAD));
  }

  /**
   * Raises remembered within RECUR_SPAN hours of `hour` (the counts relaxed to reading n first;
   * lazily, as only a reading that beats its bar asks).
   */
  private recurrences(slot: number, n: number, hour: number): number {
    const base = slot * RECUR_BINS;
    const d = Math.pow(1 - LONG_RELAX, n - this.recurAt[slot]!);
    this.recurAt[slot] = n;
    let c = 0;
    for (let h = 0; h < RECUR_BINS; h++) {
      const v = (this.recur[base + h]! *= d);
      const dist = Math.abs(h - hour);
      if (Math.min(dist, RECUR_BINS - dist) <= RECUR_SPAN) c += v;
    }
    return c;
  }

  /**
   * Rebuilds a series' state from these readings (oldest first) as if they were all it had
   * seen, raising nothing: after a bad-data label over readings it had already learned. Its
   * seasonal profiles keep what they learned (about a week of memory per bin: rebuilding them
   * would take weeks of readings, and a labelled stretch moves a bin by a few percent).
   */
  replay(slot: number, ts: ArrayLike<number>, values: ArrayLike<number>): void {
    this.ensure(slot + 1);
    const profiles = this.seasons.save(slot);
    this.reset(slot);
    for (let i = 0; i < values.length; i++) this.update(slot, ts[i]!, values[i]!);
    this.seasons.restore(slot, profiles);
    this.raised[slot] = 0;
  }

  /**
   * Forgets what a series has learned (but for its seasonal profiles): as if it had never been
   * seen. Every typed-array column is one, CHANNELS or RECUR_BINS entries per slot (length / cap),
   * so a column added later is reset too.
   */
  reset(slot: number): void {
    for (const column of Object.values(this) as unknown[]) {
      if (!(column instanceof Float64Array || column instanceof Uint8Array)) continue;
      const width = column.length / this.cap;
      column.fill(0, slot * width, (slot + 1) * width);
    }
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
    this.longMax = f(this.longMax);
    const recur = new Float64Array(cap * RECUR_BINS);
    if (this.recur) recur.set(this.recur);
    this.recur = recur;
    this.recurAt = f(this.recurAt);
    const fc = (old: Float64Array | undefined): Float64Array => {
      const a = new Float64Array(cap * CHANNELS);
      if (old) a.set(old);
      return a;
    };
    this.exRate = fc(this.exRate);
    this.exBase = fc(this.exBase);
    this.exMax = fc(this.exMax);
    this.exLong = fc(this.exLong);
    this.exCur = fc(this.exCur);
    this.exN = f(this.exN);
    this.exMode = u(this.exMode);
    this.hold = f(this.hold);
    this.quietRun = f(this.quietRun);
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
