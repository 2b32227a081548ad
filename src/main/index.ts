// Electron entry (out/main/index.js): hands Electron's real objects and the built app's paths
// to the shell, and turns terminal signals into an orderly quit. Everything else lives in
// src/main/shell. The updater's Electron parts come from here too: the platform's updater class and
// electron-updater's ElectronHttpExecutor (Electron's net, so the system's proxy settings and
// certificate store apply; it reaches for `electron` only when it makes a request).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import {
  BrowserWindow,
  Menu,
  MessageChannelMain,
  Tray,
  app,
  dialog,
  ipcMain,
  powerSaveBlocker,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { ShellApp } from './shell/shell-app';
import type { ShellUpdater } from './shell/station/station-updates';
import { createLoginItem } from './shell/login-item';
import { createPlatformUpdater } from './shell/updates/platform-updater';

function log(message: string): void {
  process.stderr.write(`[watchfloor] ${message}\n`);
}

const main = new ShellApp({
  electron: {
    app,
    BrowserWindow,
    utilityProcess,
    MessageChannelMain,
    ipcMain,
    session,
    screen,
    Menu,
    dialog,
    shell,
    safeStorage,
    updater: {
      createUpdater: createPlatformUpdater(process.platform, process.env),
      // Electron's ClientRequest where the option names Node's: the same two calls (abort, end) are used.
      httpExecutor: new ElectronHttpExecutor() as unknown as ShellUpdater['httpExecutor'],
    },
    Tray,
    powerSaveBlocker,
  },
  paths: {
    engineHost: join(__dirname, 'engine-host.js'),
    preload: join(__dirname, '../preload/index.cjs'),
    rendererIndex: join(__dirname, '../renderer/index.html'),
    resources: process.resourcesPath,
    appRoot: join(__dirname, '../..'),
    // Packed in app.asar beside out/ (build/electron-builder.config.mjs); Electron reads images from it.
    trayIcons: {
      normal: join(__dirname, '../../resources/tray/tray.png'),
      alarm: join(__dirname, '../../resources/tray/tray-alarm.png'),
    },
  },
  argv: process.argv.slice(1),
  env: process.env,
  platform: process.platform,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  // Settings → About & updates: start Watchfloor when this station's user signs in.
  loginItem: createLoginItem({
    app,
    platform: process.platform,
    env: process.env,
    execPath: process.execPath,
    homeDir: homedir(),
    isPackaged: app.isPackaged,
  }),
  log,
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => app.quit());
}

main.start().catch((err: unknown) => {
  log(`failed to start: ${(err as Error).stack ?? String(err)}`);
  app.exit(1);
});
