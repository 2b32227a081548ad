// Trains a device's model from clean history as a job: reads the device's raw readings (bad
// quality left out), builds device vectors, drops those inside a live label of an unclean verdict
// (true anomaly, maintenance, bad data: UNCLEAN_VERDICTS) on any of the trained signals or the
// whole device — a vector holds every signal, so one labelled signal taints it — and those
// breaching an alarm limit, fits PCA, exports it to ONNX, checks the file in
// onnxruntime on the training vectors (the share above threshold becomes a metric), writes it
// to <data>/models/<device>/<version>.onnx and records it in the registry, in shadow. A
// cancelled training stops at the next step (the job's signal is checked between them) and
// writes no file: the model file and its registry entry appear together, at the very end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Device } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import { UNCLEAN_VERDICTS } from '../../../../shared/contract/annotations';
import type { AnnotationIndex } from '../../annotations/annotation-ports';
import { buildVectors } from './device-vectors';
import type { ModelRecord, ModelRegistry } from './model-registry';
import { OnnxSession } from './onnx-session';
import { fitPca } from './pca-model';
import { PCA_INPUT, PCA_OUTPUTS, pcaToOnnx } from './pca-onnx';

export interface TrainRequest {
  deviceId: string;
  from: number;
  to: number;
  signals?: string[];
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
}

const MAX_READINGS = 5_000_000;
const MAX_VECTORS = 50_000;

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

  const pca = fitPca(vectors.rows, vectors.n, signals, { varianceTarget: req.varianceTarget });
  signal?.throwIfAborted();
  progress(0.8, vectors.n);
  const version = deps.registry.nextVersion(device.id);
  const bytes = pcaToOnnx(pca, { name: device.id, version: String(version), producerVersion: deps.version });

  // The file must load and score in the runtime before it is registered.
  const session = await OnnxSession.load(bytes, { input: PCA_INPUT, output: PCA_OUTPUTS.score });
  let above = 0;
  try {
    const { score } = await session.run(Float32Array.from(vectors.rows), [vectors.n, signals.length]);
    for (const s of score) if (s > 1) above++;
  } finally {
    await session.release();
  }

  signal?.throwIfAborted();
  const dir = join(deps.dataDir, 'models', device.id);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${version}.onnx`);
  writeFileSync(file, bytes);
  progress(0.95, vectors.n);
  return deps.registry.add({
    id: `${device.id}@v${version}`,
    deviceId: device.id,
    version,
    kind: 'pca',
    source: 'trained',
    signals,
    threshold: 1,
    io: {
      input: PCA_INPUT,
      output: PCA_OUTPUTS.score,
      contributions: PCA_OUTPUTS.contributions,
      window: 1,
      normalization: null,
      rank: 2,
    },
    file,
    trainedFrom: vectors.ts[0] ?? req.from,
    trainedTo: vectors.ts[vectors.n - 1] ?? req.to,
    metrics: {
      readings: readings.length,
      vectors: vectors.n,
      excludedVectors: dropped,
      components: pca.components,
      explainedVariance: Math.round(pca.explained * 10_000) / 10_000,
      t2Limit: pca.t2Limit,
      qLimit: pca.qLimit,
      trainingAboveThreshold: Math.round((above / vectors.n) * 100_000) / 100_000,
      bytes: bytes.length,
    },
  });
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
