// Does the training history hold enough independent evidence of how the signals move together?
// (issue 19). A covariance model learns every correlation in its history as a law. Two signals
// that merely cycle slowly — two sines of nearly the same period, or two slow drifts — look
// tightly correlated over a span shorter than their cycles, and the model then alarms when the
// coincidence ends. The forward check (forward-check.ts) cannot see that when the coincidence
// lasts the whole span; this check measures it from the signals' own autocorrelation.
//
// For each pair of signals i, j: their sample correlation r and Bartlett's effective sample size
//   n_eff = n / (1 + 2 Σ_{k=1..M} ρ_i(k) ρ_j(k)),   M = n / 4,
// where ρ are the sample autocorrelations (by FFT): the number of independent rows the
// correlation of two UNRELATED signals with these autocorrelations is worth. White-noise-like
// signals give n_eff ≈ n; two slow cycles of similar period over less than their beat, a handful.
//
// The rule: the history is refused when some pair is strongly correlated, |r| ≥ STRONG (0.5),
// yet that correlation is not significant against independence given n_eff — Fisher's
// z = atanh|r| · √(n_eff − 3) < Z_SIGNIFICANT (2, two standard errors). Why these:
// - a correlation r the model learns shrinks the variance it expects along (x_i ∓ x_j)/√2 to
//   1 − |r|; when a coincidence ends, normal data has variance 1 there again and its T² along
//   that direction is 1 / (1 − |r|) times what the limit was set for: from |r| = 0.5 on, at least
//   double — alarms on normal running;
// - a real coupling, however slow, is strong AND significant (r = 0.95 needs only 7 independent
//   samples for z ≥ 2); weak insignificant correlations (|r| < 0.5) are what any finite history
//   holds and the cross-validated limit absorbs them (the Tennessee Eastman training file has a
//   few at |r| ≈ 0.3 and no false alarms).
// Gaps in the history are ignored here (the rows are taken as one sequence).

export interface HistoryCoverage {
  /** Pairs of distinct signals. */
  pairs: number;
  /** Strong pairs whose correlation is not significant (the coincidences), worst (lowest z) first. */
  coincidences: { signals: [string, string]; r: number; effective: number; z: number }[];
  /** Whether there is none. */
  covers: boolean;
}

export const STRONG = 0.5;
export const Z_SIGNIFICANT = 2;

/** In-place radix-2 complex FFT (length a power of two); `inverse` without the 1/N. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const N = re.length;
  for (let i = 1, j = 0; i < N; i++) {
    let bit = N >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= N; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < N; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a]! += xr;
        im[a]! += xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/** Sample autocorrelation ρ(1..M) of column j of row-major n×d rows (zeros for a flat column). */
export function autocorrelation(rows: ArrayLike<number>, n: number, d: number, j: number, M: number): Float64Array {
  let N = 1;
  while (N < 2 * n) N <<= 1;
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += rows[t * d + j]!;
  mean /= n;
  for (let t = 0; t < n; t++) re[t] = rows[t * d + j]! - mean;
  fft(re, im, false);
  for (let f = 0; f < N; f++) {
    re[f] = re[f]! * re[f]! + im[f]! * im[f]!;
    im[f] = 0;
  }
  fft(re, im, true);
  const out = new Float64Array(M + 1);
  const c0 = re[0]!;
  if (!(c0 > 1e-12 * N)) return out;
  for (let k = 1; k <= M; k++) out[k] = re[k]! / c0;
  return out;
}

/** The check as steps (one yield per signal's autocorrelation), for the fit's generator. */
export function* coverageSteps(
  rows: ArrayLike<number>,
  n: number,
  signals: readonly string[],
): Generator<void, HistoryCoverage> {
  const d = signals.length;
  const M = Math.floor(n / 4);
  const acfs: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    acfs.push(autocorrelation(rows, n, d, j, M));
    yield;
  }
  const mean = new Float64Array(d);
  for (let t = 0; t < n; t++) for (let j = 0; j < d; j++) mean[j]! += rows[t * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cross = new Float64Array(d * d);
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < d; i++) {
      const a = rows[t * d + i]! - mean[i]!;
      for (let j = i; j < d; j++) cross[i * d + j]! += a * (rows[t * d + j]! - mean[j]!);
    }
  }
  let pairs = 0;
  const coincidences: HistoryCoverage['coincidences'] = [];
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      pairs++;
      const v = cross[i * d + i]! * cross[j * d + j]!;
      const r = v > 0 ? cross[i * d + j]! / Math.sqrt(v) : 0;
      if (Math.abs(r) < STRONG) continue;
      const a = acfs[i]!;
      const b = acfs[j]!;
      let s = 0;
      for (let k = 1; k <= M; k++) s += a[k]! * b[k]!;
      const effective = n / Math.max(1, 1 + 2 * s);
      const z = Math.atanh(Math.min(1 - 1e-12, Math.abs(r))) * Math.sqrt(Math.max(0, effective - 3));
      if (z < Z_SIGNIFICANT) coincidences.push({ signals: [signals[i]!, signals[j]!], r, effective, z });
    }
  }
  coincidences.sort((x, y) => x.z - y.z);
  return { pairs, coincidences, covers: coincidences.length === 0 };
}

export function historyCoverage(rows: ArrayLike<number>, n: number, signals: readonly string[]): HistoryCoverage {
  const steps = coverageSteps(rows, n, signals);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
