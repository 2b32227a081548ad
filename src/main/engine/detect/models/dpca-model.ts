// Dynamic PCA with Hotelling's T² over every component: the multivariate model Watchfloor trains
// by default (issue 19). Each device vector is standardised per signal (mean and std of the
// training vectors) and joined with its `lags` predecessors into one lagged vector, so the model
// sees how the signals move together over a few samples, not only at one instant. T² of that
// vector is measured over ALL principal components, scaled by their variances (the variances are
// floored so a numerically flat direction cannot blow up): small-variance directions are exactly
// where a broken correlation shows, which plain PCA's Q index, summing unscaled residuals, dilutes.
//
// Everything is chosen by a rule from the training vectors, never by hand per data set:
// - lags: the most (up to MAX_LAGS) for which there are at least SAMPLES_PER_DIM training rows
//   per dimension of the lagged vector (a covariance needs data to be estimated);
// - the limit: the `confidence` quantile of T² measured OUT OF SAMPLE by K-fold cross-validation
//   over contiguous blocks (each block scored by a model fitted without it). In-sample T² over a
//   hundred-odd dimensions is far smaller than on new data; the out-of-sample figure is what new
//   normal data looks like.
// The fit also checks that the history covers normal running (issue 19) and reports it in
// `forward` (forward-check.ts: the last block against a model and limit of the blocks before it)
// and `coverage` (history-coverage.ts: strong correlations that may be coincidence); callers
// refuse a model that fails either (refusalReason).
// A score is T² / limit: above 1 is anomalous. Per-signal contributions (the complete
// decomposition y_i·(C⁻¹y)_i, summed over the lags of one signal, negatives floored at 0) say
// which sensors moved. The scoring graph is dpca-onnx.ts; `dpcaStatistics` is its reference.
import { symmetricEigen } from './symmetric-eigen';
import { quantile } from './pca-model';
import { allowedAlarmRate, sustainedShares, type ForwardCheck } from './forward-check';
import { coverageSteps, type HistoryCoverage } from './history-coverage';

export interface DpcaModel {
  kind: 'dpca';
  signals: string[];
  /** Previous vectors joined to each vector: the model's window is lags + 1. */
  lags: number;
  mean: number[];
  std: number[];
  /** Row-major D×D (D = (lags + 1)·d) inverse covariance of the lagged standardised vector; lag order oldest first. */
  precision: number[];
  /** Mean of the lagged standardised vector (≈ 0), length D. */
  center: number[];
  /** Components whose variance is above the floor (the rest are floored). */
  components: number;
  limit: number;
  confidence: number;
  folds: number;
  /** Forward validation of the training history (forward-check.ts). */
  forward: ForwardCheck;
  /** Correlations the history cannot tell from coincidence (history-coverage.ts). */
  coverage: HistoryCoverage;
}

export interface DpcaOptions {
  /** Lagged vectors; 'auto' applies the rule above. */
  lags: number | 'auto';
  /** Quantile of the out-of-sample T² that becomes the limit. */
  confidence: number;
  folds: number;
  /** The live sustained-alarm rule the forward check applies: k of the last n windows. */
  sustain: { k: number; n: number };
}

export const DEFAULT_DPCA_OPTIONS: DpcaOptions = {
  lags: 'auto',
  confidence: 0.99,
  folds: 5,
  sustain: { k: 3, n: 3 },
};
export const MAX_LAGS = 2;
const SAMPLES_PER_DIM = 3;
/** Eigenvalues below this share of the largest are raised to it. */
const FLOOR = 1e-6;

/** The lag rule: the most lags (≤ MAX_LAGS) with SAMPLES_PER_DIM rows per lagged dimension. */
export function chooseLags(n: number, d: number): number {
  for (let l = MAX_LAGS; l > 0; l--) if (n - l >= SAMPLES_PER_DIM * (l + 1) * d) return l;
  return 0;
}

/**
 * Lagged standardised rows from `n` vectors: row t joins vectors t−lags..t (oldest first).
 * `breaks[t]` true means vector t does not follow t−1 (a gap): rows spanning it are left out.
 */
export function laggedRows(
  rows: ArrayLike<number>,
  n: number,
  d: number,
  lags: number,
  mean: readonly number[],
  std: readonly number[],
  breaks?: ArrayLike<boolean>,
): { data: Float64Array; m: number; ends: Int32Array } {
  const D = (lags + 1) * d;
  const out = new Float64Array(Math.max(0, n - lags) * D);
  const ends = new Int32Array(Math.max(0, n - lags));
  let m = 0;
  let run = 0;
  for (let t = 0; t < n; t++) {
    run = breaks?.[t] ? 1 : run + 1;
    if (run <= lags) continue;
    for (let l = 0; l <= lags; l++) {
      const src = (t - lags + l) * d;
      for (let j = 0; j < d; j++) out[m * D + l * d + j] = (rows[src + j]! - mean[j]!) / std[j]!;
    }
    ends[m] = t;
    m++;
  }
  return { data: out.subarray(0, m * D), m, ends: ends.subarray(0, m) };
}

/**
 * The model's input rows from `n` time-ordered vectors: each row the raw values of a vector and
 * its `lags` predecessors, oldest first, as live scoring's window builds them. Rows that would
 * span a break are left out.
 */
export function windowRows(
  rows: ArrayLike<number>,
  n: number,
  d: number,
  lags: number,
  breaks?: ArrayLike<boolean>,
): { data: Float64Array; m: number } {
  const D = (lags + 1) * d;
  const out = new Float64Array(Math.max(0, n - lags) * D);
  let m = 0;
  let run = 0;
  for (let t = 0; t < n; t++) {
    run = breaks?.[t] ? 1 : run + 1;
    if (run <= lags) continue;
    for (let k = 0; k < D; k++) out[m * D + k] = rows[(t - lags) * d + k]!;
    m++;
  }
  return { data: out.subarray(0, m * D), m };
}

interface Fit {
  center: Float64Array;
  precision: Float64Array;
  components: number;
}

/** Rows between two yields of the fitting steps (a few milliseconds of work each). */
const CHUNK = 512;

/** Scatter (sum of outer products) and sum of rows a..b of a row-major m×D matrix. */
function* scatter(
  data: Float64Array,
  D: number,
  a: number,
  b: number,
): Generator<number, { s: Float64Array; sum: Float64Array }> {
  const s = new Float64Array(D * D);
  const sum = new Float64Array(D);
  for (let i = a; i < b; i++) {
    if ((i - a) % CHUNK === CHUNK - 1) yield b - a;
    const o = i * D;
    for (let p = 0; p < D; p++) {
      const x = data[o + p]!;
      sum[p]! += x;
      const row = p * D;
      for (let q = p; q < D; q++) s[row + q]! += x * data[o + q]!;
    }
  }
  return { s, sum };
}

function fitFrom(s: Float64Array, sum: Float64Array, count: number, D: number): Fit {
  const center = sum.map((v) => v / count);
  const cov = new Float64Array(D * D);
  for (let p = 0; p < D; p++) {
    for (let q = p; q < D; q++) {
      const c = (s[p * D + q]! - count * center[p]! * center[q]!) / (count - 1);
      cov[p * D + q] = c;
      cov[q * D + p] = c;
    }
  }
  const { values, vectors } = symmetricEigen(cov, D);
  const floor = Math.max(values[0]! * FLOOR, 1e-12);
  let components = 0;
  const inv = new Float64Array(D);
  for (let c = 0; c < D; c++) {
    if (values[c]! > floor) components++;
    inv[c] = 1 / Math.max(values[c]!, floor);
  }
  const precision = new Float64Array(D * D);
  for (let p = 0; p < D; p++) {
    for (let q = p; q < D; q++) {
      let v = 0;
      for (let c = 0; c < D; c++) v += vectors[p * D + c]! * vectors[q * D + c]! * inv[c]!;
      precision[p * D + q] = v;
      precision[q * D + p] = v;
    }
  }
  return { center, precision, components };
}

/** T² of lagged rows a..b under a fit. */
function* t2Of(fit: Fit, data: Float64Array, D: number, a: number, b: number, out: Float64Array): Generator<number> {
  const y = new Float64Array(D);
  for (let i = a; i < b; i++) {
    if ((i - a) % CHUNK === CHUNK - 1) yield b - a;
    for (let p = 0; p < D; p++) y[p] = data[i * D + p]! - fit.center[p]!;
    let t2 = 0;
    for (let p = 0; p < D; p++) {
      let u = 0;
      const row = p * D;
      for (let q = 0; q < D; q++) u += fit.precision[row + q]! * y[q]!;
      t2 += y[p]! * u;
    }
    out[i] = t2;
  }
}

/**
 * Fits a model to `n` time-ordered vectors of `signals.length` values (row-major); `breaks`
 * marks vectors that do not follow their predecessor. Synchronous: tools and tests.
 */
export function fitDpca(
  rows: ArrayLike<number>,
  n: number,
  signals: string[],
  options: Partial<DpcaOptions> = {},
  breaks?: ArrayLike<boolean>,
): DpcaModel {
  const steps = fitSteps(rows, n, signals, options, breaks);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same fit, giving the event loop back every few milliseconds (training runs in the engine
 * beside ingest) and reporting progress on [0, 1]; `signal` stops it between steps.
 */
export async function fitDpcaAsync(
  rows: ArrayLike<number>,
  n: number,
  signals: string[],
  options: Partial<DpcaOptions> = {},
  breaks?: ArrayLike<boolean>,
  progress: (fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<DpcaModel> {
  const steps = fitSteps(rows, n, signals, options, breaks);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    progress(r.value);
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  }
}

/** The fit as steps; each yield is the share of the work done. */
function* fitSteps(
  rows: ArrayLike<number>,
  n: number,
  signals: string[],
  options: Partial<DpcaOptions>,
  breaks?: ArrayLike<boolean>,
): Generator<number, DpcaModel> {
  const o = { ...DEFAULT_DPCA_OPTIONS, ...options };
  const d = signals.length;
  if (d < 1) throw new Error('a model needs at least one input signal');
  const lags = o.lags === 'auto' ? chooseLags(n, d) : o.lags;
  const D = (lags + 1) * d;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += rows[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j]! += (rows[i * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j]! / Math.max(1, n - 1));
    std[j] = s > 1e-9 * Math.max(1, Math.abs(mean[j]!)) ? s : 1;
  }
  const { data, m, ends } = laggedRows(rows, n, d, lags, mean, std, breaks);
  const folds = Math.max(2, o.folds);
  if (m < Math.max(2 * D + 2, folds * 10)) {
    throw new Error(
      `too few consecutive training vectors (${m} windows of ${lags + 1}) for ${d} signals; need ${Math.max(2 * D + 2, folds * 10)}`,
    );
  }

  // Work: the whole scatter (1), each fold's scatter and scoring (2 per fold), the forward check's
  // scoring of the earlier blocks (1), eigen-decompositions counted as one block's worth each.
  const total = (1 + 2 + 1) * m + 2 * folds * (m / folds);
  let done = 0;
  const track = function* (inner: Generator<number, unknown>): Generator<number> {
    let r = inner.next();
    while (!r.done) {
      done += CHUNK;
      yield Math.min(0.99, done / total);
      r = inner.next();
    }
    return r.value;
  };
  type Scatter = { s: Float64Array; sum: Float64Array };
  const bound = (f: number) => Math.floor((f * m) / folds);
  // Whole-data scatter once; each fold's model is the whole minus its block.
  const whole = (yield* track(scatter(data, D, 0, m))) as Scatter;
  const parts: Scatter[] = [];
  const outOfSample = new Float64Array(m);
  for (let f = 0; f < folds; f++) {
    const [a, b] = [bound(f), bound(f + 1)];
    const part = (yield* track(scatter(data, D, a, b))) as Scatter;
    parts.push(part);
    const s = whole.s.map((v, i) => v - part.s[i]!);
    const sum = whole.sum.map((v, i) => v - part.sum[i]!);
    const fit = fitFrom(s, sum, m - (b - a), D);
    done += m / folds;
    yield Math.min(0.99, done / total);
    yield* track(t2Of(fit, data, D, a, b, outOfSample));
  }

  // Forward check: the last block was scored above by the model of everything before it; the
  // limit that earlier part learns by itself is the same rule run on its own blocks.
  const held = bound(folds - 1);
  const last = parts[folds - 1]!;
  const earlier = { s: whole.s.map((v, i) => v - last.s[i]!), sum: whole.sum.map((v, i) => v - last.sum[i]!) };
  const nested = new Float64Array(held);
  for (let f = 0; f < folds - 1; f++) {
    const [a, b] = [bound(f), bound(f + 1)];
    const s = earlier.s.map((v, i) => v - parts[f]!.s[i]!);
    const sum = earlier.sum.map((v, i) => v - parts[f]!.sum[i]!);
    const fit = fitFrom(s, sum, held - (b - a), D);
    done += m / folds;
    yield Math.min(0.99, done / total);
    yield* track(t2Of(fit, data, D, a, b, nested));
  }
  const forwardLimit = Math.max(quantile(nested, o.confidence), 1e-9);
  const k = Math.max(1, o.sustain.k);
  const shares = sustainedShares(outOfSample, held, m, forwardLimit, k, Math.max(k, o.sustain.n));
  const allowed = allowedAlarmRate(o.confidence);
  const forward: ForwardCheck = {
    heldOut: m - held,
    heldOutFromVector: ends[held]!,
    limit: forwardLimit,
    ...shares,
    sustain: { k, n: Math.max(k, o.sustain.n) },
    allowed,
    covers: shares.alarmRate <= allowed,
  };
  const cov = coverageSteps(rows, n, signals);
  let c = cov.next();
  while (!c.done) {
    yield Math.min(0.99, done / total);
    c = cov.next();
  }
  const fit = fitFrom(whole.s, whole.sum, m, D);
  return {
    kind: 'dpca',
    signals: [...signals],
    lags,
    mean,
    std,
    precision: Array.from(fit.precision),
    center: Array.from(fit.center),
    components: fit.components,
    limit: Math.max(quantile(outOfSample, o.confidence), 1e-9),
    confidence: o.confidence,
    folds,
    forward,
    coverage: c.value,
  };
}

export interface DpcaStatistics {
  /** T² / limit per lagged row. */
  score: Float64Array;
  /** Per row and signal: its share of T² (summed over lags, floored at 0), row-major m×d. */
  contributions: Float64Array;
}

/** Scores `n` rows of the model's input (each (lags + 1)·d raw values, oldest first). */
export function dpcaStatistics(model: DpcaModel, input: ArrayLike<number>, n: number): DpcaStatistics {
  const d = model.signals.length;
  const D = (model.lags + 1) * d;
  const score = new Float64Array(n);
  const contributions = new Float64Array(n * d);
  const y = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < D; p++) {
      const j = p % d;
      y[p] = (input[i * D + p]! - model.mean[j]!) / model.std[j]! - model.center[p]!;
    }
    let t2 = 0;
    for (let p = 0; p < D; p++) {
      let u = 0;
      for (let q = 0; q < D; q++) u += model.precision[p * D + q]! * y[q]!;
      const c = y[p]! * u;
      t2 += c;
      contributions[i * d + (p % d)]! += c;
    }
    for (let j = 0; j < d; j++) contributions[i * d + j] = Math.max(0, contributions[i * d + j]! / model.limit);
    score[i] = t2 / model.limit;
  }
  return { score, contributions };
}
