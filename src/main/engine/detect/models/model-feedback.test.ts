import { describe, expect, it } from 'vitest';
import type { DetectedAnomaly } from '../../../../shared/contract/detection';
import type { Reading } from '../../../../shared/domain';
import { createRandom } from '../../simulator/random';
import type { AlarmCondition, AlarmSink } from '../condition';
import type { LookAlikeJudge } from '../feedback/feedback-suppressor';
import type { ModelRecord } from './model-registry';
import type { ModelScores } from './model-scores';
import { ModelScoring } from './model-scoring';
import { fitPca, pcaStatistics } from './pca-model';
import { PCA_OUTPUTS, pcaToOnnx } from './pca-onnx';

const SIGNALS = ['flow', 'pressure', 'temperature'];

function rows(n: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const flow = 50 + 20 * Math.sin(i / 40) + g();
    out[i * 3] = flow;
    out[i * 3 + 1] = 10 + 0.5 * flow + 0.4 * g();
    out[i * 3 + 2] = 60 - 0.3 * flow + 0.3 * g();
  }
  return out;
}

class Sink implements AlarmSink {
  calls: { active: boolean; ts: number }[] = [];
  apply(_d: string, _s: string, cond: AlarmCondition, _v: number, ts: number): void {
    this.calls.push({ active: cond.active, ts });
  }
  isConditionActive(): boolean {
    return false;
  }
}

async function setup(judge: LookAlikeJudge) {
  const train = rows(2000, 1);
  const pca = fitPca(train, 2000, SIGNALS);
  const scores = pcaStatistics(pca, train, 2000).score;
  const threshold = Math.max(...scores) * 1.5;
  const model = {
    id: 'pump-pca',
    deviceId: 'pump',
    version: 1,
    status: 'active',
    signals: SIGNALS,
    threshold,
    file: pcaToOnnx(pca, { name: 'pump', version: '1', producerVersion: 'test' }),
    io: {
      input: 'x',
      output: PCA_OUTPUTS.score,
      contributions: PCA_OUTPUTS.contributions,
      window: 1,
      normalization: null,
      rank: 2,
    },
  } as unknown as ModelRecord;
  const alarms = new Sink();
  const reported: DetectedAnomaly[] = [];
  const scoring = new ModelScoring({
    scores: { append: () => {} } as unknown as ModelScores,
    log: () => {},
    maxAgeMs: 60_000,
    persistence: 1,
    alarms,
    report: (a) => reported.push(a),
    feedback: judge,
  });
  await scoring.load([model]);
  let ts = 1_000_000;
  const normal = rows(400, 9);
  let i = 0;
  /** `n` healthy vectors, or with temperature pushed off its relation to flow. */
  const feed = async (n: number, off = 0) => {
    const batch: Reading[] = [];
    for (let k = 0; k < n; k++, i++) {
      ts += 1000;
      SIGNALS.forEach((signal, j) => {
        const value = normal[(i % 400) * 3 + j]! + (signal === 'temperature' ? off : 0);
        batch.push({ deviceId: 'pump', signal, ts, value, quality: 'good' });
      });
    }
    scoring.observe(batch);
    await scoring.idle();
  };
  return { alarms, reported, feed, scoring };
}

describe('model anomalies and feedback', () => {
  it('keeps a look-alike excursion away from the alarm service from its rise to its fall, and stores it suppressed', async () => {
    const asked: DetectedAnomaly[] = [];
    let answer: string | null = 'label-9';
    const { alarms, reported, feed, scoring } = await setup({
      suppressing: (a) => {
        asked.push(a);
        return answer;
      },
    });
    try {
      await feed(20);
      await feed(5, 25);
      await feed(20);
      expect(asked).toHaveLength(1);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({ kind: 'model', signal: '*', suppressedBy: 'label-9' });
      expect(alarms.calls).toEqual([]);

      // Not a look-alike: raised, held and cleared as before.
      answer = null;
      await feed(5, 25);
      await feed(5);
      expect(reported[1]!.suppressedBy).toBeUndefined();
      expect(alarms.calls.filter((c) => c.active)).toHaveLength(5);
      expect(alarms.calls.at(-1)!.active).toBe(false);
    } finally {
      await scoring.stop();
    }
  });
});
