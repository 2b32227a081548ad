// Electron entry (out/main/index.js): hands Electron's real objects and the built app's paths
// to the shell, and turns terminal signals into an orderly quit. Everything else lives in
// src/main/shell.
import { join } from 'node:path';
import {
  BrowserWindow,
  Menu,
  MessageChannelMain,
  Tray,
  app,
  dialog,
  ipcMain,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { ShellApp } from './shell/shell-app';

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
    Tray,
  },
  paths: {
    engineHost: join(__dirname, 'engine-host.js'),
    preload: join(__dirname, '../preload/index.cjs'),
    rendererIndex: join(__dirname, '../renderer/index.html'),
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
  log,
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => app.quit());
}

main.start().catch((err: unknown) => {
  log(`failed to start: ${(err as Error).stack ?? String(err)}`);
  app.exit(1);
});
