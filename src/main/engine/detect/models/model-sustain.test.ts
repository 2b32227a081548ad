// The sustained-alarm rule of the active model (k of the last n vectors over the threshold) and
// scoring of every observed vector without waiting for a next batch.
import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../../shared/domain';
import { createRandom } from '../../simulator/random';
import type { AlarmCondition, AlarmSink } from '../condition';
import type { ModelRecord } from './model-registry';
import type { ModelScores } from './model-scores';
import { ModelScoring } from './model-scoring';
import { fitDpca } from './dpca-model';
import { DPCA_INPUT, DPCA_OUTPUTS, dpcaToOnnx } from './dpca-onnx';
import { fitPca, pcaStatistics } from './pca-model';
import { PCA_OUTPUTS, pcaToOnnx } from './pca-onnx';

const SIGNALS = ['flow', 'pressure'];

function rows(n: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const flow = 50 + 10 * g();
    out[i * 2] = flow;
    out[i * 2 + 1] = 10 + 0.5 * flow + 0.2 * g();
  }
  return out;
}

class Sink implements AlarmSink {
  active: number[] = [];
  apply(_d: string, _s: string, cond: AlarmCondition, _v: number, ts: number): void {
    if (cond.active) this.active.push(ts);
  }
  isConditionActive(): boolean {
    return false;
  }
}

async function setup(persistence: number, persistenceWindow?: number) {
  const train = rows(1000, 1);
  const pca = fitPca(train, 1000, SIGNALS);
  const model = {
    id: 'pump@v1',
    deviceId: 'pump',
    version: 1,
    status: 'active',
    signals: SIGNALS,
    threshold: Math.max(...pcaStatistics(pca, train, 1000).score) * 1.5,
    file: pcaToOnnx(pca, { name: 'pump', version: '1', producerVersion: 'test' }),
    io: { input: 'x', output: PCA_OUTPUTS.score, window: 1, normalization: null, rank: 2 },
  } as unknown as ModelRecord;
  const alarms = new Sink();
  const scoring = new ModelScoring({
    scores: { append: () => {} } as unknown as ModelScores,
    log: () => {},
    maxAgeMs: 60_000,
    persistence,
    persistenceWindow,
    alarms,
  });
  await scoring.load([model]);
  /** One vector per entry, each its own batch as a live feed delivers it; true = pressure off its relation to flow. */
  const feed = async (pattern: boolean[], lead: Reading[] = []) => {
    if (lead.length) scoring.observe(lead);
    pattern.forEach((off, i) => {
      const ts = (i + 1) * 1000;
      const batch: Reading[] = [
        { deviceId: 'pump', signal: 'flow', ts, value: 50, quality: 'good' },
        { deviceId: 'pump', signal: 'pressure', ts, value: 35 + (off ? 8 : 0), quality: 'good' },
      ];
      scoring.observe(batch);
    });
    await scoring.idle();
  };
  return { alarms, feed, scoring };
}

const PATTERN = [false, true, false, true, false, true, true, false, false, false];

describe('sustained model alarms', () => {
  it('raises on k of the last n vectors over the threshold, and holds while k of n stay over', async () => {
    const { alarms, feed, scoring } = await setup(2, 3);
    try {
      await feed(PATTERN);
      // over at 2, 4, 6, 7: k=2 of n=3 holds at 4 (2,4), 6 (4,6), 7 (6,7) and 8 (6,7)
      expect(alarms.active).toEqual([4000, 6000, 7000, 8000]);
    } finally {
      await scoring.stop();
    }
  });

  it('by default needs k consecutive vectors: scattered outliers raise nothing', async () => {
    const { alarms, feed, scoring } = await setup(2);
    try {
      await feed(PATTERN);
      expect(alarms.active).toEqual([7000]);
    } finally {
      await scoring.stop();
    }
  });

  it('scores every vector observed, also those that arrived while a run was finishing', async () => {
    const { feed, scoring } = await setup(1);
    try {
      // A first batch that makes no vector yet (one signal only), then the rest in the same tick.
      const lead: Reading[] = [{ deviceId: 'pump', signal: 'flow', ts: 500, value: 50, quality: 'good' }];
      await feed(
        Array.from({ length: 500 }, () => false),
        lead,
      );
      expect(scoring.scored).toBe(500);
    } finally {
      await scoring.stop();
    }
  });

  it('starts a window afresh after a stale moment, as training does', async () => {
    const train = rows(1000, 1);
    const model = fitDpca(train, 1000, SIGNALS, { lags: 2 });
    const record = {
      id: 'pump@v2',
      deviceId: 'pump',
      version: 2,
      status: 'shadow',
      signals: SIGNALS,
      threshold: 1,
      file: dpcaToOnnx(model, { name: 'pump', version: '2', producerVersion: 'test' }),
      io: { input: DPCA_INPUT, output: DPCA_OUTPUTS.score, window: 3, normalization: null, rank: 2 },
    } as unknown as ModelRecord;
    const scoring = new ModelScoring({
      scores: { append: () => {} } as unknown as ModelScores,
      log: () => {},
      maxAgeMs: 1500,
      persistence: 1,
    });
    await scoring.load([record]);
    const both = (ts: number): Reading[] => [
      { deviceId: 'pump', signal: 'flow', ts, value: 50, quality: 'good' },
      { deviceId: 'pump', signal: 'pressure', ts, value: 35, quality: 'good' },
    ];
    try {
      for (const ts of [1000, 2000, 3000, 4000]) scoring.observe(both(ts)); // windows end at 3 and 4
      // pressure silent at 5 and 6: at 5 its held value still counts (a window ends at 5), at 6 it is stale
      scoring.observe([{ deviceId: 'pump', signal: 'flow', ts: 5000, value: 50, quality: 'good' }]);
      scoring.observe([{ deviceId: 'pump', signal: 'flow', ts: 6000, value: 50, quality: 'good' }]);
      for (const ts of [7000, 8000, 9000]) scoring.observe(both(ts)); // a fresh window ends at 9
      await scoring.idle();
      // windows ending at 3, 4, 5 and 9; none spanning the stale moment (7 and 8 would)
      expect(scoring.scored).toBe(4);
    } finally {
      await scoring.stop();
    }
  });
});
