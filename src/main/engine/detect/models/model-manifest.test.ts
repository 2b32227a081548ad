import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../../test/support/temp-dir';
import { checkManifest } from './model-manifest';
import { OnnxSession } from './onnx-session';

const EXAMPLE = join(__dirname, '../../../../../models');
const base = JSON.parse(readFileSync(join(EXAMPLE, 'example-pump.json'), 'utf8')) as Record<string, unknown>;

describe('supplied model manifests', () => {
  const dir = makeTempDir();
  copyFileSync(join(EXAMPLE, 'example-pump.onnx'), join(dir.path, 'example-pump.onnx'));
  writeFileSync(join(dir.path, 'garbage.onnx'), 'not a model');
  afterAll(() => dir.remove());

  const write = (name: string, m: unknown) => {
    const file = join(dir.path, name);
    writeFileSync(file, typeof m === 'string' ? m : JSON.stringify(m));
    return file;
  };

  it('accepts the bundled example, and its model separates a broken correlation', async () => {
    const checked = await checkManifest(join(EXAMPLE, 'example-pump.json'));
    expect(checked.io).toMatchObject({ input: 'x', output: 'score', window: 1, rank: 2 });
    expect(checked.io.normalization!.mean).toHaveLength(3);
    const s = await OnnxSession.load(checked.file, { input: 'x', output: 'score' });
    const { mean, std } = checked.io.normalization!;
    const z = (v: number[]) => v.map((x, j) => (x - mean[j]!) / std[j]!);
    // Normal: pressure and temperature follow flow. Broken: pressure high while flow is low.
    const rows = Float32Array.from([...z([70, 45, 39]), ...z([30, 45, 51])]);
    const { score } = await s.run(rows, [2, 3]);
    expect(score[0]).toBeLessThan(1);
    expect(score[1]).toBeGreaterThan(1);
    await s.release();
  });

  const cases: [string, unknown, RegExp][] = [
    ['broken JSON', '{"name": ', /not readable JSON/],
    ['no output', { ...base, output: undefined }, /invalid manifest: output/],
    [
      'normalization length',
      { ...base, normalization: { mean: [1], std: [1, 1, 1] } },
      /normalization.mean: has 1 values for 3 inputs/,
    ],
    ['missing file', { ...base, model: 'nope.onnx' }, /model file nope.onnx not found/],
    ['not a model', { ...base, model: 'garbage.onnx' }, /onnxruntime cannot load garbage.onnx/],
    ['unknown output', { ...base, output: 'anomaly' }, /no output "anomaly" \(it has score, t2, q, contributions\)/],
    ['unknown input', { ...base, input: 'features' }, /no input "features" \(it has x\)/],
    [
      'wrong width',
      { ...base, inputs: ['flow', 'pressure'], normalization: 'none' },
      /shape \[batch, 3\]; for 2 signals and window 1 it must be \[batch, 2\]/,
    ],
    [
      'per-signal output',
      { ...base, output: 'contributions' },
      /"contributions" has shape \[batch, 3\]; it must be \[batch\] or \[batch, 1\]/,
    ],
    ['duplicate input', { ...base, inputs: ['flow', 'flow', 'pressure'] }, /listed twice/],
  ];
  it.each(cases)('refuses %s with the reason', async (_what, manifest, reason) => {
    await expect(checkManifest(write('m.json', manifest))).rejects.toThrow(reason);
  });
});
