// `npm run dist -- --dir` as a release host runs it, on a machine without the Electron binary or
// internet: a local Electron folder (electronDist) stands in for the download, natives are not
// rebuilt, and the unpacked app must still be what an installer would ship — the built app in
// app.asar, the native modules beside it where the OS can load them, the update feed and channel
// in app-update.yml and the release public key, and every production package (npm run dist checks
// that itself). Packages the existing out/ (built if missing). In a checkout whose node_modules is a
// symlink (a git worktree sharing another's) electron-builder cannot find the packages and npm run
// dist fails saying so (package from a checkout with its own `npm ci`): the test is skipped there,
// saying why; scripts/dist-contents.test.mjs tests that refusal.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteVecPath } from '../../src/main/engine/assistant/knowledge/knowledge-db';
import { tempDirs } from '../support/temp-dir';

const root = join(__dirname, '..', '..');
const FEED = 'https://updates.example.test/watchfloor/';
const BUILD_TIMEOUT_MS = 240_000;
const dirs = tempDirs('watchfloor-dist-');

/** What electron-builder needs of an unpacked Linux Electron: the `electron` executable it renames. */
function fakeElectronDist(): string {
  const dir = dirs.make();
  mkdirSync(join(dir, 'resources'));
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "not a real Electron"\n');
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Electron licence (stand-in)\n');
  return dir;
}

/** Runs `npm run dist -- --dir …` into a fresh folder; returns linux-unpacked and the output. */
function dist(env: Record<string, string>): { app: string; output: string } {
  const out = dirs.make();
  const run = spawnSync(
    'npm',
    ['run', 'dist', '--', '--dir', '--skip-build', '--no-rebuild', '--electron-dist', fakeElectronDist()],
    {
      cwd: root,
      env: {
        ...process.env,
        WATCHFLOOR_UPDATE_URL: '',
        WATCHFLOOR_UPDATE_CHANNEL: '',
        ...env,
        WATCHFLOOR_DIST_OUT: out,
      },
      encoding: 'utf8',
      timeout: BUILD_TIMEOUT_MS,
    },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`npm run dist failed (${run.status ?? run.signal}):\n${output.slice(-4000)}`);
  return { app: join(out, 'linux-unpacked'), output };
}

/** app-update.yml is flat `key: value` lines (electron-builder's serializeToYaml of the publish config). */
function readFlatYaml(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes(': '))
      .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2).trim()]),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => f.replaceAll('\\', '/'));
}

afterAll(() => dirs.removeAll());

/** Why the layout cannot be built here, if it cannot: another OS, or a node_modules that is a symlink. */
const cannotPack =
  process.platform !== 'linux'
    ? 'the layout checked is the Linux one'
    : lstatSync(join(root, 'node_modules')).isSymbolicLink()
      ? 'node_modules is a symlink (a git worktree sharing another checkout’s): electron-builder cannot find the packages, and npm run dist refuses such a package'
      : undefined;

describe.skipIf(cannotPack !== undefined)(
  `npm run dist -- --dir (local Electron, no rebuild)${cannotPack ? ` — skipped: ${cannotPack}` : ''}`,
  () => {
    let built: { app: string; output: string };

    it(
      'packs the built app into app.asar and names the executable',
      () => {
        built = dist({ WATCHFLOOR_UPDATE_URL: FEED, WATCHFLOOR_UPDATE_CHANNEL: 'beta' });
        const asar = join(built.app, 'resources', 'app.asar');
        const listed = listPackage(asar, { isPack: false }).map((p) => p.replaceAll('\\', '/').replace(/^\//, ''));
        for (const file of [
          'out/main/index.js',
          'out/main/engine-host.js',
          'out/preload/index.cjs',
          'out/renderer/index.html',
          'package.json',
          'resources/tray/tray.png',
          'resources/tray/tray-alarm.png',
        ]) {
          expect(listed, file).toContain(file);
        }
        const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string; version: string };
        expect(pkg.main).toBe('out/main/index.js');
        expect(extractFile(asar, 'out/main/index.js').toString('utf8')).toContain('engine-host.js');
        // Sources, tests and source maps stay out of what is shipped.
        expect(listed.filter((p) => p.startsWith('src/') || p.startsWith('test/') || p.endsWith('.map'))).toEqual([]);
        expect(existsSync(join(built.app, 'watchfloor'))).toBe(true);
      },
      BUILD_TIMEOUT_MS,
    );

    it('unpacks the native modules of this platform only, where the OS can load them', () => {
      const unpacked = join(built.app, 'resources', 'app.asar.unpacked', 'node_modules');
      const files = filesUnder(unpacked);
      expect(files).toContain('better-sqlite3/build/Release/better_sqlite3.node');
      expect(files).toContain(`@duckdb/node-bindings-linux-${process.arch}/duckdb.node`);
      expect(files).toContain(`onnxruntime-node/bin/napi-v6/linux/${process.arch}/onnxruntime_binding.node`);
      expect(files.filter((f) => /onnxruntime-node\/bin\/napi-v6\/(darwin|win32)\//.test(f))).toEqual([]);
      const otherArch = process.arch === 'x64' ? 'arm64' : 'x64';
      expect(files.filter((f) => f.startsWith(`onnxruntime-node/bin/napi-v6/linux/${otherArch}/`))).toEqual([]);
      // The knowledge index loads sqlite-vec from the unpacked copy (the path inside app.asar is not a real file).
      const packedVec = join(
        built.app,
        'resources',
        'app.asar',
        'node_modules',
        `sqlite-vec-linux-${process.arch}`,
        'vec0.so',
      );
      expect(existsSync(sqliteVecPath(packedVec))).toBe(true);
    });

    it('carries the configured update feed and channel, the release public key and the runbooks', () => {
      const resources = join(built.app, 'resources');
      const update = readFlatYaml(join(resources, 'app-update.yml'));
      expect(update.provider).toBe('generic');
      expect(update.url).toBe(FEED);
      expect(update.channel).toBe('beta');
      expect(readFileSync(join(resources, 'update-signing-key.pem'), 'utf8')).toBe(
        readFileSync(join(root, 'build', 'update-signing-key.pem'), 'utf8'),
      );
      expect(existsSync(join(resources, 'knowledge', 'watchfloor-operator-handbook.md'))).toBe(true);
      // The build said what it did not sign, and that it did not rebuild the natives.
      expect(built.output).toContain('not code-signed');
      expect(built.output).toContain('--no-rebuild');
      // Every production package is in app.asar (electron-builder leaves out what it cannot find and still succeeds).
      expect(built.output).toMatch(/linux-unpacked\/resources\/app\.asar: all \d+ production packages are in it/);
    });

    it(
      'builds in no feed without WATCHFLOOR_UPDATE_URL, and stable is electron-updater’s latest channel',
      () => {
        const bare = dist({});
        expect(existsSync(join(bare.app, 'resources', 'app-update.yml'))).toBe(false);
        expect(bare.output).toContain('no WATCHFLOOR_UPDATE_URL');
        const stable = dist({ WATCHFLOOR_UPDATE_URL: FEED, WATCHFLOOR_UPDATE_CHANNEL: 'stable' });
        expect(readFlatYaml(join(stable.app, 'resources', 'app-update.yml')).channel).toBe('latest');
      },
      BUILD_TIMEOUT_MS * 2,
    );
  },
);
