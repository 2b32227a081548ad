// Predictive alerts: a least-squares line through each series' last `window` readings, and
// whether (and when) it reaches a limit within a horizon. Readings go into a ring buffer per
// slot (typed arrays, nothing allocated per reading); the fit is computed when asked.

export interface TrendOptions {
  /** Readings the line is fitted to. */
  window: number;
  /** Fewest readings before any forecast. */
  minReadings: number;
  /** The line must explain at least this share of the variance (R²) to be believed. */
  minR2: number;
  /** Slots allocated up front (grows by doubling). */
  capacity: number;
}

export const DEFAULT_TREND_OPTIONS: Readonly<TrendOptions> = Object.freeze({
  window: 60,
  minReadings: 10,
  minR2: 0.5,
  capacity: 64,
});

export interface TrendForecast {
  limit: 'hi' | 'lo';
  limitValue: number;
  /** When the fitted line reaches the limit, epoch ms. */
  crossAtMs: number;
  /** From the last reading to the crossing, ms. */
  inMs: number;
  slopePerSecond: number;
  /** Share of the window's variance the line explains. */
  r2: number;
  /** The line's value at the last reading. */
  fitted: number;
}

export interface TrendLimits {
  lo?: number;
  hi?: number;
}

export class TrendPredictor {
  readonly options: TrendOptions;
  private readonly keys = new Map<string, number>();
  private cap = 0;
  private ts!: Float64Array;
  private vs!: Float64Array;
  private n!: Float64Array;
  // The last fit, for the caller that asks more than once per reading.
  private slope = 0;
  private intercept = 0;
  private r2 = 0;
  private tLast = 0;

  constructor(opts: Partial<TrendOptions> = {}) {
    const o = { ...DEFAULT_TREND_OPTIONS, ...opts };
    if (!Number.isInteger(o.window) || o.window < 3)
      throw new RangeError(`trend window must be a whole number ≥ 3, got ${o.window}`);
    if (!Number.isInteger(o.minReadings) || o.minReadings < 3 || o.minReadings > o.window) {
      throw new RangeError(`trend minReadings must be a whole number from 3 to the window, got ${o.minReadings}`);
    }
    if (!(o.minR2 >= 0 && o.minR2 <= 1)) throw new RangeError(`trend minR2 must be within 0..1, got ${o.minR2}`);
    this.options = o;
    this.grow(Math.max(1, o.capacity));
  }

  slot(seriesKey: string): number {
    let s = this.keys.get(seriesKey);
    if (s === undefined) {
      s = this.keys.size;
      this.ensure(s + 1);
      this.keys.set(seriesKey, s);
    }
    return s;
  }

  has(seriesKey: string): boolean {
    return this.keys.has(seriesKey);
  }

  ensure(slots: number): void {
    if (slots > this.cap) this.grow(Math.max(slots, this.cap * 2));
  }

  update(slot: number, ts: number, value: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(ts)) return;
    this.ensure(slot + 1);
    const w = this.options.window;
    const i = this.n[slot]!++ % w;
    this.ts[slot * w + i] = ts;
    this.vs[slot * w + i] = value;
  }

  /** Refills a series' window with these readings (oldest first) alone: after a bad-data label over its recent past. */
  replay(slot: number, ts: ArrayLike<number>, values: ArrayLike<number>): void {
    this.ensure(slot + 1);
    this.n[slot] = 0;
    for (let i = Math.max(0, values.length - this.options.window); i < values.length; i++) {
      this.update(slot, ts[i]!, values[i]!);
    }
  }

  /**
   * The first limit the fitted line reaches within `horizonMs` after the last reading, or null
   * (too few readings, a line that explains too little, heading away, already beyond the limit,
   * or further than the horizon).
   */
  forecast(slot: number, limits: TrendLimits, horizonMs: number): TrendForecast | null {
    if (!this.fit(slot)) return null;
    const b = this.slope;
    const hi = limits.hi;
    const lo = limits.lo;
    const limit: 'hi' | 'lo' | null = b > 0 && hi !== undefined ? 'hi' : b < 0 && lo !== undefined ? 'lo' : null;
    if (limit === null) return null;
    const limitValue = limit === 'hi' ? hi! : lo!;
    const inMs = this.crossIn(limitValue);
    if (!(inMs > 0 && inMs <= horizonMs)) return null;
    return {
      limit,
      limitValue,
      crossAtMs: this.tLast + inMs,
      inMs,
      slopePerSecond: b * 1000,
      r2: this.r2,
      fitted: this.intercept,
    };
  }

  /** Ms from the last reading until the fitted line reaches `limit`; NaN when it does not within the horizon. */
  timeToCross(slot: number, limit: number, horizonMs: number): number {
    if (!this.fit(slot)) return Number.NaN;
    const inMs = this.crossIn(limit);
    return inMs > 0 && inMs <= horizonMs ? inMs : Number.NaN;
  }

  private crossIn(limit: number): number {
    // The line, with time measured from the last reading: v = intercept + slope · t.
    if (this.slope === 0) return Number.NaN;
    return (limit - this.intercept) / this.slope;
  }

  private fit(slot: number): boolean {
    if (slot >= this.cap) return false;
    const w = this.options.window;
    const count = Math.min(this.n[slot]!, w);
    if (count < this.options.minReadings) return false;
    const base = slot * w;
    const last = base + ((this.n[slot]! - 1) % w);
    const t0 = this.ts[last]!;
    let st = 0;
    let sv = 0;
    for (let k = 0; k < count; k++) {
      st += this.ts[base + k]! - t0;
      sv += this.vs[base + k]!;
    }
    const mt = st / count;
    const mv = sv / count;
    let stt = 0;
    let stv = 0;
    let svv = 0;
    for (let k = 0; k < count; k++) {
      const dt = this.ts[base + k]! - t0 - mt;
      const dv = this.vs[base + k]! - mv;
      stt += dt * dt;
      stv += dt * dv;
      svv += dv * dv;
    }
    if (stt === 0) return false;
    this.slope = stv / stt;
    this.intercept = mv - this.slope * mt;
    this.r2 = svv === 0 ? 0 : (stv * stv) / (stt * svv);
    this.tLast = t0;
    return this.r2 >= this.options.minR2 && this.slope !== 0;
  }

  private grow(cap: number): void {
    const w = this.options.window;
    const f = (old: Float64Array | undefined, size: number): Float64Array => {
      const a = new Float64Array(size);
      if (old) a.set(old);
      return a;
    };
    this.ts = f(this.ts, cap * w);
    this.vs = f(this.vs, cap * w);
    this.n = f(this.n, cap);
    this.cap = cap;
  }
}
