#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs test/bench/<name>.bench.ts, which prints one JSON
// document to stdout. Benchmarks measure figures; they are not pass/fail tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'test', 'bench');
const available = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => f.replace(/\.bench\.ts$/, ''))
  : [];
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(
    `${name ? `no benchmark named "${name}". ` : ''}usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none yet)'}`,
  );
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.bench.ts`), ...rest], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
