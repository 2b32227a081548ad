// Model phase of the detect benchmark: a PCA model over `signals` inputs, trained and exported
// to ONNX as the engine does, scored through the engine's ModelScoring (Float64 vectors →
// float32 tensor → onnxruntime-node → scores) in batches of `batch` device vectors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelRecord } from '../../../src/main/engine/detect/models/model-registry';
import { ModelScoring } from '../../../src/main/engine/detect/models/model-scoring';
import { fitPca } from '../../../src/main/engine/detect/models/pca-model';
import { PCA_INPUT, PCA_OUTPUTS, pcaToOnnx } from '../../../src/main/engine/detect/models/pca-onnx';
import { createRandom } from '../../../src/main/engine/simulator/random';

export interface ModelPhaseResult {
  signals: number;
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
  signals: number;
  batch: number;
  batches: number;
  log: (m: string) => void;
}): Promise<ModelPhaseResult> {
  const d = opts.signals;
  const names = Array.from({ length: d }, (_, j) => `s${j}`);
  const pca = fitPca(vectors(5000, d, 1), 5000, names);
  const bytes = pcaToOnnx(pca, { name: 'bench', version: '1', producerVersion: 'bench' });
  const dir = mkdtempSync(join(tmpdir(), 'wf-model-bench-'));
  const file = join(dir, '1.onnx');
  writeFileSync(file, bytes);
  const record: ModelRecord = {
    id: 'bench@v1',
    deviceId: 'bench',
    version: 1,
    kind: 'pca',
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
    io: {
      input: PCA_INPUT,
      output: PCA_OUTPUTS.score,
      contributions: PCA_OUTPUTS.contributions,
      window: 1,
      normalization: null,
      rank: 2,
    },
  };
  const scoring = new ModelScoring({
    scores: { append() {} } as never,
    log: opts.log,
    maxAgeMs: 60_000,
    persistence: 3,
  });
  await scoring.load([record]);
  const input = vectors(opts.batch, d, 2);
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
    signals: d,
    components: pca.components,
    batch: opts.batch,
    batches: opts.batches,
    p50Ms: r(at(0.5)),
    p99Ms: r(at(0.99)),
    maxMs: r(s[s.length - 1]!),
    vectorsPerSecond: Math.round((opts.batch * opts.batches) / (total / 1000)),
    modelBytes: bytes.length,
  };
}
