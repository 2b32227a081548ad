// Where a signal is heading over the window on screen: a least-squares line through the
// readings inside that window (one implementation, for the Device view's statistics and the
// analytics trend panel). Decisions (issue 16, point 8):
// - Only what is inside the window counts, so the same readings give the same figure whatever
//   range preset they are seen through; the figure names the span it was fitted over (the first
//   to the last reading inside the window), which is the window itself when data fills it.
// - Bucketed points (a downsampled or rollup answer) weigh as many readings as they stand for
//   and sit at their bucket's middle.
// - Too little data is said, not guessed: fewer than MIN_READINGS readings, MIN_POINTS distinct
//   times or a span shorter than MIN_SPAN_MS gives `too-little` — two readings 10 ms apart once
//   read "+318857 psi/h".
// - Rising or falling only when the fitted line moves the value by more than half the values'
//   spread over the span (the engine's rule for `history.stats`), else stable.

export const MIN_READINGS = 5;
export const MIN_POINTS = 3;
export const MIN_SPAN_MS = 30_000;

export type TrendDirection = 'rising' | 'stable' | 'falling';

/** Columnar points, as history answers carry them (count and bucketMs optional: raw readings). */
export interface TrendInput {
  ts: readonly number[];
  value: readonly number[];
  count?: readonly number[];
  /** Width of one bucket in ms; 0 or absent when every point is one reading. */
  bucketMs?: number;
}

export interface TrendWindow {
  from: number;
  to: number;
}

interface FitCommon {
  /** The window asked about. */
  window: TrendWindow;
  /** Readings inside it (a bucket counts as its readings). */
  readings: number;
}

export interface TrendFitted extends FitCommon {
  state: 'ok';
  /** The span fitted over: first to last reading inside the window. */
  from: number;
  to: number;
  /** Slope in units per millisecond. */
  slopePerMs: number;
  /** What the line says happened over the span: slope × span. */
  change: number;
  direction: TrendDirection;
}

export interface TrendTooLittle extends FitCommon {
  state: 'too-little';
  /**
   * Which minimum was not met, for the words shown: too few readings, too short a span, or
   * enough readings in too few buckets (a coarse answer: ask again for the data's own extent,
   * `extent`, at a finer tier — two minutes of data seen through a day are two 1-minute buckets).
   */
  reason: 'readings' | 'span' | 'points';
  /** First and last point inside the window (bucket end included), when there is any. */
  extent: TrendWindow | null;
}

export type TrendFit = TrendFitted | TrendTooLittle;

/** The least-squares trend of the points inside `window`. */
export function fitTrend(p: TrendInput, window: TrendWindow): TrendFit {
  const half = (p.bucketMs ?? 0) / 2;
  let n = 0;
  let points = 0;
  let first = Infinity;
  let last = -Infinity;
  // Times relative to the window's start keep the sums well conditioned.
  let st = 0;
  let sv = 0;
  let stt = 0;
  let stv = 0;
  let svv = 0;
  for (let i = 0; i < p.ts.length; i++) {
    const ts = p.ts[i]!;
    const v = p.value[i]!;
    if (ts < window.from || ts > window.to || !Number.isFinite(v)) continue;
    const w = p.count?.[i] ?? 1;
    if (!(w > 0)) continue;
    const t = (w > 1 ? Math.min(window.to, ts + half) : ts) - window.from;
    points++;
    n += w;
    first = Math.min(first, ts);
    last = Math.max(last, ts);
    st += w * t;
    sv += w * v;
    stt += w * t * t;
    stv += w * t * v;
    svv += w * v * v;
  }
  const readings = Math.round(n);
  const coarse = (p.bucketMs ?? 0) > 0;
  const extent = points > 0 ? { from: first, to: Math.min(window.to, last + (p.bucketMs ?? 0)) } : null;
  const tooLittle = (reason: TrendTooLittle['reason']): TrendTooLittle => ({
    state: 'too-little',
    reason,
    window,
    readings,
    extent,
  });
  if (readings < MIN_READINGS) return tooLittle('readings');
  if (points < MIN_POINTS) return tooLittle(coarse ? 'points' : 'readings');
  const spanMs = last - first;
  if (spanMs < MIN_SPAN_MS) return tooLittle(coarse && spanMs > 0 ? 'points' : 'span');
  const denom = n * stt - st * st;
  if (!(denom > 0)) return tooLittle('span');
  const slopePerMs = (n * stv - st * sv) / denom;
  const mean = sv / n;
  const spread = Math.sqrt(Math.max(0, (svv - n * mean * mean) / Math.max(1, n - 1)));
  const change = slopePerMs * spanMs;
  const direction: TrendDirection = Math.abs(change) <= 0.5 * spread ? 'stable' : change > 0 ? 'rising' : 'falling';
  return { state: 'ok', window, readings, from: first, to: last, slopePerMs, change, direction };
}

export type RatePer = 'min' | 'h';

const PER_MS: Record<RatePer, number> = { min: 60_000, h: 3_600_000 };

/**
 * The unit a rate reads best in: per minute for spans up to two hours, per hour beyond; a rate
 * under 0.01 per minute reads per hour instead, and one of 1000 per hour or more over a span of
 * up to a day reads per minute.
 */
export function ratePer(slopePerMs: number, spanMs: number): { per: RatePer; rate: number } {
  let per: RatePer = spanMs <= 2 * 3_600_000 ? 'min' : 'h';
  const abs = Math.abs(slopePerMs);
  if (per === 'min' && abs * PER_MS.min < 0.01) per = 'h';
  else if (per === 'h' && abs * PER_MS.h >= 1000 && spanMs <= 86_400_000) per = 'min';
  return { per, rate: slopePerMs * PER_MS[per] };
}
