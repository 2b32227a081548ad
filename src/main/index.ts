// Electron entry (out/main/index.js): hands Electron's real objects and the built app's paths
// to the shell, and turns terminal signals into an orderly quit. Everything else lives in
// src/main/shell.
import { join } from 'node:path';
import {
  BrowserWindow,
  Menu,
  MessageChannelMain,
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
  },
  paths: {
    engineHost: join(__dirname, 'engine-host.js'),
    preload: join(__dirname, '../preload/index.cjs'),
    rendererIndex: join(__dirname, '../renderer/index.html'),
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
