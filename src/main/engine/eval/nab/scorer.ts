// NAB's scoring, ported from the rules in shared/data/nab/README.md and the edge cases of
// NAB's own sweeper (nab/sweeper.py): a window is entered at the row whose timestamp equals
// its start, its right edge is the FIRST row carrying its end timestamp, it is left at the
// first row carrying the end timestamp after entering; probationary rows (the first
// min(floor(15 % of rows), 750)) neither detect nor count as misses; a false positive after a
// window is weighted by its distance from the last window left. The corpus-wide threshold is
// found by sweeping every distinct score from the highest down, ties taken together.

/** The cost matrix of one profile (config/profiles.json). */
export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export const PROBATIONARY_PERCENT = 0.15;

/** Rows at the start of a file that are not scored. */
export function probationaryLength(rows: number): number {
  return Math.min(Math.floor(PROBATIONARY_PERCENT * rows), PROBATIONARY_PERCENT * 5000);
}

/** 2·sigmoid(−5x) − 1, clamped to −1 from 3 on, as NAB's sweeper computes it. */
export function scaledSigmoid(x: number): number {
  if (x >= 3) return -1;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** Row marks for the sweep: which window a row belongs to. */
export const OUTSIDE = -1;
export const PROBATION = -2;

/**
 * What each row of a file is worth if it detects, under one profile, and which window
 * it belongs to (an index into the file's windows, OUTSIDE, or PROBATION).
 */
export interface RowWeights {
  weight: Float64Array;
  window: Int32Array;
  /** Windows with at least one scorable row: each starts at −fn. */
  scoredWindows: number[];
}

/**
 * Per-row sweep weights of one file. `timestamps` are epoch ms in file order (repeats and
 * disorder allowed); `windows` are [start, end] epoch ms, sorted, as in the label file.
 */
export function rowWeights(
  timestamps: ArrayLike<number>,
  windows: ReadonlyArray<readonly [number, number]>,
  cost: CostMatrix,
): RowWeights {
  const n = timestamps.length;
  const weight = new Float64Array(n);
  const window = new Int32Array(n);
  const probation = probationaryLength(n);
  const firstIndex = (t: number): number => {
    for (let i = 0; i < n; i++) if (timestamps[i] === t) return i;
    return -1;
  };
  let next = 0; // the next window to enter
  let cur = -1; // the window we are in
  let curRight = 0;
  let curWidth = 0;
  let prevRight = -1;
  let prevWidth = 0;
  const scored = new Set<number>();
  for (let i = 0; i < n; i++) {
    const t = timestamps[i];
    if (next < windows.length && t === windows[next]![0]) {
      cur = next++;
      curRight = firstIndex(windows[cur]![1]);
      curWidth = curRight - firstIndex(windows[cur]![0]) + 1;
    }
    if (cur >= 0) {
      const position = -(curRight - i + 1) / curWidth;
      weight[i] = (scaledSigmoid(position) * cost.tpWeight) / MAX_TP;
    } else {
      const position = prevRight < 0 ? 3 : Math.abs(prevRight - i) / (prevWidth - 1);
      weight[i] = scaledSigmoid(position) * cost.fpWeight;
    }
    if (i < probation) window[i] = PROBATION;
    else {
      window[i] = cur >= 0 ? cur : OUTSIDE;
      if (cur >= 0) scored.add(cur);
    }
    if (cur >= 0 && t === windows[cur]![1]) {
      prevRight = i;
      prevWidth = curWidth;
      cur = -1;
    }
  }
  return { weight, window, scoredWindows: [...scored].sort((a, b) => a - b) };
}

/** One file to score: its timestamps, anomaly scores and labelled windows. */
export interface ScoredFile {
  name: string;
  timestamps: ArrayLike<number>;
  scores: ArrayLike<number>;
  windows: ReadonlyArray<readonly [number, number]>;
}

export interface FileResult {
  name: string;
  score: number;
  tp: number;
  fp: number;
  fn: number;
  windows: number;
  /** Rows, in file order, that detected inside a window (the first per window) and outside. */
  detections: number;
}

export interface ProfileResult {
  profile: string;
  threshold: number;
  raw: number;
  null: number;
  perfect: number;
  /** 100 · (raw − null) / (perfect − null). */
  score: number;
  files: FileResult[];
}

interface SweepPoint {
  score: number;
  weight: number;
  /** Global window id, or −1 for a row outside every window. */
  window: number;
}

/**
 * The threshold that maximizes the corpus score, by NAB's sweep: rows sorted by score,
 * highest first; at each new distinct score the score of the threshold above is recorded
 * (rows with score ≥ that threshold detect). The start, 1.1, detects nothing.
 */
export function sweepThreshold(files: readonly ScoredFile[], cost: CostMatrix): { threshold: number; raw: number } {
  const points: SweepPoint[] = [];
  const windowBest: number[] = [];
  let base = 0;
  for (const f of files) {
    const w = rowWeights(f.timestamps, f.windows, cost);
    const offset = windowBest.length;
    for (let k = 0; k < f.windows.length; k++) windowBest.push(Number.NaN);
    for (const k of w.scoredWindows) {
      windowBest[offset + k] = -cost.fnWeight;
      base -= cost.fnWeight;
    }
    for (let i = 0; i < w.weight.length; i++) {
      const mark = w.window[i]!;
      if (mark === PROBATION) continue;
      points.push({ score: f.scores[i]!, weight: w.weight[i]!, window: mark === OUTSIDE ? -1 : offset + mark });
    }
  }
  points.sort((a, b) => b.score - a.score);
  let threshold = 1.1;
  let total = base;
  let best = { threshold, raw: total };
  let fpSum = 0;
  let windowSum = base;
  for (const p of points) {
    if (p.score !== threshold) {
      total = fpSum + windowSum;
      if (total > best.raw) best = { threshold, raw: total };
      threshold = p.score;
    }
    if (p.window < 0) fpSum += p.weight;
    else if (p.weight > windowBest[p.window]!) {
      windowSum += p.weight - windowBest[p.window]!;
      windowBest[p.window] = p.weight;
    }
  }
  total = fpSum + windowSum;
  if (total > best.raw) best = { threshold, raw: total };
  return best;
}

/** A file's score at a threshold: rows with score ≥ threshold detect. */
export function scoreFile(f: ScoredFile, cost: CostMatrix, threshold: number): FileResult {
  const w = rowWeights(f.timestamps, f.windows, cost);
  const best = new Map<number, number>();
  for (const k of w.scoredWindows) best.set(k, -cost.fnWeight);
  let fpSum = 0;
  let fp = 0;
  let detections = 0;
  for (let i = 0; i < w.weight.length; i++) {
    const mark = w.window[i]!;
    if (mark === PROBATION || !(f.scores[i]! >= threshold)) continue;
    detections++;
    if (mark === OUTSIDE) {
      fpSum += w.weight[i]!;
      fp++;
    } else if (w.weight[i]! > (best.get(mark) ?? -Infinity)) best.set(mark, w.weight[i]!);
  }
  let score = fpSum;
  let tp = 0;
  for (const v of best.values()) {
    score += v;
    if (v !== -cost.fnWeight) tp++;
  }
  return { name: f.name, score, tp, fp, fn: best.size - tp, windows: best.size, detections };
}

/** Sweep, then score every file at the best threshold and normalize against null and perfect. */
export function scoreProfile(profile: string, files: readonly ScoredFile[], cost: CostMatrix): ProfileResult {
  const { threshold } = sweepThreshold(files, cost);
  const results = files.map((f) => scoreFile(f, cost, threshold));
  const raw = results.reduce((s, r) => s + r.score, 0);
  const windows = results.reduce((s, r) => s + r.windows, 0);
  const nul = -cost.fnWeight * windows;
  const perfect = cost.tpWeight * windows;
  return { profile, threshold, raw, null: nul, perfect, score: (100 * (raw - nul)) / (perfect - nul), files: results };
}
