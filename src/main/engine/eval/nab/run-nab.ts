// The NAB evaluation: every file streamed, in file order, through the detector the engine
// runs (one StatsBank, one slot per file, one configuration for all), then scored per profile.
import { StatsBank } from '../../detect/stats/stats-bank';
import type { StatsOptions } from '../../detect/stats/stats-options';
import type { NabCorpus } from './corpus';
import { scoreProfile, type ProfileResult, type ScoredFile } from './scorer';

export interface NabEvaluation {
  files: number;
  rows: number;
  windows: number;
  /** Detection time alone (no file reading or scoring), ms. */
  detectMs: number;
  profiles: ProfileResult[];
  /** Every file's per-row scores (for `eval nab --out`). */
  scored: ScoredFile[];
}

/** Anomaly scores of every file, as the engine would compute them live. */
export function detectCorpus(
  corpus: NabCorpus,
  options: Partial<StatsOptions> = {},
): { files: ScoredFile[]; detectMs: number } {
  const bank = new StatsBank({ ...options, capacity: Math.max(1, corpus.series.length) });
  const files: ScoredFile[] = [];
  const started = performance.now();
  for (const s of corpus.series) {
    const slot = bank.slot(s.name);
    const scores = new Float64Array(s.values.length);
    for (let i = 0; i < scores.length; i++) scores[i] = bank.update(slot, s.timestamps[i]!, s.values[i]!);
    files.push({ name: s.name, timestamps: s.timestamps, scores, windows: corpus.windows.get(s.name) ?? [] });
  }
  return { files, detectMs: performance.now() - started };
}

export function evaluateNab(corpus: NabCorpus, options: Partial<StatsOptions> = {}): NabEvaluation {
  const { files, detectMs } = detectCorpus(corpus, options);
  const profiles = Object.entries(corpus.profiles).map(([name, cost]) => scoreProfile(name, files, cost));
  return {
    files: files.length,
    rows: files.reduce((s, f) => s + f.scores.length, 0),
    windows: files.reduce((s, f) => s + f.windows.length, 0),
    detectMs,
    profiles,
    scored: files,
  };
}
