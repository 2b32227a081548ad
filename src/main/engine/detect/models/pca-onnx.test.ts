import { describe, expect, it } from 'vitest';
import { createRandom } from '../../simulator/random';
import { decodeModelMetadata } from './onnx-proto';
import { OnnxSession } from './onnx-session';
import { fitPca, pcaStatistics } from './pca-model';
import { PCA_OUTPUTS, pcaToOnnx } from './pca-onnx';

const SIGNALS = ['flow', 'pressure', 'temperature', 'vibration'];

/** A pump: pressure and temperature follow flow; vibration is independent noise. */
function pumpRows(n: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const rows = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const flow = 50 + 20 * Math.sin(i / 40) + gauss();
    rows[i * 4] = flow;
    rows[i * 4 + 1] = 10 + 0.5 * flow + 0.4 * gauss();
    rows[i * 4 + 2] = 60 - 0.3 * flow + 0.3 * gauss();
    rows[i * 4 + 3] = 5 + gauss();
  }
  return rows;
}

async function session(bytes: Uint8Array) {
  return OnnxSession.load(bytes, { input: 'x', output: PCA_OUTPUTS.score, contributions: PCA_OUTPUTS.contributions });
}

describe('PCA exported to ONNX', () => {
  const train = pumpRows(2000, 1);
  const model = fitPca(train, 2000, SIGNALS);
  const bytes = pcaToOnnx(model, { name: 'pump', version: '3', producerVersion: 'test' });

  it('keeps the components that explain the chosen variance, leaving a residual space', () => {
    expect(model.components).toBeGreaterThanOrEqual(1);
    expect(model.components).toBeLessThan(SIGNALS.length);
    expect(model.explained).toBeGreaterThanOrEqual(0.9);
    expect(decodeModelMetadata(bytes)).toMatchObject({
      'watchfloor.kind': 'pca',
      'watchfloor.version': '3',
      'watchfloor.signals': JSON.stringify(SIGNALS),
    });
  });

  it('scores in onnxruntime exactly as the analytic T², Q and contributions', async () => {
    const s = await OnnxSession.load(bytes, { input: 'x', output: PCA_OUTPUTS.t2 });
    const q = await OnnxSession.load(bytes, { input: 'x', output: PCA_OUTPUTS.q });
    const full = await session(bytes);
    const rows = pumpRows(300, 7);
    const ref = pcaStatistics(model, rows, 300);
    const input = Float32Array.from(rows);
    const t2 = (await s.run(input, [300, 4])).score;
    const qs = (await q.run(input, [300, 4])).score;
    const { score, contributions } = await full.run(input, [300, 4]);
    for (let i = 0; i < 300; i++) {
      expect(t2[i]).toBeCloseTo(ref.t2[i]!, 2);
      expect(qs[i]).toBeCloseTo(ref.q[i]!, 3);
      expect(Math.abs(score[i]! - ref.score[i]!)).toBeLessThan(1e-3 * Math.max(1, ref.score[i]!));
    }
    for (let i = 0; i < 300 * 4; i++) expect(contributions![i]).toBeCloseTo(ref.contributions[i]!, 3);
    await Promise.all([s.release(), q.release(), full.release()]);
  });

  it('scores a broken correlation high while normal vectors stay below 1', async () => {
    const s = await session(bytes);
    const normal = pumpRows(1000, 99);
    const faulty = pumpRows(50, 42);
    // The pressure sensor decouples from flow: each value stays inside its normal range,
    // only the relation between signals is wrong.
    for (let i = 0; i < 50; i++) faulty[i * 4 + 1] = 10 + 0.5 * (100 - faulty[i * 4]!);
    const normalScores = (await s.run(Float32Array.from(normal), [1000, 4])).score;
    const { score, contributions } = await s.run(Float32Array.from(faulty), [50, 4]);

    const falseAlarms = normalScores.filter((v) => v > 1).length;
    expect(falseAlarms).toBeLessThanOrEqual(10); // ≤ 1 %, the limits sit at the 99.9th percentile
    const faultyRange = [
      Math.min(...faulty.filter((_, i) => i % 4 === 1)),
      Math.max(...faulty.filter((_, i) => i % 4 === 1)),
    ];
    const trainRange = [
      Math.min(...train.filter((_, i) => i % 4 === 1)),
      Math.max(...train.filter((_, i) => i % 4 === 1)),
    ];
    expect(faultyRange[0]).toBeGreaterThanOrEqual(trainRange[0]! - 1);
    expect(faultyRange[1]).toBeLessThanOrEqual(trainRange[1]! + 1);
    // Far from flow's mean the decoupling is large; near it the two agree by construction.
    const far = [...score].filter((_, i) => Math.abs(faulty[i * 4]! - 50) > 8);
    expect(far.length).toBeGreaterThan(10);
    expect(far.every((v) => v > 1)).toBe(true);
    // The evidence names pressure (or flow, its partner) as the signal that broke.
    const worst = [...score].indexOf(Math.max(...score));
    const c = Array.from(contributions!.subarray(worst * 4, worst * 4 + 4));
    expect(['pressure', 'flow']).toContain(SIGNALS[c.indexOf(Math.max(...c))]);
    await s.release();
  });

  it('is refused by the runtime when the bytes are not a model', async () => {
    await expect(session(new TextEncoder().encode('not a model'))).rejects.toThrow();
  });
});
