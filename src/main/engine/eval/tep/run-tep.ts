// `watchfloor eval tep`: the Tennessee Eastman benchmark through the engine's own model path.
// The model is fitted on the normal training data only (d00.dat) with the trainer's rule
// (dpca-model.ts: lags, components and limit chosen from those rows), exported to ONNX, and
// every test file is then streamed, row by row as live readings of one device, through a
// ModelScoring instance — the class the engine runs for a device's active model: the same
// vector builder, window, onnxruntime session, threshold and k-of-n sustained-alarm logic. A row
// counts as flagged when the alarm condition that scoring hands the alarm service is active at
// its timestamp. One model and one threshold serve every file; no faulty row is ever used to fit
// or tune anything. d00.dat's rows are 3 minutes apart (TEP_SAMPLE_MS), as every file streamed
// here: its 500 rows span 24 h 57 min, held to the minimum training span (models.minTrainingSpan,
// 24 h by default) as the trainer holds a device's history.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectedAnomaly } from '../../../../shared/contract';
import type { Reading } from '../../../../shared/domain';
import type { AlarmCondition, AlarmSink } from '../../detect/condition';
import { fitDpca, type DpcaModel, type DpcaOptions } from '../../detect/models/dpca-model';
import { dpcaToOnnx } from '../../detect/models/dpca-onnx';
import { refusalReason } from '../../detect/models/forward-check';
import { DEFAULT_MIN_TRAINING_SPAN_MS, spanRefusal } from '../../../../shared/training-span';
import { trainedIo } from '../../detect/models/trained-io';
import type { ModelRecord } from '../../detect/models/model-registry';
import type { ModelScores } from '../../detect/models/model-scores';
import { ModelScoring } from '../../detect/models/model-scoring';
import { fitPca } from '../../detect/models/pca-model';
import { pcaToOnnx } from '../../detect/models/pca-onnx';
import {
  TEP_FAULTS,
  TEP_NORMAL_ROWS,
  TEP_SAMPLE_MS,
  TEP_SIGNALS,
  TEP_UNDETECTABLE,
  type TepData,
  type TepTable,
} from './tep-data';

export interface TepOptions {
  /** Sustained alarm: k of the last n vectors above the threshold. */
  persistence: number;
  persistenceWindow: number;
  model?: Partial<DpcaOptions>;
  /** 'pca': the static PCA (T² and Q) that earlier versions trained, for comparison. */
  kind?: 'dpca' | 'pca';
  /** The minimum training span (ms) d00.dat's times are held to; default models.minTrainingSpan's, 0 = none. */
  minSpanMs?: number;
  /** Scoring's own log (a model that fails to load says why here). */
  log?: (message: string) => void;
}

export interface TepFaultResult {
  fault: number;
  /** Share of rows 161..960 flagged. */
  fdr: number;
  /** Share of rows 1..160 (normal) flagged. */
  far: number;
  /** Rows after 160 until the first flagged one (1 = the first faulty row); null = never. */
  delay: number | null;
  /** The signals contributing most at the first detection after the fault (the anomaly's explanation). */
  top: string[];
}

export interface TepResult {
  model: {
    kind: 'dpca' | 'pca';
    lags: number;
    components: number;
    dimensions: number;
    limit: number;
    confidence: number;
    folds: number;
    trainRows: number;
    /** d00.dat's span: first to last row, 3 minutes apart. */
    trainSpanMs: number;
    /** The trainer's checks of the training history (dpca; null for pca): forward alarm rate, coincidences. */
    history: { forwardAlarmRate: number; allowed: number; heldOut: number; coincidences: number } | null;
    /** Why the trainer would refuse this model (it is then not evaluated further); null: accepted. */
    refused: string | null;
  };
  persistence: { k: number; n: number };
  faults: TepFaultResult[];
  /** Mean FDR over the 18 detectable faults (3, 9 and 15 left out). */
  meanFdr: number;
  meanFdrAll: number;
  excluded: number[];
  /** Flagged share of d00_te.dat. */
  farNormalTest: number;
  /** Flagged share of rows 1..160 over every fault file. */
  farFaultFiles: number;
  /** Median delay over the step faults 1, 2, 4, 5, 6, 7. */
  stepMedianDelay: number | null;
  fitMs: number;
  streamMs: number;
}

export const STEP_FAULTS = [1, 2, 4, 5, 6, 7];

class FlagSink implements AlarmSink {
  readonly active = new Set<number>();
  apply(_d: string, _s: string, cond: AlarmCondition, _v: number, ts: number): void {
    if (cond.active) this.active.add(ts);
  }
  isConditionActive(): boolean {
    return false;
  }
}

function record(kind: 'dpca' | 'pca', window: number, file: string, trainRows: number): ModelRecord {
  return {
    id: 'tep@v1',
    deviceId: 'tep',
    version: 1,
    kind,
    source: 'trained',
    status: 'active',
    signals: TEP_SIGNALS,
    threshold: 1,
    io: trainedIo(kind, window),
    file,
    trainedFrom: 0,
    trainedTo: trainRows * TEP_SAMPLE_MS,
    metrics: {},
    createdAt: 0,
    activatedAt: 0,
    retiredAt: null,
    replacedId: null,
  };
}

/** Streams one file through a fresh scoring instance (a fresh run of the plant); the flagged rows. */
async function stream(
  rec: ModelRecord,
  t: TepTable,
  o: TepOptions,
): Promise<{ flags: Uint8Array; anomalies: DetectedAnomaly[] }> {
  const sink = new FlagSink();
  const anomalies: DetectedAnomaly[] = [];
  const scoring = new ModelScoring({
    scores: { append: () => {} } as unknown as ModelScores,
    log: o.log ?? (() => {}),
    maxAgeMs: TEP_SAMPLE_MS,
    persistence: o.persistence,
    persistenceWindow: o.persistenceWindow,
    alarms: sink,
    report: (a) => anomalies.push(a),
  });
  await scoring.load([rec]);
  const d = TEP_SIGNALS.length;
  try {
    for (let r = 0; r < t.n; r++) {
      const ts = (r + 1) * TEP_SAMPLE_MS;
      const batch: Reading[] = TEP_SIGNALS.map((signal, j) => ({
        deviceId: 'tep',
        signal,
        ts,
        value: t.rows[r * d + j]!,
        quality: 'good',
      }));
      scoring.observe(batch);
    }
    await scoring.idle();
  } finally {
    await scoring.stop();
  }
  const flags = new Uint8Array(t.n);
  for (let r = 0; r < t.n; r++) flags[r] = sink.active.has((r + 1) * TEP_SAMPLE_MS) ? 1 : 0;
  return { flags, anomalies };
}

const share = (flags: Uint8Array, a: number, b: number) => {
  let s = 0;
  for (let i = a; i < b; i++) s += flags[i]!;
  return s / (b - a);
};

export async function evaluateTep(
  data: TepData,
  o: TepOptions,
  progress: (what: string) => void = () => {},
): Promise<TepResult> {
  progress('fitting on d00.dat');
  const started = performance.now();
  const kind = o.kind ?? 'dpca';
  const meta = { name: 'tep', version: '1', producerVersion: 'eval' };
  const trainSpanMs = (data.train.n - 1) * TEP_SAMPLE_MS;
  const short = spanRefusal(trainSpanMs, o.minSpanMs ?? DEFAULT_MIN_TRAINING_SPAN_MS);
  const tooShort = short ? `model refused: ${short}` : null;
  let bytes: Uint8Array;
  let summary: TepResult['model'];
  if (kind === 'pca') {
    const pca = fitPca(data.train.rows, data.train.n, TEP_SIGNALS);
    bytes = pcaToOnnx(pca, meta);
    summary = {
      kind,
      lags: 0,
      components: pca.components,
      dimensions: TEP_SIGNALS.length,
      limit: NaN,
      confidence: 0.999,
      folds: 0,
      trainRows: data.train.n,
      trainSpanMs,
      history: null,
      refused: tooShort,
    };
  } else {
    const model: DpcaModel = fitDpca(data.train.rows, data.train.n, TEP_SIGNALS, o.model);
    bytes = dpcaToOnnx(model, meta);
    summary = {
      kind,
      lags: model.lags,
      components: model.components,
      dimensions: (model.lags + 1) * TEP_SIGNALS.length,
      limit: model.limit,
      confidence: model.confidence,
      folds: model.folds,
      trainRows: data.train.n,
      trainSpanMs,
      history: {
        forwardAlarmRate: model.forward.alarmRate,
        allowed: model.forward.allowed,
        heldOut: model.forward.heldOut,
        coincidences: model.coverage.coincidences.length,
      },
      refused: tooShort ?? refusalReason(model, `the last ${model.forward.heldOut} training windows`),
    };
  }
  const fitMs = performance.now() - started;
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-tep-'));
  try {
    const file = join(dir, 'tep.onnx');
    writeFileSync(file, bytes);
    const rec = record(kind, summary.lags + 1, file, data.train.n);
    const streamStart = performance.now();
    progress('streaming d00_te.dat');
    const normal = await stream(rec, data.normalTest, o);
    const faults: TepFaultResult[] = [];
    let normalFlagged = 0;
    for (const f of TEP_FAULTS) {
      progress(`streaming fault ${f}`);
      const { flags, anomalies } = await stream(rec, data.faults.get(f)!, o);
      let first = -1;
      for (let r = TEP_NORMAL_ROWS; r < flags.length && first < 0; r++) if (flags[r]) first = r;
      const firstTs = (first + 1) * TEP_SAMPLE_MS;
      // The anomaly raised on the excursion that holds the first detection (raised at or before it).
      const raised = first < 0 ? undefined : anomalies.filter((a) => a.ts <= firstTs).at(-1);
      const evidence = raised?.evidence as { top?: { signal: string }[] } | undefined;
      for (let r = 0; r < TEP_NORMAL_ROWS; r++) normalFlagged += flags[r]!;
      faults.push({
        fault: f,
        fdr: share(flags, TEP_NORMAL_ROWS, flags.length),
        far: share(flags, 0, TEP_NORMAL_ROWS),
        delay: first < 0 ? null : first + 1 - TEP_NORMAL_ROWS,
        top: (evidence?.top ?? []).map((t) => t.signal),
      });
    }
    const counted = faults.filter((f) => !TEP_UNDETECTABLE.includes(f.fault));
    const steps = faults
      .filter((f) => STEP_FAULTS.includes(f.fault))
      .map((f) => f.delay ?? Infinity)
      .sort((a, b) => a - b);
    const mid = (steps[2]! + steps[3]!) / 2;
    return {
      model: summary,
      persistence: { k: o.persistence, n: o.persistenceWindow },
      faults,
      meanFdr: counted.reduce((a, f) => a + f.fdr, 0) / counted.length,
      meanFdrAll: faults.reduce((a, f) => a + f.fdr, 0) / faults.length,
      excluded: TEP_UNDETECTABLE,
      farNormalTest: share(normal.flags, 0, normal.flags.length),
      farFaultFiles: normalFlagged / (TEP_NORMAL_ROWS * faults.length),
      stepMedianDelay: Number.isFinite(mid) ? mid : null,
      fitMs,
      streamMs: performance.now() - streamStart,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
