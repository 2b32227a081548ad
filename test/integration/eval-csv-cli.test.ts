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
    const r = await runCli(['eval', 'csv', '--file', file, '--out', out, '--label-column', 'label']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('was refused, so the rows were scored by the statistics alone');
    expect(r.stdout).toMatch(/model refused: a and b moved together \(r = 0\.\d\d\)/);
    expect(r.stdout).toContain('train on a longer span');
    expect(r.stdout).toMatch(/false-alarm rate +\d/);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(10_001);

    const json = await runCli(['eval', 'csv', '--file', file, '--out', out, '--label-column', 'label', '--json']);
    expect(json.code).toBe(3);
    expect((JSON.parse(json.stdout) as { refused: string }).refused).toMatch(/^model refused: /);
  }, 60_000);

  it('uses the model when the rows cover many of the cycles: exit 0, no refusal', async () => {
    const file = join(tmp.path, 'fast.csv');
    writeFileSync(file, csv(6000, [30, 37]));
    const out = join(tmp.path, 'fast-scores.csv');
    const r = await runCli(['eval', 'csv', '--file', file, '--out', out, '--label-column', 'label', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { refused: string | null; lags: number }).refused).toBeNull();
  }, 60_000);
});
