import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StatsBank } from '../../detect/stats';
import { loadNabCorpus } from './corpus';
import { evaluateNab } from './run-nab';
import { probationaryLength } from './scorer';

const NAB = fileURLToPath(new URL('../../../../../../shared/data/nab', import.meta.url));

/** Rows at which the engine's detector raises an anomaly, streaming the file as the engine would. */
function raises(name: string): {
  rows: number[];
  windows: Array<[number, number]>;
  timestamps: Float64Array;
  probation: number;
} {
  const corpus = loadNabCorpus(NAB, [name]);
  const s = corpus.series[0]!;
  const bank = new StatsBank();
  const slot = bank.slot(name);
  const rows: number[] = [];
  for (let i = 0; i < s.values.length; i++) {
    bank.update(slot, s.timestamps[i]!, s.values[i]!);
    if (bank.isAnomaly(slot)) rows.push(i);
  }
  return {
    rows,
    windows: corpus.windows.get(name)!,
    timestamps: s.timestamps,
    probation: probationaryLength(s.values.length),
  };
}

describe('the engine detector on NAB files', () => {
  it('raises once, inside the labelled window, when a daily pattern jumps up (art_daily_jumpsup)', () => {
    const { rows, windows, timestamps, probation } = raises('artificialWithAnomaly/art_daily_jumpsup.csv');
    const scored = rows.filter((i) => i >= probation);
    expect(scored).toHaveLength(1);
    const [start, end] = windows[0]!;
    expect(timestamps[scored[0]!]).toBeGreaterThanOrEqual(start);
    expect(timestamps[scored[0]!]).toBeLessThanOrEqual(end);
  });

  it('explains the raise: the daily profile, the deviation from it and the score', () => {
    const corpus = loadNabCorpus(NAB, ['artificialWithAnomaly/art_daily_flatmiddle.csv']);
    const s = corpus.series[0]!;
    const bank = new StatsBank();
    let explained = null;
    for (let i = 0; i < s.values.length && !explained; i++) {
      bank.update(0, s.timestamps[i]!, s.values[i]!);
      if (i >= probationaryLength(s.values.length) && bank.isAnomaly(0)) explained = bank.explain(0);
    }
    expect(explained).toMatchObject({ reason: 'season', seasonal: 'daily', warm: true });
    expect(explained!.score).toBeGreaterThanOrEqual(bank.options.threshold);
    // Flat where the day usually swings: far below what this time of day brings.
    expect(Math.abs(explained!.deviation)).toBeGreaterThan(10 * explained!.scale);
  });

  it.each([
    'artificialNoAnomaly/art_daily_no_noise.csv',
    'artificialNoAnomaly/art_daily_perfect_square_wave.csv',
    'artificialNoAnomaly/art_daily_small_noise.csv',
    'artificialNoAnomaly/art_flatline.csv',
    'artificialNoAnomaly/art_noisy.csv',
  ])('stays quiet on %s once past the probationary period', (name) => {
    const { rows, probation } = raises(name);
    expect(rows.filter((i) => i >= probation)).toEqual([]);
  });

  it('scores a handful of files end to end: the labelled windows found, nothing else', () => {
    const corpus = loadNabCorpus(NAB, [
      'artificialWithAnomaly/art_daily_jumpsup.csv',
      'artificialWithAnomaly/art_daily_jumpsdown.csv',
      'artificialNoAnomaly/art_daily_small_noise.csv',
    ]);
    const standard = evaluateNab(corpus).profiles.find((p) => p.profile === 'standard')!;
    expect(standard.files.map((f) => [f.tp, f.fn, f.fp])).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(standard.score).toBeGreaterThan(70);
  });
});
