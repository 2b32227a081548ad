import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../../test/support/temp-dir';
import { loadNabCorpus, loadNabResults } from './corpus';
import { NAB_DETECTOR, writeNabResults } from './nab-results';
import { evaluateNab } from './run-nab';

const NAB = fileURLToPath(new URL('../../../../../../shared/data/nab', import.meta.url));
const NAME = 'realKnownCause/machine_temperature_system_failure.csv';

describe('eval nab --out', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());

  it("writes each file's per-row scores where NAB's results reader finds them, row for row", () => {
    const corpus = loadNabCorpus(NAB, [NAME]);
    const result = evaluateNab(corpus);
    const dir = join(tmp.path, 'results', NAB_DETECTOR);
    expect(writeNabResults(dir, corpus, result.scored)).toBe(1);

    const back = loadNabResults(tmp.path, NAB_DETECTOR, NAME);
    const series = corpus.series[0]!;
    expect(back.timestamps).toEqual(series.timestamps);
    const scores = result.scored[0]!.scores;
    expect(back.scores.length).toBe(scores.length);
    for (let i = 0; i < scores.length; i += 97) expect(back.scores[i]).toBeCloseTo(scores[i]!, 5);

    const lines = readFileSync(
      join(dir, 'realKnownCause', `${NAB_DETECTOR}_machine_temperature_system_failure.csv`),
      'utf8',
    )
      .trim()
      .split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,label');
    expect(lines[1]).toMatch(/^2013-12-02 21:15:00,73\.967\d*,\d\.\d{6},0$/);
    // The four labelled windows of this file mark their rows.
    expect(lines.filter((l) => l.endsWith(',1')).length).toBeGreaterThan(100);
  });
});
