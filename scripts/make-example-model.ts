// Writes models/example-pump.onnx and its manifest: a PCA model (T² and Q) over three signals
// of a pump, made with Watchfloor's own exporter, to show the format of a supplied model.
// Normalisation is left to the manifest (the graph sees standardised values), to show that too.
// Run: node --import tsx scripts/make-example-model.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitPca } from '../src/main/engine/detect/models/pca-model';
import { pcaToOnnx } from '../src/main/engine/detect/models/pca-onnx';
import { createRandom } from '../src/main/engine/simulator/random';

const signals = ['flow', 'pressure', 'temperature'];
const n = 2000;
const rnd = createRandom(7);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const raw = new Float64Array(n * 3);
for (let i = 0; i < n; i++) {
  const flow = 50 + 20 * Math.sin(i / 40) + gauss();
  raw.set([flow, 10 + 0.5 * flow + 0.4 * gauss(), 60 - 0.3 * flow + 0.3 * gauss()], i * 3);
}
const mean = [0, 1, 2].map((j) => raw.filter((_, k) => k % 3 === j).reduce((a, b) => a + b, 0) / n);
const std = [0, 1, 2].map((j) =>
  Math.sqrt(raw.filter((_, k) => k % 3 === j).reduce((a, b) => a + (b - mean[j]!) ** 2, 0) / (n - 1)),
);
const z = raw.map((v, k) => (v - mean[k % 3]!) / std[k % 3]!);
const model = fitPca(z, n, signals);
const dir = join(import.meta.dirname, '..', 'models');
writeFileSync(
  join(dir, 'example-pump.onnx'),
  pcaToOnnx(model, { name: 'example-pump', version: '1', producerVersion: 'example' }),
);
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const manifest = {
  name: 'example-pump',
  version: 1,
  description:
    'PCA (T² and Q) over a pump whose pressure and temperature follow its flow; a score above 1 is anomalous.',
  device: 'pump-1',
  model: 'example-pump.onnx',
  inputs: signals,
  window: 1,
  normalization: { mean: mean.map(round), std: std.map(round) },
  input: 'x',
  output: 'score',
  threshold: 1,
};
writeFileSync(join(dir, 'example-pump.json'), `${JSON.stringify(manifest, null, 2)}\n`);
