// `watchfloor eval csv` as a user runs it (the built CLI, `npm run build` first) on a CSV whose
// training rows do not cover normal running: two unrelated slow cycles look correlated over
// them. The model is refused with the reason, the rows are scored by the statistics alone, the
// scores file is still written and the exit code is 3 (issue 19).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/main/engine/simulator/random';
import { runCli } from '../support/cli-process';
import { makeTempDir } from '../support/temp-dir';

function csv(rows: number, periods: [number, number]): string {
  const rnd = createRandom(4);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const lines = ['timestamp,a,b,c,label'];
  for (let i = 0; i < rows; i++) {
    const a = 10 * Math.sin((2 * Math.PI * i) / periods[0]) + gauss();
    const b = 10 * Math.sin((2 * Math.PI * i) / periods[1]) + gauss();
    lines.push(`${Date.UTC(2026, 0, 1) + i * 1000},${a.toFixed(3)},${b.toFixed(3)},${gauss().toFixed(3)},0`);
  }
  return lines.join('\n');
}

describe('watchfloor eval csv: the trainer refuses a history that does not cover normal running', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());

  it('prints the reason, scores with the statistics alone and exits 3', async () => {
    const file = join(tmp.path, 'cycles.csv');
    writeFileSync(file, csv(10_000, [1200, 1260]));
    const out = join(tmp.path, 'scores.csv');
    // 50 minutes of training rows: --min-span 0 so that the coincidence check, not the minimum span, refuses.
    const base = ['eval', 'csv', '--file', file, '--out', out, '--label-column', 'label', '--min-span', '0'];
    const r = await runCli(base);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('was refused, so the rows were scored by the statistics alone');
    expect(r.stdout).toMatch(/model refused: a and b moved together \(r = 0\.\d\d\)/);
    expect(r.stdout).toContain('train on a longer span');
    expect(r.stdout).toMatch(/false-alarm rate +\d/);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(10_001);

    const json = await runCli([...base, '--json']);
    expect(json.code).toBe(3);
    expect((JSON.parse(json.stdout) as { refused: string }).refused).toMatch(/^model refused: /);
  }, 60_000);

  it('uses the model when the rows cover many of the cycles: exit 0, no refusal', async () => {
    const file = join(tmp.path, 'fast.csv');
    writeFileSync(file, csv(6000, [30, 37]));
    const out = join(tmp.path, 'fast-scores.csv');
    // 30 minutes of training rows, held to a minimum of 20 min: the point is the cycles it covers.
    const base = ['eval', 'csv', '--file', file, '--out', out, '--label-column', 'label'];
    const r = await runCli([...base, '--min-span', '20min', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { refused: string | null; lags: number }).refused).toBeNull();

    // The same rows at the default minimum (a day): refused for their span, exit 3.
    const day = await runCli(base);
    expect(day.code, day.stderr).toBe(3);
    expect(day.stdout).toContain(
      'model refused: the history spans 29 min; a model needs at least 24 h of normal running ' +
        '(models.minTrainingSpan) — train on a longer span',
    );
    const bad = await runCli([...base, '--min-span', 'a day']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--min-span must be a duration such as 24h');
  }, 60_000);

  it('says a CSV without times was not held to the minimum span', async () => {
    const file = join(tmp.path, 'untimed.csv');
    const rows = csv(6000, [30, 37]).split('\n');
    writeFileSync(
      file,
      rows.map((l, i) => (i === 0 ? l.replace('timestamp', 'row') : l.replace(/^\d+/, `r${i}`))).join('\n'),
    );
    const r = await runCli([
      'eval',
      'csv',
      '--file',
      file,
      '--out',
      join(tmp.path, 'u.csv'),
      '--label-column',
      'label',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'the CSV has no times (column "row" is not epoch seconds, ms or dates; --time-column names another): ' +
        'the minimum training span (--min-span 24 h) was not checked',
    );
  }, 60_000);
});
