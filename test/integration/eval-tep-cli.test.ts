// `watchfloor eval tep` as a user runs it: the built CLI on the Tennessee Eastman data in
// ../shared/data/tep. The figures are the targets (mean FDR over the 18 detectable
// faults ≥ 0.88 with both false-alarm rates ≤ 5 %, median delay of the step faults < 10 samples),
// reached with the engine's default rule and sustained-alarm setting. Needs `npm run build` first.
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process';
import { makeTempDir } from '../support/temp-dir';

const DATA = resolve('..', 'shared', 'data', 'tep');

describe('watchfloor eval tep', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());

  it('meets the targets with one model and one threshold fitted on normal data only', async () => {
    const r = await runCli(['eval', 'tep', '--data', DATA, '--json'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as {
      meanFdr: number;
      farNormalTest: number;
      farFaultFiles: number;
      stepMedianDelay: number;
      excluded: number[];
      persistence: { k: number; n: number };
      model: {
        lags: number;
        trainRows: number;
        trainSpanMs: number;
        refused: string | null;
        history: { forwardAlarmRate: number };
      };
      faults: { fault: number; fdr: number; delay: number | null; top: string[] }[];
    };
    expect(result.model.trainRows).toBe(500);
    // 500 samples 3 minutes apart: 24 h 57 min, over the default minimum training span of a day.
    expect(result.model.trainSpanMs).toBe(499 * 180_000);
    // The trainer's history checks accept the normal training file: the model is one the
    // product would use (the forward check's held-out block within its allowance, no coincidence).
    expect(result.model.refused).toBeNull();
    expect(result.model.history.forwardAlarmRate).toBeLessThanOrEqual(0.03);
    expect(result.excluded).toEqual([3, 9, 15]);
    expect(result.faults).toHaveLength(21);
    expect(result.meanFdr).toBeGreaterThanOrEqual(0.88);
    expect(result.farNormalTest).toBeLessThanOrEqual(0.05);
    expect(result.farFaultFiles).toBeLessThanOrEqual(0.05);
    expect(result.stepMedianDelay).toBeLessThan(10);
    // Fault 4 (reactor cooling water inlet temperature) is explained by the reactor's cooling:
    // its cooling water flow (XMV 10) or the reactor temperature (XMEAS 9).
    const four = result.faults.find((f) => f.fault === 4)!;
    expect(four.top.some((s) => s === 'xmv10' || s === 'xmeas9')).toBe(true);
  }, 150_000);

  it('prints a table a person can read, and honours --sustain', async () => {
    const r = await runCli(['eval', 'tep', '--data', DATA, '--sustain', '1/1'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('alarm when 1 of the last 1 vectors are over it');
    expect(r.stdout).toContain('fitted on d00.dat (500 rows 3 min apart, 24 h 57 min)');
    expect(r.stdout).toMatch(/training history: the last \d+ windows alarm on \d+\.\d % .* — accepted/);
    expect(r.stdout).toMatch(/mean FDR over the 18 detectable faults .*: 0\.9\d\d/);
    expect(r.stdout.split('\n').filter((l) => /^\s+\d+\*?\s+\d\.\d{3}/.test(l))).toHaveLength(21);
  }, 150_000);

  it('refuses a folder without the test files and a bad --sustain, saying why', async () => {
    copyFileSync(join(DATA, 'd00.dat'), join(tmp.path, 'd00.dat'));
    const missing = await runCli(['eval', 'tep', '--data', tmp.path]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('d01_te.dat is missing');
    const bad = await runCli(['eval', 'tep', '--data', DATA, '--sustain', '3/2']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--sustain must be K/N');
  });
});
