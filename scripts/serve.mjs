#!/usr/bin/env node
// `npm run serve -- [--port N] [--host H] [--data DIR] [--config FILE] [--no-simulator]`:
// builds if out/ is stale, then runs the headless control room (`watchfloor serve`).
import { cliPath, ensureBuilt, exitCodeOf, run } from './lib-build.mjs';

try {
  await ensureBuilt();
  process.exitCode = exitCodeOf(await run(process.execPath, [cliPath, 'serve', ...process.argv.slice(2)]));
} catch (err) {
  process.stderr.write(`watchfloor: ${err.message}\n`);
  process.exitCode = 1;
}
