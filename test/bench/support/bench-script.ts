// How a benchmark starts a helper script (a publisher, a producer) in its own process: the
// bundled .cjs when run by `npm run bench` (scripts/bench.mjs bundles every script and says
// where in WATCHFLOOR_BENCH_BUNDLE), else the .ts source through tsx.
import { join } from 'node:path';

/** Node arguments that run `test/bench/<name>.ts`, e.g. scriptArgs('support/mqtt-publisher'). */
export function scriptArgs(name: string): string[] {
  const bundle = process.env.WATCHFLOOR_BENCH_BUNDLE;
  return bundle ? [join(bundle, `${name}.cjs`)] : ['--import', 'tsx', join(__dirname, '..', `${name}.ts`)];
}
