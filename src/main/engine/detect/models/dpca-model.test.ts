import { describe, expect, it } from 'vitest';
import { createRandom } from '../../simulator/random';
import { chooseLags, dpcaStatistics, fitDpca, fitDpcaAsync, laggedRows } from './dpca-model';
import { DPCA_INPUT, DPCA_OUTPUTS, dpcaToOnnx } from './dpca-onnx';
import { OnnxSession } from './onnx-session';
import { fitPca, pcaStatistics } from './pca-model';

const SIGNALS = ['feed', 'level', 'outflow', 'temperature'];

/**
 * A small tank: the feed wanders (AR(1)), the level follows the feed with one sample of delay,
 * the outflow follows the level, the temperature is independent noise around 60.
 * `delayLost` from row `from` on: the level follows the feed at once (a bypass opened).
 */
function plant(n: number, seed: number, delayLost = Infinity): Float64Array {
  const rnd = createRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const out = new Float64Array(n * 4);
  let feed = 0;
  for (let i = 0; i < n; i++) {
    const prevFeed = feed;
    feed = 0.6 * feed + g();
    const level = 2 * (i >= delayLost ? feed : prevFeed) + 0.1 * g();
    out[i * 4] = 100 + feed;
    out[i * 4 + 1] = 50 + level;
    out[i * 4 + 2] = 20 + 0.5 * level + 0.1 * g();
    out[i * 4 + 3] = 60 + g();
  }
  return out;
}

/** Model input rows (window = lags + 1 consecutive vectors, oldest first) from a table. */
function windows(rows: Float64Array, n: number, d: number, lags: number): { input: Float64Array; m: number } {
  const w = lags + 1;
  const m = n - lags;
  const input = new Float64Array(m * w * d);
  for (let i = 0; i < m; i++) input.set(rows.subarray(i * d, (i + w) * d), i * w * d);
  return { input, m };
}

const share = (xs: Float64Array, limit: number) => xs.reduce((a, x) => a + (x > limit ? 1 : 0), 0) / xs.length;

describe('dynamic PCA', () => {
  it('chooses lags by the rows it has per lagged dimension, never by hand', () => {
    expect(chooseLags(500, 52)).toBe(2); // the TEP training file: 498 ≥ 3·3·52
    expect(chooseLags(400, 52)).toBe(1);
    expect(chooseLags(200, 52)).toBe(0);
    expect(chooseLags(43_200, 50)).toBe(2); // 30 days of minutes: capped
  });

  it('sets the limit out of sample so new normal data alarms about as often as its confidence says', () => {
    const model = fitDpca(plant(4000, 1), 4000, SIGNALS);
    expect(model.lags).toBe(2);
    const fresh = plant(4000, 2);
    const { input, m } = windows(fresh, 4000, 4, model.lags);
    const over = share(dpcaStatistics(model, input, m).score, 1);
    expect(over).toBeGreaterThan(0.002);
    expect(over).toBeLessThan(0.025);
  });

  it('sees a lost delay that a static PCA cannot see, and names the signals involved', () => {
    const train = plant(4000, 1);
    const model = fitDpca(train, 4000, SIGNALS);
    const faulty = plant(1000, 3, 0);
    const { input, m } = windows(faulty, 1000, 4, model.lags);
    const stats = dpcaStatistics(model, input, m);
    expect(share(stats.score, 1)).toBeGreaterThan(0.9);
    const totals = [0, 0, 0, 0];
    for (let i = 0; i < m; i++) for (let j = 0; j < 4; j++) totals[j]! += stats.contributions[i * 4 + j]!;
    const ranked = SIGNALS.map((s, j) => [s, totals[j]!] as const).sort((a, b) => b[1] - a[1]);
    expect(ranked.slice(0, 2).map((r) => r[0])).toEqual(expect.arrayContaining(['feed', 'level']));
    expect(ranked[3]![0]).toBe('temperature');

    const pca = fitPca(train, 4000, SIGNALS, { limitQuantile: 0.99 });
    expect(share(pcaStatistics(pca, faulty, 1000).score, 1)).toBeLessThan(0.5);
  });

  it('leaves out lagged rows that would span a gap in the training vectors', () => {
    const rows = Float64Array.from({ length: 10 * 2 }, (_, i) => i);
    const breaks = Array.from({ length: 10 }, (_, t) => t === 5);
    const { m } = laggedRows(rows, 10, 2, 2, [0, 0], [1, 1], breaks);
    // rows 2..4 and 7..9: the ones ending at 5 and 6 would join vectors across the gap
    expect(m).toBe(6);
    const data = laggedRows(rows, 10, 2, 2, [0, 0], [1, 1], breaks).data;
    expect(Array.from(data.subarray(3 * 6, 4 * 6))).toEqual([10, 11, 12, 13, 14, 15]);
  });

  it('scores the same in onnxruntime as the reference, contributions included', async () => {
    const model = fitDpca(plant(3000, 1), 3000, SIGNALS);
    const { input, m } = windows(plant(500, 4, 250), 500, 4, model.lags);
    const ref = dpcaStatistics(model, input, m);
    const session = await OnnxSession.load(dpcaToOnnx(model, { name: 't', version: '1', producerVersion: 'test' }), {
      input: DPCA_INPUT,
      output: DPCA_OUTPUTS.score,
      contributions: DPCA_OUTPUTS.contributions,
    });
    try {
      const out = await session.run(Float32Array.from(input), [m, input.length / m]);
      for (let i = 0; i < m; i++) expect(out.score[i]).toBeCloseTo(ref.score[i]!, 1);
      for (let i = 0; i < m * 4; i++) expect(out.contributions![i]).toBeCloseTo(ref.contributions[i]!, 1);
    } finally {
      await session.release();
    }
  });

  it('fits step by step with rising progress, gives the same model, and stops when cancelled', async () => {
    const rows = plant(4000, 1);
    const seen: number[] = [];
    const stepped = await fitDpcaAsync(rows, 4000, SIGNALS, {}, undefined, (f) => seen.push(f));
    expect(stepped).toEqual(fitDpca(rows, 4000, SIGNALS));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((f, i) => f > 0 && f < 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);

    const stop = new AbortController();
    let steps = 0;
    const cancelled = fitDpcaAsync(
      rows,
      4000,
      SIGNALS,
      {},
      undefined,
      () => {
        if (++steps === 3) stop.abort(new Error('cancelled'));
      },
      stop.signal,
    );
    await expect(cancelled).rejects.toThrow('cancelled');
    expect(steps).toBe(3);
  });
});
