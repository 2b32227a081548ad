// Which of electron-updater's updater classes installs this build: the AppImage updater when the
// app runs from an AppImage (the AppImage runtime sets APPIMAGE), NSIS on Windows, Squirrel.Mac on
// macOS, and the deb updater for the Linux package otherwise. The shell (shell-app.ts) builds its
// update service with it; the tests build a DebUpdater with it ('linux', no APPIMAGE).
//
// Each class is given the app adapter (so nothing here reaches for Electron's `app`); electron-
// updater then leaves its HTTP executor unset, and the update service assigns its own.
import { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater, type AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { manifestFileName, platformOf } from '../../release/release-manifest';

export function createPlatformUpdater(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): (app: AppAdapter) => AppUpdater {
  return (app) => {
    if (env.APPIMAGE) return new AppImageUpdater(null, app);
    if (platform === 'win32') return new NsisUpdater(null, app);
    if (platform === 'darwin') return new MacUpdater(undefined, app);
    return new DebUpdater(null, app);
  };
}

/** The manifest (channel file) name electron-builder writes for a channel (electron-updater's name) on this platform. */
export function channelFileName(
  channel: 'latest' | 'beta',
  platform: NodeJS.Platform,
  arch: string = process.arch,
): string {
  return manifestFileName(channel === 'latest' ? 'stable' : 'beta', platformOf(platform), arch);
}
