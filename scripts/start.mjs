#!/usr/bin/env node
// `npm start [-- --data DIR --config FILE --no-simulator]`: builds if out/ is stale, then
// opens the desktop app in Electron. Where Electron cannot run — the binary is not
// installed and cannot be downloaded, or there is no display — it says so in one line and
// serves the same control room to the browser instead (`watchfloor serve`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cliPath, ensureBuilt, exitCodeOf, root, run } from './lib-build.mjs';

const args = process.argv.slice(2);
const FALLBACK = 'serving the control room in the browser instead.';
const DOWNLOAD_TIMEOUT_MS = 60_000;

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws if it was never downloaded.
    const path = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** One quiet attempt to fetch the binary; says something only if it takes a while. */
function downloadElectron() {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return Promise.resolve();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], {
      cwd: join(root, 'node_modules', 'electron'),
      stdio: 'ignore',
      timeout: DOWNLOAD_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    const notice = setTimeout(() => {
      process.stderr.write(`[watchfloor] downloading the Electron runtime (up to ${DOWNLOAD_TIMEOUT_MS / 1000} s)…\n`);
    }, 3_000);
    const done = () => {
      clearTimeout(notice);
      resolve();
    };
    child.once('error', done);
    child.once('exit', done);
  });
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

async function serveInstead(reason) {
  process.stderr.write(`${reason}; ${FALLBACK}\n`);
  return exitCodeOf(await run(process.execPath, [cliPath, 'serve', ...args]));
}

async function main() {
  await ensureBuilt();

  let electron = electronBinary();
  if (!electron) {
    await downloadElectron();
    electron = electronBinary();
  }
  if (!electron) return serveInstead('Electron runtime not available (binary could not be downloaded)');
  if (!hasDisplay()) return serveInstead('No display available (neither DISPLAY nor WAYLAND_DISPLAY is set)');

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the app into a plain Node script
  try {
    return exitCodeOf(await run(electron, [root, ...args], { env }));
  } catch (err) {
    return serveInstead(`Electron could not be started (${err.code ?? err.message})`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`watchfloor: ${err.message}\n`);
    process.exitCode = 1;
  },
);
