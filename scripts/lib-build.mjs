// Shared by `npm start`, `npm run serve` and the `watchfloor` bin: rebuild out/ when the
// sources are newer, and run a child process that stops when we are asked to stop.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cliPath = join(root, 'out', 'main', 'cli.js');

/** Every file a complete build writes; the first one is written first and dates the build. */
const OUTPUTS = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/engine-host.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
const INPUT_DIRS = ['src', 'resources'];
const INPUT_FILES = ['electron.vite.config.ts', 'package.json'];
const SKIP_DIRS = new Set(['node_modules', '.git']);
// Editing a unit test does not change what the app runs.
const IGNORED_FILE = /\.test\.tsx?$/;

function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return IGNORED_FILE.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    if (entry.isSymbolicLink()) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Why out/ needs a build, or undefined when it is up to date. */
export function staleReason({ onlyIfMissing = false } = {}) {
  const missing = OUTPUTS.find((file) => !existsSync(join(root, file)));
  if (missing) return `${missing} is missing`;
  if (onlyIfMissing) return undefined;
  const built = statSync(join(root, OUTPUTS[0])).mtimeMs;
  const sources = Math.max(
    ...INPUT_DIRS.map((dir) => newestMtime(join(root, dir))),
    ...INPUT_FILES.map((file) => newestMtime(join(root, file))),
  );
  return sources > built ? 'sources changed since the last build' : undefined;
}

function electronViteBin() {
  const require = createRequire(join(root, 'package.json'));
  const pkgPath = require.resolve('electron-vite/package.json');
  const { bin } = require(pkgPath);
  return join(dirname(pkgPath), typeof bin === 'string' ? bin : bin['electron-vite']);
}

/**
 * Builds with electron-vite when out/ is missing or older than the sources. The build's
 * output goes to stderr: stdout stays reserved for the one line scripts wait for (the URL).
 */
export async function ensureBuilt(options = {}) {
  const reason = staleReason(options);
  if (!reason) return;
  let bin;
  try {
    bin = electronViteBin();
  } catch {
    throw new Error(`${reason} and electron-vite is not installed to build it (run npm install)`);
  }
  process.stderr.write(`[watchfloor] building (${reason})…\n`);
  const { code, signal } = await run(process.execPath, [bin, 'build'], {
    stdio: ['ignore', 2, 2],
    forwardSignals: false,
  });
  if (code !== 0) throw new Error(`build failed (${signal ?? `exit code ${code}`})`);
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs a child and resolves with how it ended. With forwardSignals, the child gets its own
 * process group (outside Windows) so a terminal's Ctrl-C reaches it exactly once — through
 * us — and gets the chance to stop cleanly; a second Ctrl-C is forwarded too, for the
 * impatient. The child is also told to stop if this process exits first.
 */
export function run(command, args, { stdio, forwardSignals = true, env = process.env } = {}) {
  const detached = forwardSignals && process.platform !== 'win32';
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env,
      // A child in its own process group must not read the terminal (it would be stopped).
      stdio: stdio ?? (detached ? ['ignore', 'inherit', 'inherit'] : 'inherit'),
      detached,
    });
    const handlers = new Map();
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
      process.removeListener('exit', onParentExit);
    };
    const onParentExit = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
    if (forwardSignals) {
      for (const signal of FORWARDED) {
        const handler = () => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        };
        handlers.set(signal, handler);
        process.on(signal, handler);
      }
      process.on('exit', onParentExit);
    }
    child.once('error', (err) => {
      cleanup();
      reject(err);
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve({ code, signal });
    });
  });
}

/** The exit code a shell expects for how a child ended. */
export function exitCodeOf({ code, signal }) {
  if (code !== null && code !== undefined) return code;
  return 128 + (constants.signals[signal] ?? 1);
}
