#!/usr/bin/env node
// `npm run dist [-- ARGS]`: builds the app (electron-vite), then packages it with electron-builder
// and build/electron-builder.config.mjs. Arguments go to electron-builder (`--dir`, `--linux deb`,
// `--win`, `--mac`, `--x64`, `--publish always` …), except Watchfloor's own:
//   --electron-dist DIR  an unpacked Electron (or its zip) instead of a download
//                        (also WATCHFLOOR_ELECTRON_DIST)
//   --no-rebuild         do not rebuild native modules for Electron (no internet, no headers;
//                        also WATCHFLOOR_NO_REBUILD=1) — such a build checks the layout only
//   --skip-build         package the existing out/ (built when missing) instead of rebuilding it
// Nothing is published unless `--publish` is given. Before packaging it prints, one line per
// platform, what is code-signed and what is skipped for want of which environment variables;
// after it, each app.asar written is checked to hold every production package
// (scripts/dist-contents.mjs) — electron-builder leaves out what it cannot find and still succeeds.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { lstatSync } from 'node:fs';
import { checkPackagedApps } from './dist-contents.mjs';
import { ensureBuilt, root, run } from './lib-build.mjs';

const CONFIG = join(root, 'build', 'electron-builder.config.mjs');

function parseDistArgs(argv, env = process.env) {
  const builderArgs = [];
  const childEnv = { ...env };
  let skipBuild = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--electron-dist' || arg.startsWith('--electron-dist=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new Error('--electron-dist needs a folder (an unpacked Electron) or an Electron zip');
      childEnv.WATCHFLOOR_ELECTRON_DIST = resolve(value);
    } else if (arg === '--no-rebuild') {
      childEnv.WATCHFLOOR_NO_REBUILD = '1';
    } else if (arg === '--skip-build') {
      skipBuild = true;
    } else {
      builderArgs.push(arg);
    }
  }
  if (!builderArgs.some((a) => a === '--publish' || a === '-p' || a.startsWith('--publish='))) {
    builderArgs.push('--publish', 'never');
  }
  return { builderArgs, env: childEnv, skipBuild, platforms: targetPlatforms(builderArgs) };
}

/** The platforms electron-builder will build for: the flags given, else this host's. */
function targetPlatforms(args) {
  const platforms = [];
  if (args.some((a) => a === '--linux' || a === '-l')) platforms.push('linux');
  if (args.some((a) => a === '--win' || a === '-w' || a === '--windows')) platforms.push('win');
  if (args.some((a) => a === '--mac' || a === '-m' || a === '--macos' || a === '-o')) platforms.push('mac');
  if (platforms.length > 0) return platforms;
  return [{ win32: 'win', darwin: 'mac' }[process.platform] ?? 'linux'];
}

async function main() {
  const { builderArgs, env, skipBuild, platforms } = parseDistArgs(process.argv.slice(2));
  if (skipBuild) await ensureBuilt({ onlyIfMissing: true });
  else {
    const built = await run(
      process.execPath,
      [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      {
        forwardSignals: false,
      },
    );
    if (built.code !== 0) throw new Error('the build failed; nothing packaged');
  }
  // Read with the child's environment: the config takes everything from it.
  Object.assign(process.env, env);
  const { signingNotes, publishConfig } = await import(CONFIG);
  for (const note of signingNotes(platforms, env)) console.log(`[dist] ${note}`);
  const feed = publishConfig(env);
  console.log(
    feed
      ? `[dist] update feed ${feed[0].url} (channel ${feed[0].channel}) goes into app-update.yml`
      : '[dist] no WATCHFLOOR_UPDATE_URL: no update feed built in (an admin sets one in Settings → About)',
  );
  if (env.WATCHFLOOR_NO_REBUILD === '1') {
    console.log('[dist] --no-rebuild: native modules are packed as installed (built for Node, not Electron)');
  }
  const builder = createRequire(join(root, 'package.json')).resolve('electron-builder/cli.js');
  const started = Date.now();
  const { code, signal } = await run(process.execPath, [builder, '--config', CONFIG, ...builderArgs], { env });
  if (code !== 0) throw new Error(`electron-builder failed (${signal ?? `exit code ${code}`})`);
  checkContents(resolve(root, env.WATCHFLOOR_DIST_OUT || 'release'), started);
}

/** Fails the build when an app.asar it wrote lacks a production package; says so when all are there. */
function checkContents(outDir, since) {
  const checked = checkPackagedApps({ root, outDir, since });
  const incomplete = checked.filter((c) => c.missing.length > 0);
  for (const c of checked.filter((c) => c.missing.length === 0)) {
    console.log(`[dist] ${c.asarPath}: all ${c.wanted} production packages are in it`);
  }
  if (incomplete.length === 0) return;
  for (const c of incomplete) {
    const shown = c.missing.slice(0, 12).join(', ');
    const more = c.missing.length > 12 ? ` and ${c.missing.length - 12} more` : '';
    console.error(`[dist] ${c.asarPath} lacks ${c.missing.length} of ${c.wanted} production packages: ${shown}${more}`);
  }
  let linked = false;
  try {
    linked = lstatSync(join(root, 'node_modules')).isSymbolicLink();
  } catch {
    // no node_modules: the message below says what to do
  }
  throw new Error(
    'the package would not start on a station: electron-builder could not find these packages ("cannot find path for dependency" above)' +
      (linked
        ? ' — node_modules is a symlink here; package from a checkout with its own `npm ci`'
        : ' — run `npm ci` in this checkout, then package again'),
  );
}

main().catch((err) => {
  console.error(`[dist] ${err.message}`);
  process.exit(1);
});
