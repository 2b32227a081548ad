#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs test/bench/<name>.bench.ts, which prints one JSON
// document to stdout. Benchmarks measure figures; they are not pass/fail tests.
//
// The benchmarks and the scripts they spawn are bundled first with esbuild, as the product
// is, and run by plain node: run through tsx instead, every closure pays for esbuild's
// keepNames wrapper (measured at ~10% of the engine's CPU under ingest), which the built
// product does not. Packages stay external and load from node_modules.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
// One folder per checkout: worktrees that share node_modules (a symlink) must not overwrite
// each other's bundles while their benches run.
const checkout = createHash('sha1').update(root).digest('hex').slice(0, 8);
const outdir = join(root, 'node_modules', '.cache', 'watchfloor-bench', checkout);
const entryPoints = [
  join(dir, `${name}.bench.ts`),
  ...(existsSync(join(dir, 'support'))
    ? readdirSync(join(dir, 'support'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, 'support', f))
    : []),
];
const { build } = await import('esbuild');
await build({
  entryPoints,
  outdir,
  outbase: dir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--enable-source-maps', join(outdir, `${name}.bench.cjs`), ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WATCHFLOOR_BENCH_BUNDLE: outdir },
});
process.exit(result.status ?? 1);
