// After electron-builder: is every production package the app needs really in its app.asar?
// electron-builder finds the packages to copy through the package manager; where that lookup
// fails (a node_modules that is a symlink — a git worktree sharing another checkout's — or one
// npm calls extraneous) it says "cannot find path for dependency", leaves them out and still
// exits 0: better-sqlite3 without `bindings`, electron-updater without `js-yaml`, DuckDB without
// its native binding. Such a package installs and then fails at start on the station. So
// `npm run dist` checks each app.asar it wrote against package-lock.json: every package that is
// not dev-only, installed here and meant for the package's OS must be in it at its version
// (anywhere: electron-builder hoists again, dropping dev-only versions), or the build fails
// naming what is missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';

const PACKAGE_ROOT = /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/;

/**
 * The production packages installed under `root` as `name@version`, from its package-lock.json:
 * not dev-only, on disk (optional ones for other platforms are not), and for the package's OS and
 * CPU when it names them (a Windows package does not need Linux's DuckDB binding).
 */
export function productionPackages(root, target) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const fits = (list, value) => value === null || !Array.isArray(list) || list.includes(value);
  const wanted = new Set();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (!path || entry.dev || entry.link) continue;
    if (!fits(entry.os, target.platform) || !fits(entry.cpu, target.arch)) continue;
    if (!existsSync(join(root, path, 'package.json'))) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    wanted.add(`${name}@${entry.version}`);
  }
  return wanted;
}

/** `name@version` of every package in an app.asar (unpacked ones included: the header lists them). */
export function packagedPackages(asarPath) {
  const found = new Set();
  for (const listed of listPackage(asarPath, { isPack: false })) {
    const path = listed.replaceAll('\\', '/').replace(/^\//, '');
    if (!PACKAGE_ROOT.test(path)) continue;
    try {
      const pkg = JSON.parse(extractFile(asarPath, path).toString('utf8'));
      if (pkg.name && pkg.version) found.add(`${pkg.name}@${pkg.version}`);
    } catch {
      // an unreadable package.json is no package
    }
  }
  return found;
}

/**
 * The OS and CPU an app.asar was built for, from electron-builder's output folder: linux-unpacked,
 * linux-arm64-unpacked, win-unpacked, mac, mac-arm64, mac-universal (arch null: either).
 */
export function targetOfApp(asarPath, outDir) {
  const folder = relative(outDir, asarPath).split(sep)[0] ?? '';
  const platform = folder.startsWith('win') ? 'win32' : /^(mac|mas)/.test(folder) ? 'darwin' : 'linux';
  const named = /-(arm64|ia32|armv7l|universal)(-|$)/.exec(folder)?.[1];
  const arch = named === undefined ? 'x64' : named === 'universal' ? null : named === 'armv7l' ? 'arm' : named;
  return { platform, arch };
}

/** The app.asar files electron-builder wrote under `outDir` since `since` (ms). */
export function packagedApps(outDir, since, depth = 5) {
  const found = [];
  const walk = (dir, level) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isFile() && entry.name === 'app.asar' && statSync(path).mtimeMs >= since) found.push(path);
      else if (entry.isDirectory() && !entry.name.endsWith('.unpacked') && level < depth) walk(path, level + 1);
    }
  };
  walk(outDir, 0);
  return found.sort();
}

/** Each app.asar's missing production packages (an empty list: complete). */
export function checkPackagedApps({ root, outDir, since }) {
  return packagedApps(outDir, since).map((asarPath) => {
    const wanted = productionPackages(root, targetOfApp(asarPath, outDir));
    const packed = packagedPackages(asarPath);
    return { asarPath, wanted: wanted.size, missing: [...wanted].filter((p) => !packed.has(p)).sort() };
  });
}
