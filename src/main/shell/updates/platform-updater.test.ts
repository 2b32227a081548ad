import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppImageUpdater, DebUpdater, NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterAll, describe, expect, it } from 'vitest';
import { channelFileName, createPlatformUpdater } from './platform-updater';

const root = mkdtempSync(join(tmpdir(), 'wf-platform-updater-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const app: AppAdapter = {
  version: '1.0.0',
  name: 'Watchfloor',
  isPackaged: true,
  appUpdateConfigPath: join(root, 'app-update.yml'),
  userDataPath: join(root, 'userData'),
  baseCachePath: join(root, 'cache'),
  whenReady: () => Promise.resolve(),
  relaunch: () => {},
  quit: () => {},
  onQuit: () => {},
};

describe('createPlatformUpdater', () => {
  it('picks the AppImage updater when running from an AppImage, NSIS on Windows, deb otherwise on Linux', () => {
    expect(createPlatformUpdater('linux', { APPIMAGE: '/opt/Watchfloor.AppImage' })(app)).toBeInstanceOf(
      AppImageUpdater,
    );
    expect(createPlatformUpdater('win32', {})(app)).toBeInstanceOf(NsisUpdater);
    const deb = createPlatformUpdater('linux', {})(app);
    expect(deb).toBeInstanceOf(DebUpdater);
    // electron-updater leaves the executor to whoever injected the app adapter
    expect((deb as unknown as { httpExecutor: unknown }).httpExecutor).toBeNull();
  });

  it('names the manifests as electron-builder writes them', () => {
    expect(channelFileName('latest', 'linux', 'x64')).toBe('latest-linux.yml');
    expect(channelFileName('beta', 'linux', 'arm64')).toBe('beta-linux-arm64.yml');
    expect(channelFileName('latest', 'darwin')).toBe('latest-mac.yml');
    expect(channelFileName('beta', 'win32')).toBe('beta.yml');
  });
});
