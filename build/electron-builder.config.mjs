// electron-builder configuration for Watchfloor's installers: Linux AppImage and deb, Windows NSIS,
// macOS dmg (+ zip, which electron-updater's MacUpdater installs from). `npm run dist` (scripts/dist.mjs)
// builds with it; everything that differs per release host comes from environment variables, read
// here once, so the same file serves a developer's `--dir` build and a signing release host.
//
// Decisions:
// - Update feed: WATCHFLOOR_UPDATE_URL (an https URL or a LAN share's URL) and
//   WATCHFLOOR_UPDATE_CHANNEL (stable | beta; default stable) become the generic provider in
//   resources/app-update.yml. Without a URL no feed is built in (no app-update.yml): an admin sets
//   one in Settings → About, or imports offline bundles. A placeholder URL would only make every
//   station report an unreachable feed.
// - app-update.yml's `channel` is electron-updater's channel name, which is also the manifest's file
//   name: stable is `latest` (latest-linux.yml, latest.yml, latest-mac.yml), beta is `beta`.
// - Natives are unpacked from the asar (the OS loads them from real files): better-sqlite3, DuckDB,
//   onnxruntime, the sqlite-vec extension, argon2. Only the target platform's onnxruntime binaries
//   are packed (the package ships all three: ~290 MB).
// - Signing secrets come only from the environment (CSC_LINK / CSC_KEY_PASSWORD, WIN_CSC_LINK /
//   WIN_CSC_KEY_PASSWORD, APPLE_ID / APPLE_APP_SPECIFIC_PASSWORD / APPLE_TEAM_ID); without them the
//   build is unsigned and scripts/dist.mjs says so, one line per platform (signingNotes below).
// - WATCHFLOOR_ELECTRON_DIST: an unpacked Electron (or its zip) instead of a download;
//   WATCHFLOOR_NO_REBUILD=1: natives are not rebuilt for Electron (offline; layout checks only —
//   better-sqlite3 built for Node does not load in Electron). WATCHFLOOR_DIST_OUT: the output
//   folder instead of release/ (the layout test builds into a temporary one).

const env = process.env;

const FILES = [
  'package.json',
  'out/**/*',
  '!out/**/*.map',
  '!out/renderer-budget.json',
  'resources/tray/*.png',
  // better-sqlite3's sources and build leftovers; the addon is build/Release/better_sqlite3.node
  '!node_modules/better-sqlite3/{deps,src,docs,benchmark}{,/**}',
  '!node_modules/better-sqlite3/build/{deps,node_gyp_bins}{,/**}',
  '!node_modules/better-sqlite3/build/Release/{obj,obj.target,.deps,test_extension.node}{,/**}',
  '!node_modules/**/*.{map,ts,tsx,cc,cpp,h,hpp,c,gyp,gypi,md,markdown}',
  '!node_modules/**/{test,tests,__tests__,example,examples,docs,.github}{,/**}',
];

/**
 * A platform's `files`: the common list without the onnxruntime-node binaries of the other
 * platforms (bin/napi-v6/<platform>/<arch>), and, where the target has one arch, of the other
 * arch (`${arch}` is the target's). The whole list is repeated per platform: electron-builder
 * treats a platform `files` of exclusions only as "everything but these".
 */
function platformFiles(keep, { oneArch }) {
  const others = ['darwin', 'linux', 'win32']
    .filter((p) => p !== keep)
    .map((p) => `!node_modules/onnxruntime-node/bin/napi-v*/${p}{,/**}`);
  const arch = oneArch ? [`!node_modules/onnxruntime-node/bin/napi-v*/${keep}/!(\${arch}){,/**}`] : [];
  return [...FILES, ...others, ...arch];
}

/** electron-updater's channel name (and manifest file name) for a Watchfloor channel. */
export function updaterChannel(channel) {
  if (channel === 'stable') return 'latest';
  if (channel === 'beta') return 'beta';
  throw new Error(`WATCHFLOOR_UPDATE_CHANNEL must be stable or beta, not "${channel}"`);
}

export function publishConfig(source = env) {
  const url = source.WATCHFLOOR_UPDATE_URL?.trim();
  if (!url) return null;
  return [{ provider: 'generic', url, channel: updaterChannel(source.WATCHFLOOR_UPDATE_CHANNEL?.trim() || 'stable') }];
}

const hasMacCertificate = Boolean(env.CSC_LINK || env.CSC_NAME);
const canNotarize = Boolean(
  (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
  (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER),
);

/** One line per platform built: what is signed, or that signing is skipped and which variables would enable it. */
export function signingNotes(platforms, source = env) {
  const notes = [];
  if (platforms.includes('linux')) {
    notes.push(
      'linux: AppImage and deb are not code-signed (no such scheme); updates are trusted through the Ed25519-signed manifest',
    );
  }
  if (platforms.includes('win')) {
    notes.push(
      source.WIN_CSC_LINK || source.CSC_LINK
        ? 'windows: signing the installer with WIN_CSC_LINK / CSC_LINK'
        : 'windows: code signing skipped — set WIN_CSC_LINK (or CSC_LINK) and WIN_CSC_KEY_PASSWORD to sign',
    );
  }
  if (platforms.includes('mac')) {
    notes.push(
      source.CSC_LINK || source.CSC_NAME
        ? 'macos: signing with CSC_LINK / CSC_NAME'
        : 'macos: code signing skipped — set CSC_LINK and CSC_KEY_PASSWORD (a Developer ID Application certificate) to sign',
    );
    const notarize =
      (source.APPLE_ID && source.APPLE_APP_SPECIFIC_PASSWORD && source.APPLE_TEAM_ID) ||
      (source.APPLE_API_KEY && source.APPLE_API_KEY_ID && source.APPLE_API_ISSUER);
    notes.push(
      notarize
        ? 'macos: notarising with Apple'
        : 'macos: notarisation skipped — set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID to notarise',
    );
  }
  return notes;
}

/** @type {import('app-builder-lib').Configuration} */
const config = {
  appId: 'com.watchfloor.app', // = APP_USER_MODEL_ID in src/main/shell/shell-app.ts
  productName: 'Watchfloor',
  copyright: 'Copyright © Watchfloor',
  directories: { output: env.WATCHFLOOR_DIST_OUT || 'release', buildResources: 'build' },
  files: FILES,
  asar: true,
  asarUnpack: [
    'node_modules/better-sqlite3/**/*',
    'node_modules/@duckdb/node-bindings*/**/*',
    'node_modules/onnxruntime-node/bin/**/*',
    'node_modules/sqlite-vec-*/**/*',
    'node_modules/@node-rs/argon2*/**/*',
  ],
  extraResources: [
    { from: 'build/update-signing-key.pem', to: 'update-signing-key.pem' },
    // The engine host finds them at process.resourcesPath/knowledge (src/main/shell/engine-host.ts).
    { from: 'resources/knowledge', to: 'knowledge' },
  ],
  electronDist: env.WATCHFLOOR_ELECTRON_DIST || undefined,
  npmRebuild: env.WATCHFLOOR_NO_REBUILD !== '1',
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  publish: publishConfig(),
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'System',
    executableName: 'watchfloor',
    // The .desktop file is package.json's desktopName (watchfloor.desktop), which Electron also takes
    // as its Wayland app_id / X11 WM_CLASS: the running windows belong to the launcher entry and its
    // icon (without it, StartupWMClass would be "Watchfloor" and Electron's class "watchfloor").
    syncDesktopName: true,
    synopsis: 'Desktop control room for industrial telemetry',
    maintainer: env.WATCHFLOOR_MAINTAINER || 'Watchfloor <it@watchfloor.example>',
    files: platformFiles('linux', { oneArch: true }),
  },
  deb: { priority: 'optional' },
  win: {
    target: ['nsis'],
    icon: 'build/icon.png',
    files: platformFiles('win32', { oneArch: true }),
  },
  nsis: {
    // IT installs for every user of the station; `Watchfloor-Setup-x.y.z.exe /S` installs silently.
    oneClick: false,
    perMachine: true,
    allowToChangeInstallationDirectory: true,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
  mac: {
    target: ['dmg', 'zip'],
    icon: 'build/icon.png',
    category: 'public.app-category.utilities',
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // No certificate: build unsigned instead of picking whatever identity the keychain has.
    ...(hasMacCertificate ? {} : { identity: null }),
    notarize: canNotarize,
    files: platformFiles('darwin', { oneArch: false }),
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
};

export default config;
