import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNabCorpus, loadNabResults, parseTwoColumnCsv } from './corpus';
import {
  probationaryLength,
  rowWeights,
  scaledSigmoid,
  scoreFile,
  scoreProfile,
  sweepThreshold,
  type ScoredFile,
} from './scorer';

// CI has /work/shared beside the clone: ../shared relative to the repository.
const NAB = fileURLToPath(new URL('../../../../../../shared/data/nab', import.meta.url));
const STANDARD = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

describe('NAB scorer', () => {
  it('weights rows like NAB: sigmoid inside a window, −fp before any, a cheap fp just after', () => {
    const ts = Array.from({ length: 100 }, (_, i) => i * 1000);
    const w = rowWeights(ts, [[50_000, 59_000]], STANDARD);
    expect(probationaryLength(100)).toBe(15);
    expect(w.window[14]).toBe(-2); // probationary
    expect(w.weight[20]).toBeCloseTo(-0.11, 10); // before any window
    expect(w.weight[50]).toBeCloseTo(1, 10); // first row of the window: σ(−1)/σ(−1)
    expect(w.weight[59]).toBeCloseTo(scaledSigmoid(-0.1) / scaledSigmoid(-1), 10); // last row
    expect(w.weight[60]).toBeCloseTo(0.11 * scaledSigmoid(1 / 9), 10); // just after
    expect(w.weight[99]).toBeCloseTo(-0.11, 10); // far after
    expect(scaledSigmoid(3)).toBe(-1);
    expect(probationaryLength(22_695)).toBe(750);
  });

  it('counts one detection per window and the best of them; the sweep takes ties together', () => {
    const ts = Array.from({ length: 100 }, (_, i) => i * 1000);
    const scores = new Float64Array(100);
    scores[55] = 0.9; // in the window, late-ish
    scores[52] = 0.9; // in the window, earlier: this one counts
    scores[80] = 0.9; // a false positive after the window, tied with the detections
    scores[30] = 0.5; // a false positive before the window, lower
    const file: ScoredFile = { name: 'f', timestamps: ts, scores, windows: [[50_000, 59_000]] };
    const r = scoreFile(file, STANDARD, 0.9);
    const w = rowWeights(ts, file.windows, STANDARD);
    expect(r.tp).toBe(1);
    expect(r.fp).toBe(1);
    expect(r.score).toBeCloseTo(w.weight[52]! + w.weight[80]!, 10);
    // At 0.9 the three tied rows detect together; 0.5 only adds a cost; 1.1 detects nothing (−1).
    const best = sweepThreshold([file], STANDARD);
    expect(best.threshold).toBe(0.9);
    expect(best.raw).toBeCloseTo(r.score, 10);
  });

  it('reads CRLF files and keeps repeated and out-of-order rows in file order', () => {
    const csv = 'timestamp,value\r\n2014-01-01 00:05:00,2\r\n2014-01-01 00:00:00,1\r\n2014-01-01 00:00:00,3\r\n';
    const { timestamps, values } = parseTwoColumnCsv(csv, 'x.csv');
    expect(Array.from(values)).toEqual([2, 1, 3]);
    expect(timestamps[0]! - timestamps[1]!).toBe(300_000);
    expect(timestamps[1]).toBe(timestamps[2]);
    expect(() => parseTwoColumnCsv('timestamp,value\nyesterday,1\n', 'bad.csv')).toThrow(/bad.csv: line 2/);
  });

  it('reproduces the published numenta (HTM) results from results/numenta', () => {
    const corpus = loadNabCorpus(NAB);
    expect(corpus.series).toHaveLength(58);
    const files = corpus.series.map((s) => {
      const r = loadNabResults(NAB, 'numenta', s.name);
      return { name: s.name, timestamps: r.timestamps, scores: r.scores, windows: corpus.windows.get(s.name)! };
    });
    const score = (p: string): number => scoreProfile(p, files, corpus.profiles[p]!).score;
    // Published (results/final_results.json): 70.101, 74.320, 63.117.
    expect(Math.abs(score('standard') - 70.1)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(score('reward_low_FN_rate') - 74.3)).toBeLessThanOrEqual(0.1);
    // The exhaustive sweep finds a slightly better low-FP threshold than NAB's optimizer did.
    expect(Math.abs(score('reward_low_FP_rate') - 63.117)).toBeLessThanOrEqual(0.1);
    // At NAB's own low-FP threshold (config/thresholds.json) the published raw score exactly.
    const atNab = files.reduce(
      (s, f) => s + scoreFile(f, corpus.profiles.reward_low_FP_rate!, 0.5751955032348636).score,
      0,
    );
    expect(atNab).toBeCloseTo(30.431072517124093, 6);
  });
});
