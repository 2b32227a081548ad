// Trains a device's model from clean history as a job: reads the device's raw readings (bad
// quality left out), builds device vectors, drops those inside a live label of an unclean verdict
// (true anomaly, maintenance, bad data: UNCLEAN_VERDICTS) on any of the trained signals or the
// whole device — a vector holds every signal, so one labelled signal taints it — and those
// breaching an alarm limit, fits the model — dynamic PCA by default (dpca-model.ts: lagged
// windows never span a dropped vector), or the static PCA of earlier versions — exports it to ONNX, checks the file in
// onnxruntime on the training vectors (the share above threshold becomes a metric), writes it
// to <data>/models/<device>/<version>.onnx and records it in the registry, in shadow — unless the
// history fails the dynamic model's checks (forward-check.ts, history-coverage.ts: it does not
// cover the plant's normal variation), or its clean vectors span less than the minimum training span
// (models.minTrainingSpan, src/shared/training-span.ts: checked before the fit), when the job
// fails with the reason and nothing is written. A
// cancelled training stops at the next step (the job's signal is checked between them) and
// writes no file: the model file and its registry entry appear together, at the very end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Device } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import { DEFAULT_MIN_TRAINING_SPAN_MS, spanRefusal } from '../../../../shared/training-span';
import { UNCLEAN_VERDICTS } from '../../../../shared/contract/annotations';
import type { AnnotationIndex } from '../../annotations/annotation-ports';
import { buildVectors } from './device-vectors';
import type { ModelRecord, ModelRegistry } from './model-registry';
import { fitDpcaAsync, windowRows } from './dpca-model';
import { dpcaToOnnx } from './dpca-onnx';
import { refusalReason, spanText } from './forward-check';
import { trainedIo } from './trained-io';
import type { ModelIo } from './model-registry';
import { OnnxSession } from './onnx-session';
import { fitPca } from './pca-model';
import { pcaToOnnx } from './pca-onnx';

export interface TrainRequest {
  deviceId: string;
  from: number;
  to: number;
  signals?: string[];
  /** Default 'dpca'. */
  kind?: 'dpca' | 'pca';
  /** 'pca' only. */
  varianceTarget: number;
}

/** Stored raw readings of some series in a range (history's rawReadings). */
export type RawReadings = (
  series: string[],
  from: number,
  to: number,
  limit: number,
) => Promise<{ series: string; ts: number; value: number }[]>;

export interface TrainerDeps {
  registry: ModelRegistry;
  /** Expert labels: their unclean ranges are left out. */
  labels: Pick<AnnotationIndex, 'rangesOf'>;
  device: (id: string) => Device | undefined;
  rawReadings: RawReadings;
  dataDir: string;
  version: string;
  maxAgeMs: number;
  /** The live sustained-alarm rule (k of the last n), which the forward check applies; default 3 of 3. */
  sustain?: { k: number; n: number };
  /** The shortest span (ms) of clean vectors a model is trained on; default a day, 0 = no rule. */
  minTrainingSpanMs?: number;
}

const MAX_READINGS = 5_000_000;
/** Enough for more than a day of 1-second vectors, so a 1 Hz device can meet the default minimum span. */
export const MAX_VECTORS = 100_000;

interface Fitted {
  bytes: Uint8Array;
  io: ModelIo;
  /** The check batch: input rows for onnxruntime and their shape. */
  check: { rows: Float64Array; shape: number[]; n: number };
  metrics: Record<string, number>;
}

export async function trainModel(
  deps: TrainerDeps,
  req: TrainRequest,
  progress: (fraction: number, rows: number) => void,
  signal?: AbortSignal,
): Promise<ModelRecord> {
  const device = deps.device(req.deviceId);
  if (!device) throw new EngineError('NOT_FOUND', `no device ${req.deviceId}`);
  const signals = req.signals ?? device.signals.map((s) => s.key);
  const unknown = signals.filter((s) => !device.signals.some((x) => x.key === s));
  if (unknown.length) throw new EngineError('BAD_REQUEST', `device ${device.id} has no signal ${unknown.join(', ')}`);
  if (signals.length < 1) throw new EngineError('BAD_REQUEST', `device ${device.id} has no signals to learn from`);

  const kind = req.kind ?? 'dpca';
  progress(0.05, 0);
  const readings = await deps.rawReadings(
    signals.map((s) => `${device.id}/${s}`),
    req.from,
    req.to,
    MAX_READINGS,
  );
  signal?.throwIfAborted();
  progress(0.4, readings.length);
  const excluded = uncleanRanges(deps.labels, device.id, signals, req.from, req.to);
  const limits = signals.map((s) => device.signals.find((x) => x.key === s)!.limits);
  let dropped = 0;
  const vectors = buildVectors(
    readings.map((r) => ({ signal: r.series.slice(device.id.length + 1), ts: r.ts, value: r.value })),
    signals,
    {
      maxAgeMs: deps.maxAgeMs,
      maxVectors: MAX_VECTORS,
      thin: kind === 'dpca' ? 'latest' : 'even',
      keep: (ts, values) => {
        const ok = !inside(excluded, ts) && withinLimits(values, limits);
        if (!ok) dropped++;
        return ok;
      },
    },
  );
  signal?.throwIfAborted();
  progress(0.6, vectors.n);
  if (vectors.n < 2 * signals.length + 2 || vectors.n < 50) {
    throw new EngineError(
      'INVALID_STATE',
      `only ${vectors.n} clean vectors of ${signals.join(', ')} between ${new Date(req.from).toISOString()} and ` +
        `${new Date(req.to).toISOString()}; need at least ${Math.max(50, 2 * signals.length + 2)}`,
    );
  }

  const spanMs = vectors.ts[vectors.n - 1]! - vectors.ts[0]!;
  const short = spanRefusal(spanMs, deps.minTrainingSpanMs ?? DEFAULT_MIN_TRAINING_SPAN_MS);
  if (short) {
    const thinned = vectors.n === MAX_VECTORS ? ` (the latest ${MAX_VECTORS.toLocaleString('en')} vectors of it)` : '';
    throw new EngineError(
      'INVALID_STATE',
      `model refused: ${short.replace('the history spans', `the history${thinned} spans`)}`,
    );
  }

  const version = deps.registry.nextVersion(device.id);
  const meta = { name: device.id, version: String(version), producerVersion: deps.version };
  const fitted =
    kind === 'dpca'
      ? await fitDynamic(vectors, signals, meta, deps.sustain, (f) => progress(0.6 + 0.2 * f, vectors.n), signal)
      : fitStatic(vectors, signals, req, meta);
  signal?.throwIfAborted();
  progress(0.8, vectors.n);

  // The file must load and score in the runtime before it is registered.
  const session = await OnnxSession.load(fitted.bytes, { input: fitted.io.input, output: fitted.io.output });
  let above = 0;
  try {
    const { score } = await session.run(Float32Array.from(fitted.check.rows), fitted.check.shape);
    for (const s of score) if (s > 1) above++;
  } finally {
    await session.release();
  }

  signal?.throwIfAborted();
  const dir = join(deps.dataDir, 'models', device.id);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${version}.onnx`);
  writeFileSync(file, fitted.bytes);
  progress(0.95, vectors.n);
  return deps.registry.add({
    id: `${device.id}@v${version}`,
    deviceId: device.id,
    version,
    kind,
    source: 'trained',
    signals,
    threshold: 1,
    io: fitted.io,
    file,
    trainedFrom: vectors.ts[0] ?? req.from,
    trainedTo: vectors.ts[vectors.n - 1] ?? req.to,
    metrics: {
      readings: readings.length,
      vectors: vectors.n,
      excludedVectors: dropped,
      ...fitted.metrics,
      trainingAboveThreshold: Math.round((above / fitted.check.n) * 100_000) / 100_000,
      bytes: fitted.bytes.length,
    },
  });
}

type Meta = { name: string; version: string; producerVersion: string };
type Vectors = ReturnType<typeof buildVectors>;

async function fitDynamic(
  vectors: Vectors,
  signals: string[],
  meta: Meta,
  sustain: { k: number; n: number } | undefined,
  progress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Fitted> {
  let model;
  try {
    const options = sustain ? { sustain } : {};
    model = await fitDpcaAsync(vectors.rows, vectors.n, signals, options, vectors.breaks, progress, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new EngineError('INVALID_STATE', (err as Error).message);
  }
  const from = vectors.ts[model.forward.heldOutFromVector]!;
  const to = vectors.ts[vectors.n - 1]!;
  const refused = refusalReason(model, `the last ${spanText(to - from)} of the history (from ${utc(from)})`);
  if (refused) throw new EngineError('INVALID_STATE', refused);
  const window = model.lags + 1;
  const check = windowRows(vectors.rows, vectors.n, signals.length, model.lags, vectors.breaks);
  return {
    bytes: dpcaToOnnx(model, meta),
    io: trainedIo('dpca', window),
    check: { rows: check.data, shape: [check.m, window * signals.length], n: check.m },
    metrics: {
      lags: model.lags,
      components: model.components,
      explainedVariance: 1,
      limit: model.limit,
      confidence: model.confidence,
      forwardAlarmRate: Math.round(model.forward.alarmRate * 100_000) / 100_000,
    },
  };
}

function fitStatic(vectors: Vectors, signals: string[], req: TrainRequest, meta: Meta): Fitted {
  const pca = fitPca(vectors.rows, vectors.n, signals, { varianceTarget: req.varianceTarget });
  return {
    bytes: pcaToOnnx(pca, meta),
    io: trainedIo('pca', 1),
    check: { rows: vectors.rows, shape: [vectors.n, signals.length], n: vectors.n },
    metrics: {
      components: pca.components,
      explainedVariance: Math.round(pca.explained * 10_000) / 10_000,
      t2Limit: pca.t2Limit,
      qLimit: pca.qLimit,
    },
  };
}

/** "2026-12-07 03:12:09 UTC". */
function utc(ts: number): string {
  const iso = new Date(ts).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function withinLimits(values: Float64Array, limits: { lo?: number; hi?: number; loLo?: number; hiHi?: number }[]) {
  for (let j = 0; j < limits.length; j++) {
    const l = limits[j]!;
    const v = values[j]!;
    const hi = l.hi ?? l.hiHi;
    const lo = l.lo ?? l.loLo;
    if ((hi !== undefined && v > hi) || (lo !== undefined && v < lo)) return false;
  }
  return true;
}

/**
 * The device's live unclean labels over [from, to] on these signals or the whole device, merged
 * into sorted, disjoint ranges.
 */
function uncleanRanges(
  labels: Pick<AnnotationIndex, 'rangesOf'>,
  deviceId: string,
  signals: readonly string[],
  from: number,
  to: number,
): [number, number][] {
  const all = signals.flatMap((s) => labels.rangesOf(deviceId, s, from, to, UNCLEAN_VERDICTS));
  all.sort((x, y) => x.from - y.from);
  const merged: [number, number][] = [];
  for (const r of all) {
    const last = merged.at(-1);
    if (last && r.from <= last[1]) last[1] = Math.max(last[1], r.to);
    else merged.push([r.from, r.to]);
  }
  return merged;
}

/** Whether ts lies in one of these sorted, disjoint ranges (binary search). */
function inside(ranges: readonly [number, number][], ts: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (ts < a) hi = mid - 1;
    else if (ts > b) lo = mid + 1;
    else return true;
  }
  return false;
}
