#!/usr/bin/env node
// `npm test`: makes sure the system packages the selected suites run against are there
// (scripts/system-peers.mjs installs them as root, or stops with the command to run), builds
// the app (the end-to-end suite drives the built renderer through `watchfloor serve`), runs
// every vitest project, and ends with one line `N passed, N failed, N skipped` counted over
// all suites. Extra arguments go to vitest; `--project unit` needs no system package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePeers, selectedProjects } from './system-peers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const run = (cmd, cmdArgs) => spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;

if (!ensurePeers({ projects: selectedProjects(args) })) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (!args.includes('--no-build')) {
  if (run(bin('electron-vite'), ['build']) !== 0) {
    console.error('build failed; not running tests');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const vitestArgs = args.filter((a) => a !== '--no-build');

mkdirSync(join(root, 'test-results'), { recursive: true });
const report = join(root, 'test-results', 'vitest.json');
const status = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...vitestArgs,
]);

let passed = 0;
let failed = 1; // until a report says otherwise
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = r.numFailedTests ?? 0;
  // A file that failed to load has no failed test of its own: count it once.
  for (const file of r.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) failed++;
  }
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (status !== 0 && failed === 0) failed = 1; // vitest failed outside any test (config, import, unhandled error)
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
