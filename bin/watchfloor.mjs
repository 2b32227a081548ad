#!/usr/bin/env node
// The `watchfloor` command (package.json "bin"): runs the headless CLI — `watchfloor serve`,
// `watchfloor help` — in this process, building out/ first when it has never been built.
import { createRequire } from 'node:module';
import { cliPath, ensureBuilt } from '../scripts/lib-build.mjs';

try {
  await ensureBuilt({ onlyIfMissing: true });
} catch (err) {
  process.stderr.write(`watchfloor: ${err.message}\n`);
  process.exit(1);
}
// cli.js reads process.argv.slice(2) — exactly our own arguments — and owns signals and exit.
createRequire(import.meta.url)(cliPath);
