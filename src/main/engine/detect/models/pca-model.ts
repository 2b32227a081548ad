// PCA with Hotelling's T² and the Q statistic (squared prediction error), fitted on clean
// history of one device. Signals are standardised; the retained components explain the chosen
// share of the variance. T² measures how far a vector is inside the model's plane (a usual
// correlation, unusually large); Q measures how far it is from it (a broken correlation).
// Limits are taken from the training vectors' own distribution, so a score of 1 means "as
// unusual as the rarest training vectors". The scoring itself runs in ONNX (pca-onnx.ts);
// `pcaStatistics` here is the analytic reference used for the limits and by the tests.
import { symmetricEigen } from './symmetric-eigen';

export interface PcaModel {
  kind: 'pca';
  /** Input signals, in the order of the model's input columns. */
  signals: string[];
  mean: number[];
  std: number[];
  /** Loadings, row-major d×k: column j is component j. */
  loadings: number[];
  components: number;
  /** Variances of the retained components (eigenvalues of the correlation matrix). */
  eigenvalues: number[];
  /** Share of the variance the retained components explain. */
  explained: number;
  t2Limit: number;
  qLimit: number;
}

export interface PcaOptions {
  /** Keep the fewest components explaining at least this share of the variance. */
  varianceTarget: number;
  /** Limits are this quantile of the training vectors' T² and Q. */
  limitQuantile: number;
}

export const DEFAULT_PCA_OPTIONS: PcaOptions = { varianceTarget: 0.9, limitQuantile: 0.999 };

export interface PcaStatistics {
  t2: Float64Array;
  q: Float64Array;
  /** max(T² / T²limit, Q / Qlimit): above 1 is anomalous. */
  score: Float64Array;
  /** Per vector and signal, the squared standardised residual (row-major n×d): what broke. */
  contributions: Float64Array;
}

/** Fits a model to `n` vectors of `signals.length` values (row-major). */
export function fitPca(rows: Float64Array, n: number, signals: string[], options: Partial<PcaOptions> = {}): PcaModel {
  const { varianceTarget, limitQuantile } = { ...DEFAULT_PCA_OPTIONS, ...options };
  const d = signals.length;
  if (d < 1) throw new Error('a model needs at least one input signal');
  if (n < 2 * d + 2) throw new Error(`too few training vectors (${n}) for ${d} signals; need at least ${2 * d + 2}`);

  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += rows[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const e = rows[i * d + j]! - mean[j]!;
      std[j]! += e * e;
    }
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j]! / (n - 1));
    // A signal that never moved in training: deviations are measured in its own units.
    std[j] = s > 1e-9 * Math.max(1, Math.abs(mean[j]!)) ? s : 1;
  }

  const cov = new Float64Array(d * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = (rows[i * d + j]! - mean[j]!) / std[j]!;
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b]! += z[a]! * z[b]!;
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b]! /= n - 1;
      cov[b * d + a] = cov[a * d + b]!;
    }
  }

  const { values, vectors } = symmetricEigen(cov, d);
  let total = 0;
  for (let j = 0; j < d; j++) total += Math.max(0, values[j]!);
  // Keep at least one component and, with more than one signal, leave at least one out so
  // that Q has a residual space to measure.
  const maxK = d === 1 ? 1 : d - 1;
  let k = 0;
  let explainedSum = 0;
  while (k < maxK) {
    explainedSum += Math.max(0, values[k]!);
    k++;
    if (total === 0 || explainedSum / total >= varianceTarget) break;
  }
  const floor = 1e-9 * Math.max(total, 1);
  const eigenvalues = Array.from(values.subarray(0, k), (v) => Math.max(v, floor));
  const loadings: number[] = new Array<number>(d * k);
  for (let r = 0; r < d; r++) for (let c = 0; c < k; c++) loadings[r * k + c] = vectors[r * d + c]!;

  const model: PcaModel = {
    kind: 'pca',
    signals: [...signals],
    mean: Array.from(mean),
    std: Array.from(std),
    loadings,
    components: k,
    eigenvalues,
    explained: total === 0 ? 1 : explainedSum / total,
    t2Limit: 1,
    qLimit: 1,
  };
  const stats = pcaStatistics(model, rows, n);
  model.t2Limit = Math.max(quantile(stats.t2, limitQuantile), 1e-6);
  model.qLimit = Math.max(quantile(stats.q, limitQuantile), 1e-6);
  return model;
}

/** T², Q, score and contributions of `n` vectors: the analytic reference for the ONNX graph. */
export function pcaStatistics(model: PcaModel, rows: ArrayLike<number>, n: number): PcaStatistics {
  const d = model.signals.length;
  const k = model.components;
  const t2 = new Float64Array(n);
  const q = new Float64Array(n);
  const score = new Float64Array(n);
  const contributions = new Float64Array(n * d);
  const z = new Float64Array(d);
  const t = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = (rows[i * d + j]! - model.mean[j]!) / model.std[j]!;
    let t2i = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += z[j]! * model.loadings[j * k + c]!;
      t[c] = s;
      t2i += (s * s) / model.eigenvalues[c]!;
    }
    let qi = 0;
    for (let j = 0; j < d; j++) {
      let rec = 0;
      for (let c = 0; c < k; c++) rec += t[c]! * model.loadings[j * k + c]!;
      const r = z[j]! - rec;
      contributions[i * d + j] = r * r;
      qi += r * r;
    }
    t2[i] = t2i;
    q[i] = qi;
    score[i] = Math.max(t2i / model.t2Limit, qi / model.qLimit);
  }
  return { t2, q, score, contributions };
}

/** The p-quantile of `values` (linear interpolation between order statistics). */
export function quantile(values: Float64Array, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = Math.min(1, Math.max(0, p)) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
