// The check `npm run dist` makes after electron-builder: an app.asar that lacks a production
// package (as electron-builder leaves it when it cannot find one) is named with what it lacks;
// dev-only packages, optional ones not installed here and another OS's binaries are not asked for;
// a package hoisted to another folder in the asar still counts.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPackage } from '@electron/asar';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPackagedApps, packagedApps, productionPackages, targetOfApp } from './dist-contents.mjs';

const temps = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-dist-contents-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const writePackage = (dir, name, version) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version }));
};

/** A checkout: its lockfile and what npm installed. */
function checkout() {
  const root = temp();
  const packages = {
    '': { name: 'watchfloor', version: '1.0.0' },
    'node_modules/js-yaml': { version: '4.1.0' },
    'node_modules/mqtt': { version: '5.0.0' },
    'node_modules/mqtt/node_modules/lru-cache': { version: '10.4.3' },
    'node_modules/lru-cache': { version: '5.1.1', dev: true },
    'node_modules/vitest': { version: '4.0.0', dev: true },
    'node_modules/duck-linux-x64': { version: '1.5.0', optional: true, os: ['linux'], cpu: ['x64'] },
    'node_modules/duck-linux-arm64': { version: '1.5.0', optional: true, os: ['linux'], cpu: ['arm64'] },
    'node_modules/duck-win32-x64': { version: '1.5.0', optional: true, os: ['win32'], cpu: ['x64'] },
  };
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  for (const [path, entry] of Object.entries(packages)) {
    // npm installs this machine's binary only
    if (path && path !== 'node_modules/duck-linux-arm64' && path !== 'node_modules/duck-win32-x64') {
      writePackage(join(root, path), path.slice(path.lastIndexOf('node_modules/') + 13), entry.version);
    }
  }
  return root;
}

/** An app.asar under out/<folder>/resources holding `packages` ([folder in the asar, name, version]). */
async function packagedApp(out, folder, packages) {
  const app = temp();
  writePackage(app, 'watchfloor', '1.0.0');
  for (const [path, name, version] of packages) writePackage(join(app, path), name, version);
  const resources = join(out, folder, 'resources');
  mkdirSync(resources, { recursive: true });
  const asar = join(resources, 'app.asar');
  await createPackage(app, asar);
  return asar;
}

const linuxPackages = [
  ['node_modules/js-yaml', 'js-yaml', '4.1.0'],
  ['node_modules/mqtt', 'mqtt', '5.0.0'],
  // hoisted: the dev-only lru-cache 5 is not packed, so mqtt's own 10.4.3 moves up
  ['node_modules/lru-cache', 'lru-cache', '10.4.3'],
  ['node_modules/duck-linux-x64', 'duck-linux-x64', '1.5.0'],
];

describe('the production packages a package must hold', () => {
  it('are the installed packages that are not dev-only, for the target OS and CPU', () => {
    const root = checkout();
    expect([...productionPackages(root, { platform: 'linux', arch: 'x64' })].sort()).toEqual([
      'duck-linux-x64@1.5.0',
      'js-yaml@4.1.0',
      'lru-cache@10.4.3',
      'mqtt@5.0.0',
    ]);
    // Windows: not Linux's binary (and its own is not installed on this machine)
    expect([...productionPackages(root, { platform: 'win32', arch: 'x64' })]).not.toContain('duck-linux-x64@1.5.0');
    expect([...productionPackages(root, { platform: 'linux', arch: 'arm64' })]).not.toContain('duck-linux-x64@1.5.0');
  });

  it('reads the target from electron-builder’s output folder', () => {
    const out = '/r';
    expect(targetOfApp('/r/linux-unpacked/resources/app.asar', out)).toEqual({ platform: 'linux', arch: 'x64' });
    expect(targetOfApp('/r/linux-arm64-unpacked/resources/app.asar', out)).toEqual({
      platform: 'linux',
      arch: 'arm64',
    });
    expect(targetOfApp('/r/win-unpacked/resources/app.asar', out)).toEqual({ platform: 'win32', arch: 'x64' });
    expect(targetOfApp('/r/mac-arm64/W.app/Contents/Resources/app.asar', out)).toEqual({
      platform: 'darwin',
      arch: 'arm64',
    });
    expect(targetOfApp('/r/mac-universal/W.app/Contents/Resources/app.asar', out)).toEqual({
      platform: 'darwin',
      arch: null,
    });
  });
});

describe('checking what electron-builder wrote', () => {
  it('finds a complete package complete, counting a package hoisted to another folder', async () => {
    const root = checkout();
    const out = temp();
    const since = Date.now() - 1000;
    const asar = await packagedApp(out, 'linux-unpacked', linuxPackages);
    expect(checkPackagedApps({ root, outDir: out, since })).toEqual([{ asarPath: asar, wanted: 4, missing: [] }]);
  });

  it('names each package a package lacks, and the version it lacks', async () => {
    const root = checkout();
    const out = temp();
    const since = Date.now() - 1000;
    await packagedApp(out, 'linux-unpacked', [
      ['node_modules/mqtt', 'mqtt', '5.0.0'],
      ['node_modules/lru-cache', 'lru-cache', '5.1.1'], // the dev-only version, not mqtt's
      ['node_modules/duck-linux-x64', 'duck-linux-x64', '1.5.0'],
    ]);
    expect(checkPackagedApps({ root, outDir: out, since })[0].missing).toEqual(['js-yaml@4.1.0', 'lru-cache@10.4.3']);
  });

  it('checks only the apps this build wrote', async () => {
    const out = temp();
    const old = await packagedApp(out, 'win-unpacked', []);
    utimesSync(old, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const since = Date.now() - 1000;
    const fresh = await packagedApp(out, 'linux-unpacked', linuxPackages);
    expect(packagedApps(out, since)).toEqual([fresh]);
  });
});
