// Evaluates the detectors on a labelled multivariate CSV: the first `trainRows` rows (less any
// labelled anomalous) train the same model the engine trains by default — dynamic PCA, lags and
// limit chosen by the same rule from those rows (dpca-model.ts) — exported to ONNX and scored by
// onnxruntime over windows of consecutive rows; each column also runs through the statistics
// scorer the engine uses. The model flags a row as live alarms do: when `persistence` (k) of
// the last `persistenceWindow` (n) rows scored above its threshold (the engine's defaults). A row
// is anomalous when the model flags it or a column's statistics score reaches the statistics
// threshold; its anomaly score is the larger of the two on [0, 1] (the model's ratio r mapped to
// r / (1 + r), so its threshold sits at 0.5). Quality figures count only the rows after the
// training rows: the model never saw them.
//
// A model whose training rows fail the forward check (forward-check.ts: the last block of them,
// scored by a model of the rows before it, alarms far above the nominal rate) is refused, as the
// trainer refuses it: the rows are then scored by the statistics alone — what the engine runs
// for a device without a model — and `refused` says why. So is one whose training rows span less
// than the minimum training span (`minSpanMs`, default models.minTrainingSpan's 24 h;
// src/shared/training-span.ts), measured on the CSV's own times; a CSV without times (its time
// column does not parse as epoch seconds or ms, or as dates) says so and the rule is skipped.
import { DEFAULT_STATS_OPTIONS, StatsBank } from '../../detect/stats';
import { fitDpca } from '../../detect/models/dpca-model';
import { refusalReason, spanText, type ForwardCheck } from '../../detect/models/forward-check';
import type { HistoryCoverage } from '../../detect/models/history-coverage';
import { DPCA_INPUT, DPCA_OUTPUTS, dpcaToOnnx } from '../../detect/models/dpca-onnx';
import { DEFAULT_MODELS_CONFIG } from '../../detect/models/model-service';
import { OnnxSession } from '../../detect/models/onnx-session';
import { DEFAULT_MIN_TRAINING_SPAN_MS, spanRefusal } from '../../../../shared/training-span';

export interface CsvEvalOptions {
  timeColumn?: string;
  separator: string;
  labelColumn?: string;
  ignoreColumns: string[];
  /** Rows that train the model; default 30 % of the rows, at least 50. */
  trainRows?: number;
  /** Run the per-column statistics scorer too. */
  stats: boolean;
  /** Sustained-alarm rule of the model: k of the last n rows; default the engine's. */
  persistence?: number;
  persistenceWindow?: number;
  /** Score with the model even when the forward check refuses it (benchmarks: what it would have done). */
  keepRefused?: boolean;
  /** The minimum training span (ms) on the CSV's times; default models.minTrainingSpan's, 0 = none. */
  minSpanMs?: number;
}

export interface CsvEvalResult {
  signals: string[];
  rows: number;
  trainRows: number;
  components: number;
  lags: number;
  /** The forward check of the training rows. */
  forward: ForwardCheck;
  /** Strong correlations of the training rows that may be coincidence. */
  coverage: HistoryCoverage;
  /**
   * The training rows' time span (first to last clean row) and the minimum it was held to; `ms`
   * null when the CSV has no times (`timeColumn` names the column that did not parse), so the rule was skipped.
   */
  span: { ms: number | null; minMs: number; timeColumn: string };
  /** Why the model was refused (its rows then scored by the statistics alone); null: it was used. */
  refused: string | null;
  /** Per row: its time as written, the anomaly score and the decision. */
  timestamps: string[];
  scores: Float64Array;
  flags: Uint8Array;
  metrics: QualityMetrics | null;
  scoreMs: number;
}

export interface QualityMetrics {
  evaluatedRows: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  falseAlarmRate: number;
  missedAlarmRate: number;
}

export class CsvEvalError extends Error {}

function splitLine(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function parseLabel(v: string | undefined): boolean {
  const s = (v ?? '').trim().toLowerCase();
  return s === '1' || s === 'true' || s === 'yes' || s === 'anomaly' || (Number(s) > 0 && Number.isFinite(Number(s)));
}

/** Epoch ms of a time cell (epoch seconds or ms, or a date), or NaN when it is not a time. */
function parseTime(v: string): number {
  const n = Number(v);
  if (v.trim() !== '' && Number.isFinite(n)) return n < 1e11 ? n * 1000 : n;
  return Date.parse(v);
}

export async function evaluateCsv(text: string, o: CsvEvalOptions): Promise<CsvEvalResult> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new CsvEvalError('the file has no data rows');
  const header = splitLine(lines[0]!, o.separator).map((h) => h.trim());
  const col = (name: string, what: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new CsvEvalError(`${what} "${name}" is not a column (columns: ${header.join(', ')})`);
    return i;
  };
  const timeIdx = o.timeColumn
    ? col(o.timeColumn, 'time column')
    : header.indexOf('timestamp') >= 0
      ? header.indexOf('timestamp')
      : 0;
  const labelIdx = o.labelColumn ? col(o.labelColumn, 'label column') : -1;
  for (const c of o.ignoreColumns) col(c, 'ignored column');
  const skip = new Set([timeIdx, labelIdx, ...o.ignoreColumns.map((c) => header.indexOf(c))]);
  const rows = lines.slice(1).map((l) => splitLine(l, o.separator));
  const signalIdx = header
    .map((_, i) => i)
    .filter((i) => !skip.has(i) && rows.some((r) => Number.isFinite(Number(r[i]))));
  if (signalIdx.length === 0) throw new CsvEvalError('no numeric columns to evaluate');
  const signals = signalIdx.map((i) => header[i]!);
  const d = signals.length;
  const n = rows.length;

  // Sample and hold: a missing or non-numeric cell keeps the column's previous value.
  const values = new Float64Array(n * d);
  const held = new Float64Array(d).fill(NaN);
  const labels = new Uint8Array(n);
  const ts = new Float64Array(n);
  const timestamps: string[] = [];
  let firstComplete = -1;
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    signalIdx.forEach((ci, j) => {
      const cell = row[ci];
      const v = cell === undefined || cell.trim() === '' ? NaN : Number(cell);
      if (Number.isFinite(v)) held[j] = v;
      values[r * d + j] = held[j]!;
    });
    if (firstComplete < 0 && held.every(Number.isFinite)) firstComplete = r;
    labels[r] = labelIdx >= 0 && parseLabel(row[labelIdx]) ? 1 : 0;
    timestamps.push((row[timeIdx] ?? '').trim());
    ts[r] = parseTime(row[timeIdx] ?? '');
  }
  // Without times, the statistics see one row a second (as before) and no span is known.
  const timed = ts.every(Number.isFinite);
  if (!timed) for (let r = 0; r < n; r++) ts[r] = r * 1000;
  if (firstComplete < 0) throw new CsvEvalError('no row has a value in every column');
  // Columns not yet seen take their first value, so early rows can still be scored.
  for (let j = 0; j < d; j++) {
    const first = values[firstComplete * d + j]!;
    for (let r = 0; r < firstComplete; r++) values[r * d + j] = first;
  }

  const trainRows = Math.min(n, o.trainRows ?? Math.max(50, Math.floor(n * 0.3)));
  const clean: number[] = [];
  for (let r = 0; r < trainRows; r++) if (!labels[r]) clean.push(r);
  if (clean.length < Math.max(2 * d + 2, 20)) {
    throw new CsvEvalError(`only ${clean.length} clean training rows for ${d} columns; raise --train-rows`);
  }
  const train = new Float64Array(clean.length * d);
  clean.forEach((r, k) => train.set(values.subarray(r * d, r * d + d), k * d));
  // A labelled row left out of training breaks the sequence: no window spans it.
  const breaks = clean.map((r, k) => k > 0 && r !== clean[k - 1]! + 1);
  const k = o.persistence ?? DEFAULT_MODELS_CONFIG.persistence;
  const sustain = { k, n: Math.max(k, o.persistenceWindow ?? DEFAULT_MODELS_CONFIG.persistenceWindow ?? k) };
  let model;
  try {
    model = fitDpca(train, clean.length, signals, { sustain }, breaks);
  } catch (err) {
    throw new CsvEvalError(`${(err as Error).message}; raise --train-rows`);
  }
  const from = clean[model.forward.heldOutFromVector]!;
  const to = clean[clean.length - 1]!;
  const ms = ts[to]! - ts[from]!;
  const minMs = o.minSpanMs ?? DEFAULT_MIN_TRAINING_SPAN_MS;
  const spanMs = timed ? ts[clean[clean.length - 1]!]! - ts[clean[0]!]! : null;
  const short = spanMs === null ? null : spanRefusal(spanMs, minMs);
  const refused = short
    ? `model refused: ${short}`
    : refusalReason(
        model,
        `the last ${to - from + 1} training rows (rows ${from + 1}–${to + 1}${timed && ms > 0 ? `, ${spanText(ms)}` : ''})`,
      );
  const useModel = refused === null || o.keepRefused === true;
  const bytes = dpcaToOnnx(model, { name: 'eval-csv', version: '1', producerVersion: 'eval' });
  const window = model.lags + 1;

  const started = performance.now();
  // Row r's ratio scores the window of rows r − lags..r; the first rows have no full window.
  const ratio = new Float32Array(n);
  if (useModel) await scoreWindows(bytes, values, n, d, window, ratio);
  const recent = new Uint8Array(sustain.n);
  let over = 0;

  const scores = new Float64Array(n);
  const flags = new Uint8Array(n);
  const bank = o.stats ? new StatsBank({}) : null;
  const slots = bank ? signals.map((s) => bank.slot(s)) : [];
  const statsThreshold = DEFAULT_STATS_OPTIONS.threshold;
  for (let r = 0; r < n; r++) {
    const model01 = ratio[r]! / (1 + ratio[r]!);
    let stats = 0;
    if (bank) for (let j = 0; j < d; j++) stats = Math.max(stats, bank.update(slots[j]!, ts[r]!, values[r * d + j]!));
    const above = ratio[r]! > 1 ? 1 : 0;
    over += above - recent[r % recent.length]!;
    recent[r % recent.length] = above;
    scores[r] = Math.max(model01, stats);
    flags[r] = over >= k || stats >= statsThreshold ? 1 : 0;
  }
  const scoreMs = performance.now() - started;

  return {
    signals,
    rows: n,
    trainRows,
    components: model.components,
    lags: model.lags,
    forward: model.forward,
    coverage: model.coverage,
    span: { ms: spanMs, minMs, timeColumn: header[timeIdx]! },
    refused,
    timestamps,
    scores,
    flags,
    metrics: labelIdx >= 0 ? quality(flags, labels, trainRows) : null,
    scoreMs,
  };
}

/** The model's ratio per row (row r scores rows r − window + 1..r) through onnxruntime. */
async function scoreWindows(
  bytes: Uint8Array,
  values: Float64Array,
  n: number,
  d: number,
  window: number,
  ratio: Float32Array,
): Promise<void> {
  const session = await OnnxSession.load(bytes, { input: DPCA_INPUT, output: DPCA_OUTPUTS.score });
  try {
    const BATCH = 1000;
    for (let s = window - 1; s < n; s += BATCH) {
      const m = Math.min(BATCH, n - s);
      const input = Float32Array.from(values.subarray((s - window + 1) * d, (s + m) * d));
      const rowsIn = new Float32Array(m * window * d);
      for (let i = 0; i < m; i++) rowsIn.set(input.subarray(i * d, (i + window) * d), i * window * d);
      const out = await session.run(rowsIn, [m, window * d]);
      ratio.set(out.score, s);
    }
  } finally {
    await session.release();
  }
}

/** Confusion counts and rates over the rows from `from` on. */
export function quality(flags: Uint8Array, labels: Uint8Array, from: number): QualityMetrics {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let r = from; r < flags.length; r++) {
    if (flags[r] && labels[r]) tp++;
    else if (flags[r]) fp++;
    else if (labels[r]) fn++;
    else tn++;
  }
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const precision = div(tp, tp + fp);
  const recall = div(tp, tp + fn);
  return {
    evaluatedRows: flags.length - from,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    precision,
    recall,
    f1: div(2 * precision * recall, precision + recall),
    falseAlarmRate: div(fp, fp + tn),
    missedAlarmRate: div(fn, tp + fn),
  };
}

/** The scores file: timestamp,anomaly_score,is_anomaly per row. */
export function scoresCsv(r: CsvEvalResult): string {
  const out = ['timestamp,anomaly_score,is_anomaly'];
  for (let i = 0; i < r.rows; i++) {
    const t = r.timestamps[i]!;
    const cell = /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
    out.push(`${cell},${r.scores[i]!.toFixed(6)},${r.flags[i]}`);
  }
  return out.join('\n') + '\n';
}
