// npm run bench -- model-training [--signals N] [--days N] [--step-ms N] [--kind dpca|pca]
//
// Training a device's model as Settings → Models does (the engine's trainModel: history read,
// device vectors, fit, ONNX export, the check run in onnxruntime, the file and the registry entry)
// on `days` (30) of `step-ms` (60,000: one-minute) history of a `signals`-signal (50) device: the
// issue's "30 days of 1-minute data for a 50-signal device under a minute". The history is
// generated (a few slow latent drivers, each signal a mix of them plus noise, so the covariance is
// realistic) and handed to the trainer as the history store would; its read time is not counted
// in `readMs` but is in `totalMs`. Prints one JSON document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Device } from '../../src/shared/domain';
import { ModelRegistry } from '../../src/main/engine/detect/models/model-registry';
import { trainModel } from '../../src/main/engine/detect/models/model-trainer';
import { openStateDb } from '../../src/main/engine/state/state-db';
import { createRandom } from '../../src/main/engine/simulator/random';

const { values: args } = parseArgs({
  options: {
    signals: { type: 'string', default: '50' },
    days: { type: 'string', default: '30' },
    'step-ms': { type: 'string', default: '60000' },
    kind: { type: 'string', default: 'dpca' },
  },
});
const SIGNALS = Number(args.signals);
const DAYS = Number(args.days);
const STEP = Number(args['step-ms']);
const KIND = args.kind === 'pca' ? 'pca' : 'dpca';
const log = (m: string) => process.stderr.write(`[bench model-training] ${m}\n`);

const device = Device.parse({
  id: 'press-1',
  name: 'Press 1',
  signals: Array.from({ length: SIGNALS }, (_, j) => ({ key: `s${j}`, intervalMs: STEP })),
});
const to = Date.UTC(2026, 0, 31);
const from = to - DAYS * 86_400_000;
const n = Math.floor((to - from) / STEP);

function history(): { series: string; ts: number; value: number }[] {
  const rnd = createRandom(7);
  const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const weights = Array.from({ length: SIGNALS }, () => Array.from({ length: 4 }, () => g()));
  const latent = [0, 0, 0, 0];
  const out: { series: string; ts: number; value: number }[] = new Array(n * SIGNALS);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) latent[k] = 0.95 * latent[k]! + g();
    const ts = from + i * STEP;
    for (let j = 0; j < SIGNALS; j++) {
      const w = weights[j]!;
      const v = 100 + j + w[0]! * latent[0]! + w[1]! * latent[1]! + w[2]! * latent[2]! + w[3]! * latent[3]! + 0.3 * g();
      out[i * SIGNALS + j] = { series: `press-1/s${j}`, ts, value: v };
    }
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-train-bench-'));
  const db = openStateDb(dir);
  try {
    log(`generating ${n.toLocaleString('en')} vectors × ${SIGNALS} signals`);
    const readings = history();
    const registry = new ModelRegistry(db, Date.now);
    const phases: { fraction: number; atMs: number }[] = [];
    let readMs = 0;
    const started = performance.now();
    const model = await trainModel(
      {
        registry,
        labels: { rangesOf: () => [] },
        device: (id) => (id === device.id ? device : undefined),
        rawReadings: async () => {
          const t = performance.now();
          const r = readings;
          readMs += performance.now() - t;
          return r;
        },
        dataDir: dir,
        version: 'bench',
        maxAgeMs: 2 * STEP,
      },
      { deviceId: device.id, from, to, kind: KIND, varianceTarget: 0.9 },
      (fraction) => {
        const last = phases.at(-1);
        if (!last || fraction - last.fraction >= 0.05 || fraction >= 0.95)
          phases.push({ fraction: Math.round(fraction * 100) / 100, atMs: Math.round(performance.now() - started) });
      },
    );
    const totalMs = performance.now() - started;
    log(`trained ${model.id} in ${Math.round(totalMs)} ms`);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'model-training',
          node: process.version,
          kind: KIND,
          signals: SIGNALS,
          days: DAYS,
          stepMs: STEP,
          vectors: model.metrics.vectors,
          metrics: model.metrics,
          readMs: Math.round(readMs),
          totalMs: Math.round(totalMs),
          progress: phases,
          target: { totalMsUnder: 60_000, met: totalMs < 60_000 },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
