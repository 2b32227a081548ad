// Model phase of the detect benchmark: a model over `signals` inputs — the dynamic PCA the
// trainer makes by default (windows of lags + 1 vectors) or the static PCA of earlier versions —
// trained and exported to ONNX as the engine does, scored through the engine's ModelScoring
// (Float64 vectors → float32 tensor → onnxruntime-node → scores and contributions) in batches of
// `batch` device vectors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelRecord } from '../../../src/main/engine/detect/models/model-registry';
import { ModelScoring } from '../../../src/main/engine/detect/models/model-scoring';
import { fitDpca } from '../../../src/main/engine/detect/models/dpca-model';
import { dpcaToOnnx } from '../../../src/main/engine/detect/models/dpca-onnx';
import { trainedIo } from '../../../src/main/engine/detect/models/trained-io';
import { fitPca } from '../../../src/main/engine/detect/models/pca-model';
import { pcaToOnnx } from '../../../src/main/engine/detect/models/pca-onnx';
import { createRandom } from '../../../src/main/engine/simulator/random';

export interface ModelPhaseResult {
  kind: 'dpca' | 'pca';
  signals: number;
  /** Vectors per input row (lags + 1). */
  window: number;
  components: number;
  batch: number;
  batches: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  vectorsPerSecond: number;
  modelBytes: number;
}

function vectors(n: number, d: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const rows = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const a = Math.sin(i / 50) * 10;
    const b = Math.cos(i / 70) * 5;
    for (let j = 0; j < d; j++) rows[i * d + j] = (j % 2 ? a : b) * (1 + j / d) + rnd() - 0.5 + j;
  }
  return rows;
}

export async function modelPhase(opts: {
  kind: 'dpca' | 'pca';
  signals: number;
  batch: number;
  batches: number;
  log: (m: string) => void;
}): Promise<ModelPhaseResult> {
  const d = opts.signals;
  const names = Array.from({ length: d }, (_, j) => `s${j}`);
  const meta = { name: 'bench', version: '1', producerVersion: 'bench' };
  const train = vectors(5000, d, 1);
  const dynamic = opts.kind === 'dpca' ? fitDpca(train, 5000, names) : null;
  const pca = dynamic ? null : fitPca(train, 5000, names);
  const bytes = dynamic ? dpcaToOnnx(dynamic, meta) : pcaToOnnx(pca!, meta);
  const window = dynamic ? dynamic.lags + 1 : 1;
  const dir = mkdtempSync(join(tmpdir(), 'wf-model-bench-'));
  const file = join(dir, '1.onnx');
  writeFileSync(file, bytes);
  const record: ModelRecord = {
    id: 'bench@v1',
    deviceId: 'bench',
    version: 1,
    kind: opts.kind,
    source: 'trained',
    status: 'active',
    signals: names,
    threshold: 1,
    trainedFrom: 0,
    trainedTo: 0,
    metrics: {},
    createdAt: 0,
    activatedAt: 0,
    retiredAt: null,
    file,
    replacedId: null,
    io: trainedIo(dynamic ? 'dpca' : 'pca', window),
  };
  const scoring = new ModelScoring({
    scores: { append() {} } as never,
    log: opts.log,
    maxAgeMs: 60_000,
    persistence: 3,
  });
  await scoring.load([record]);
  // Each input row is a window of `window` consecutive vectors (what live scoring builds).
  const input = vectors(opts.batch, d * window, 2);
  for (let i = 0; i < 50; i++) await scoring.scoreBatch(record.id, input, opts.batch); // warm-up
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < opts.batches; i++) {
    const t = performance.now();
    await scoring.scoreBatch(record.id, input, opts.batch);
    samples.push(performance.now() - t);
  }
  const total = performance.now() - started;
  await scoring.stop();
  rmSync(dir, { recursive: true, force: true });
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    kind: opts.kind,
    signals: d,
    window,
    components: dynamic ? dynamic.components : pca!.components,
    batch: opts.batch,
    batches: opts.batches,
    p50Ms: r(at(0.5)),
    p99Ms: r(at(0.99)),
    maxMs: r(s[s.length - 1]!),
    vectorsPerSecond: Math.round((opts.batch * opts.batches) / (total / 1000)),
    modelBytes: bytes.length,
  };
}
