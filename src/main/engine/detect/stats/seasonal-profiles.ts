// Daily and weekly profiles per series: the usual value of each quarter hour of the day (96 bins) and
// of each hour of the week (168 bins), by UTC clock, learned online with about a week (daily)
// or a few weeks (weekly) of memory. A profile is used only once it explains the series
// clearly better than its long-run mean does (its typical residual under half the series'
// typical deviation) and it has seen two full periods; the weekly one wins over the daily one
// when it explains clearly more.

export type SeasonalKind = 'none' | 'daily' | 'weekly';
export const SEASONAL_NONE: SeasonalKind = 'none';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const DAY_BINS = 96;
const WEEK_BINS = 168;
/** A profile bin remembers about this many periods. */
const MEMORY_PERIODS = 7;
const KINDS: SeasonalKind[] = ['none', 'daily', 'weekly'];
const MAD_TO_SD = 1.2533;

export class SeasonalProfiles {
  private cap = 0;
  private t0!: Float64Array;
  private n!: Float64Array;
  private mean!: Float64Array;
  private dev!: Float64Array;
  private devDay!: Float64Array;
  private devWeek!: Float64Array;
  private active!: Uint8Array;
  private exp!: Float64Array;
  private sc!: Float64Array;
  private day!: Float32Array;
  private dayN!: Float32Array;
  private week!: Float32Array;
  private weekN!: Float32Array;

  constructor(private readonly enabled: boolean) {}

  grow(cap: number): void {
    const f = (old: Float64Array | undefined, size = cap): Float64Array => {
      const a = new Float64Array(size);
      if (old) a.set(old);
      return a;
    };
    const g = (old: Float32Array | undefined, size: number): Float32Array => {
      const a = new Float32Array(size);
      if (old) a.set(old);
      return a;
    };
    this.t0 = f(this.t0);
    this.n = f(this.n);
    this.mean = f(this.mean);
    this.dev = f(this.dev);
    this.devDay = f(this.devDay);
    this.devWeek = f(this.devWeek);
    this.exp = f(this.exp);
    this.sc = f(this.sc);
    const act = new Uint8Array(cap);
    if (this.active) act.set(this.active);
    this.active = act;
    if (this.enabled) {
      this.day = g(this.day, cap * DAY_BINS);
      this.dayN = g(this.dayN, cap * DAY_BINS);
      this.week = g(this.week, cap * WEEK_BINS);
      this.weekN = g(this.weekN, cap * WEEK_BINS);
    }
    this.cap = cap;
  }

  /** A copy of one series' profiles and their statistics (restore puts it back). */
  save(slot: number): Float64Array[] {
    const out = this.scalars().map((a) => Float64Array.of(a[slot]!));
    if (this.enabled) {
      for (const [a, bins] of this.bins()) out.push(Float64Array.from(a.subarray(slot * bins, (slot + 1) * bins)));
    }
    return out;
  }

  restore(slot: number, saved: readonly Float64Array[]): void {
    const scalars = this.scalars();
    scalars.forEach((a, i) => (a[slot] = saved[i]![0]!));
    if (this.enabled) this.bins().forEach(([a, bins], i) => a.set(saved[scalars.length + i]!, slot * bins));
  }

  private scalars(): (Float64Array | Uint8Array)[] {
    return [this.t0, this.n, this.mean, this.dev, this.devDay, this.devWeek, this.exp, this.sc, this.active];
  }

  private bins(): [Float32Array, number][] {
    return [
      [this.day, DAY_BINS],
      [this.dayN, DAY_BINS],
      [this.week, WEEK_BINS],
      [this.weekN, WEEK_BINS],
    ];
  }

  /** The first reading of a series. */
  start(slot: number, ts: number, value: number): void {
    this.t0[slot] = ts;
    this.n[slot] = 1;
    this.mean[slot] = value;
    this.exp[slot] = value;
    if (!this.enabled) return;
    const d = slot * DAY_BINS + binOf(ts, DAY, DAY_BINS);
    const w = slot * WEEK_BINS + binOf(ts, WEEK, WEEK_BINS);
    this.day[d] = value;
    this.dayN[d] = 1;
    this.week[w] = value;
    this.weekN[w] = 1;
  }

  /**
   * Learns a reading; returns |value − expected| in robust spreads when a profile is in
   * use (before learning this reading), else NaN.
   */
  update(slot: number, ts: number, value: number, floor: number): number {
    const n = ++this.n[slot]!;
    const a = Math.max(1 / n, 1e-3);
    const r0 = value - this.mean[slot]!;
    this.mean[slot]! += a * r0;
    this.dev[slot]! += a * (Math.abs(r0) - this.dev[slot]!);
    if (!this.enabled) return Number.NaN;

    const elapsed = ts - this.t0[slot]!;
    const d = slot * DAY_BINS + binOf(ts, DAY, DAY_BINS);
    const w = slot * WEEK_BINS + binOf(ts, WEEK, WEEK_BINS);
    const dayKnown = this.dayN[d]! > 0 && elapsed >= DAY;
    const weekKnown = this.weekN[w]! > 0 && elapsed >= WEEK;
    const rd = value - this.day[d]!;
    const rw = value - this.week[w]!;
    // Residual spreads, learned with the series' own long memory.
    if (dayKnown) this.devDay[slot]! += a * (Math.min(Math.abs(rd), 6 * this.dev[slot]!) - this.devDay[slot]!);
    if (weekKnown) this.devWeek[slot]! += a * (Math.min(Math.abs(rw), 6 * this.dev[slot]!) - this.devWeek[slot]!);

    let kind = 0;
    if (elapsed >= 2 * DAY && this.devDay[slot]! < 0.5 * this.dev[slot]!) kind = 1;
    if (
      elapsed >= 2 * WEEK &&
      this.devWeek[slot]! < 0.5 * this.dev[slot]! &&
      this.devWeek[slot]! < 0.8 * this.devDay[slot]!
    )
      kind = 2;
    this.active[slot] = kind;

    let z = Number.NaN;
    if (kind === 1) {
      const s = Math.max(this.devDay[slot]! * MAD_TO_SD, floor);
      this.exp[slot] = this.day[d]!;
      this.sc[slot] = s;
      z = Math.abs(rd) / s;
    } else if (kind === 2) {
      const s = Math.max(this.devWeek[slot]! * MAD_TO_SD, floor);
      this.exp[slot] = this.week[w]!;
      this.sc[slot] = s;
      z = Math.abs(rw) / s;
    }
    learn(this.day, this.dayN, d, value, Math.floor(elapsed / DAY));
    learn(this.week, this.weekN, w, value, Math.floor(elapsed / WEEK));
    return z;
  }

  /** The profile's expectation for the last reading (the long-run mean when none is in use). */
  expected(slot: number): number {
    return this.active[slot] === 0 ? this.mean[slot]! : this.exp[slot]!;
  }

  scale(slot: number): number {
    return this.active[slot] === 0 ? this.dev[slot]! * MAD_TO_SD : this.sc[slot]!;
  }

  kind(slot: number): SeasonalKind {
    return KINDS[this.active[slot]!]!;
  }
}

function binOf(ts: number, period: number, bins: number): number {
  const phase = ts % period;
  return Math.floor(((phase < 0 ? phase + period : phase) / period) * bins) % bins;
}

/** Moves a bin toward a value: a plain mean over its first period, then ~MEMORY_PERIODS of memory. */
function learn(profile: Float32Array, visits: Float32Array, i: number, value: number, periods: number): void {
  const v = ++visits[i]!;
  const perPeriod = v / (periods + 1);
  const a = Math.max(1 / v, 1 / (MEMORY_PERIODS * perPeriod));
  profile[i]! += a * (value - profile[i]!);
}
