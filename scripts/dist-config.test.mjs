// What build/electron-builder.config.mjs makes of a release host's environment: the update feed
// written into app-update.yml, and the one line per platform that says what is signed and what
// is skipped (and which variables would sign it).
import { describe, expect, it } from 'vitest';
import config, { publishConfig, signingNotes, updaterChannel } from '../build/electron-builder.config.mjs';
import { APP_USER_MODEL_ID } from '../src/main/shell/shell-app';
import pkg from '../package.json' with { type: 'json' };

describe('the update feed built into the package', () => {
  it('is the generic provider at WATCHFLOOR_UPDATE_URL, stable being electron-updater’s latest channel', () => {
    expect(publishConfig({ WATCHFLOOR_UPDATE_URL: 'https://updates.plant.example/wf/' })).toEqual([
      { provider: 'generic', url: 'https://updates.plant.example/wf/', channel: 'latest' },
    ]);
    expect(publishConfig({ WATCHFLOOR_UPDATE_URL: 'https://u.example/', WATCHFLOOR_UPDATE_CHANNEL: 'beta' })).toEqual([
      { provider: 'generic', url: 'https://u.example/', channel: 'beta' },
    ]);
  });

  it('is absent without a URL, and a channel that is not stable or beta stops the build', () => {
    expect(publishConfig({})).toBeNull();
    expect(publishConfig({ WATCHFLOOR_UPDATE_URL: '  ' })).toBeNull();
    expect(() => updaterChannel('nightly')).toThrow(/stable or beta/);
  });
});

describe('code signing from the environment', () => {
  it('says per platform that signing is skipped, naming the variables, when no certificate is given', () => {
    const notes = signingNotes(['linux', 'win', 'mac'], {});
    expect(notes).toHaveLength(4);
    expect(notes[0]).toMatch(/^linux: .*not code-signed/);
    expect(notes[1]).toMatch(/^windows: code signing skipped — set WIN_CSC_LINK/);
    expect(notes[2]).toMatch(/^macos: code signing skipped — set CSC_LINK and CSC_KEY_PASSWORD/);
    expect(notes[3]).toMatch(
      /^macos: notarisation skipped — set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID/,
    );
  });

  it('says what it signs with when the variables are set, and only for the platforms built', () => {
    const env = {
      WIN_CSC_LINK: '/secrets/win.pfx',
      CSC_LINK: '/secrets/mac.p12',
      APPLE_ID: 'it@plant.example',
      APPLE_APP_SPECIFIC_PASSWORD: 'x',
      APPLE_TEAM_ID: 'T',
    };
    expect(signingNotes(['win'], env)).toEqual(['windows: signing the installer with WIN_CSC_LINK / CSC_LINK']);
    expect(signingNotes(['mac'], env)).toEqual([
      'macos: signing with CSC_LINK / CSC_NAME',
      'macos: notarising with Apple',
    ]);
  });
});

describe('the package', () => {
  it('carries the shell’s app id and the release public key, and unpacks every native module', () => {
    expect(config.appId).toBe(APP_USER_MODEL_ID); // Windows shows toasts and the Start entry under one identity
    expect(config.extraResources).toContainEqual({
      from: 'build/update-signing-key.pem',
      to: 'update-signing-key.pem',
    });
    for (const native of [
      'better-sqlite3',
      '@duckdb/node-bindings',
      'onnxruntime-node',
      'sqlite-vec-',
      '@node-rs/argon2',
    ]) {
      expect(config.asarUnpack.some((p) => p.startsWith(`node_modules/${native}`))).toBe(true);
    }
  });

  it('names its Linux launcher entry as Electron names its windows, so the desktop ties them together', () => {
    // Electron's app_id / WM_CLASS is package.json's desktopName; electron-builder names the .desktop
    // file and its StartupWMClass after it only with syncDesktopName.
    expect(pkg.desktopName).toBe(`${config.linux.executableName}.desktop`);
    expect(config.linux.syncDesktopName).toBe(true);
  });
});
