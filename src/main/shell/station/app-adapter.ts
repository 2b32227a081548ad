// electron-updater's AppAdapter over the shell's AppLike (electron-api.ts), instead of its own
// ElectronAppAdapter, which requires `electron` itself: the shell never does, so the updater runs
// in plain Node in tests and with the real app in the desktop build alike.
//
// quit(): electron-updater's BaseUpdater.quitAndInstall starts the installer (install()) and then,
// on the next tick, calls the adapter's quit(). Here that is the shell's own quit path
// (ShellApp.quit(): before-quit is held until the engine has stopped and closed its stores), so an
// install never cuts the engine off mid-write. relaunch() is Electron's (DebUpdater asks for it);
// onQuit() is Electron's `quit` event with its exit code (the updater's install-on-quit, which the
// station's UpdateService does not use: it installs only with consent).
import { join } from 'node:path';
import { getAppCacheDir, type AppAdapter } from 'electron-updater/out/AppAdapter';
import type { AppLike } from '../electron-api';

export interface ShellAppAdapterOptions {
  /** process.resourcesPath in the packaged app: where electron-builder writes app-update.yml. */
  resourcesPath: string;
  /** The shell's orderly quit (engine stopped first). */
  quit(): void;
  /** Where downloads are cached before install; default: the platform's (electron-updater's getAppCacheDir). */
  baseCachePath?: string;
}

export function shellAppAdapter(app: AppLike, options: ShellAppAdapterOptions): AppAdapter {
  return {
    get version() {
      return app.getVersion();
    },
    get name() {
      return app.getName();
    },
    get isPackaged() {
      return app.isPackaged;
    },
    appUpdateConfigPath: join(options.resourcesPath, 'app-update.yml'),
    get userDataPath() {
      return app.getPath('userData');
    },
    baseCachePath: options.baseCachePath ?? getAppCacheDir(),
    whenReady: () => app.whenReady().then(() => undefined),
    quit: () => options.quit(),
    relaunch: () => app.relaunch(),
    onQuit: (handler) => {
      app.on('quit', (_event, exitCode) => handler(exitCode));
    },
  };
}
