// `watchfloor import FILE` as an operator runs it (the built CLI, the data opened in
// process): --preview prints what the rows become and stores nothing, flags fix the mapping,
// the summary on stdout is JSON a script can read, and a second run counts duplicates.
// Needs `npm run build` first (npm test does it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process';
import { makeTempDir } from '../support/temp-dir';

const T0 = Math.floor((Date.now() - 86_400_000) / 60_000) * 60_000;

describe('watchfloor import FILE', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  const data = () => ['--data', join(tmp.path, 'data'), '--port', '0'];

  beforeAll(() => {
    tmp = makeTempDir();
    file = join(tmp.path, 'line-3.csv');
    const rows = ['time;speed;torque;note'];
    for (let i = 0; i < 10; i++) rows.push(`${new Date(T0 + i * 1000).toISOString()};${i},5;${i * 2};ok`);
    rows.push(`${new Date(T0 + 10_000).toISOString()};fast;1;ok`);
    writeFileSync(file, `${rows.join('\n')}\n`);
  });
  afterAll(() => tmp?.remove());

  it('previews the first rows without storing anything', async () => {
    const r = await runCli([
      'import',
      file,
      '--preview',
      '--wide',
      '--device',
      'press-3',
      '--exclude',
      'note',
      ...data(),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('separator ";"');
    expect(r.stdout).toContain('→ press-3/speed = 0.5');
    expect(r.stdout).toContain('✗ "speed": value "fast" is not a number');
  });

  it('imports with the mapping from flags, prints a JSON summary, and skips duplicates the second time', async () => {
    const args = ['import', file, '--wide', '--device', 'press-3', '--timestamp-column', 'time', '--exclude', 'note'];
    // press-3 is not registered: the import refuses until the operator says to create it.
    const refused = await runCli([...args, ...data()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no device "press-3" is registered');
    expect(refused.stderr).toContain('--create-device');
    const first = await runCli([...args, '--create-device', ...data()]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      file,
      rows: 11,
      stored: 21,
      duplicates: 0,
      rejected: 1,
      refusedDevices: [],
    });
    const second = await runCli([...args, ...data()]);
    expect(JSON.parse(second.stdout)).toMatchObject({ rows: 11, stored: 0, duplicates: 21, rejected: 1 });
  });

  it('says what is wrong with a mapping, and with a command line', async () => {
    const noValue = await runCli(['import', file, '--device-column', 'machine', ...data()]);
    expect(noValue.code).toBe(1);
    expect(noValue.stderr).toContain('cannot import line-3.csv: the file has no column "machine" (see --preview)');
    const badFormat = await runCli(['import', file, '--format', 'xlsx', ...data()]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of csv, parquet');
  });
});
