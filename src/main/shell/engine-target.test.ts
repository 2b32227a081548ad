// Settings → Engine from the shell's side, with Electron's objects faked: the stored target
// decides what the engine host is started with, attaching pins exactly the approved fingerprint,
// calls from foreign frames are refused, and the desktop's data key reaches the engine host only
// in its start message, stored encrypted by safeStorage.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_CHANNELS } from '../../shared/preload-api';
import { makeTempDir } from '../../../test/support/temp-dir';
import { writeEngineTarget } from './engine-target-store';
import { DESKTOP_KEY_FILE } from './secrets-key';
import { ShellApp, type ShellElectron } from './shell-app';
import type { SafeStorageLike } from './electron-api';
import {
  FakeApp,
  FakeIpcMain,
  FakeMenu,
  FakeScreen,
  FakeSession,
  display,
  fakeBrowserWindowClass,
  fakeMessageChannelClass,
  fakeUtilityProcessModule,
  frame,
} from './testing/electron-fakes';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

/** safeStorage that "encrypts" by reversing and tagging: enough to tell stored from clear. */
const safeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (t) => Buffer.from(`enc:${[...t].reverse().join('')}`),
  decryptString: (b) => [...b.toString().slice(4)].reverse().join(''),
};

function setup(extra: Partial<ShellElectron> = {}) {
  const dir = makeTempDir('wf-shell-target-');
  dirs.push(dir);
  const { BrowserWindow, created: windows } = fakeBrowserWindowClass();
  const { MessageChannelMain } = fakeMessageChannelClass();
  const { utilityProcess, forks } = fakeUtilityProcessModule();
  const ipcMain = new FakeIpcMain();
  const logs: string[] = [];
  const shell = new ShellApp({
    electron: {
      app: new FakeApp(dir.path),
      BrowserWindow,
      utilityProcess,
      MessageChannelMain,
      ipcMain,
      session: { defaultSession: new FakeSession() },
      screen: new FakeScreen([display(1, 0, 0)]),
      Menu: new FakeMenu(),
      ...extra,
    },
    paths: { engineHost: '/app/engine-host.js', preload: '/app/preload.cjs', rendererIndex: '/app/index.html' },
    argv: ['.'],
    env: {},
    platform: 'linux',
    log: (m) => logs.push(m),
    engineStopTimeoutMs: 10,
  });
  return { shell, dir: dir.path, windows, forks, ipcMain, logs };
}

describe('the engine a desktop uses', () => {
  it('hands the engine host the data key in its start message, kept encrypted by safeStorage', async () => {
    const { shell, dir, forks } = setup({ safeStorage });
    await shell.start();
    const start = forks[0]!.messages()[0] as { type: string; secretsKey?: string };
    expect(start.type).toBe('start');
    expect(start.secretsKey).toMatch(/^[0-9a-f]{64}$/);
    expect(forks[0]!.args).toEqual([]);
    const stored = readFileSync(join(dir, DESKTOP_KEY_FILE)).toString();
    expect(stored).not.toContain(start.secretsKey!);
    await shell.stop();
  });

  it('falls back to the engine’s key file, saying so, where safeStorage has no keyring', async () => {
    const { shell, forks, logs } = setup({
      safeStorage: { ...safeStorage, getSelectedStorageBackend: () => 'basic_text' },
    });
    await shell.start();
    expect(forks[0]!.messages()[0]).not.toHaveProperty('secretsKey');
    expect(logs.some((l) => l.includes('safeStorage) is not available') && l.includes('secrets.key'))).toBe(true);
  });

  it('starts attached to the stored central engine, without an engine or a data key', async () => {
    const dir = makeTempDir('wf-shell-target-');
    dirs.push(dir);
    writeEngineTarget(dir.path, { kind: 'remote', url: 'https://engine.plant.local:5780', fingerprint: 'AA:BB' });
    const { BrowserWindow } = fakeBrowserWindowClass();
    const { utilityProcess, forks } = fakeUtilityProcessModule();
    const shell = new ShellApp({
      electron: {
        app: new FakeApp(dir.path),
        BrowserWindow,
        utilityProcess,
        MessageChannelMain: fakeMessageChannelClass().MessageChannelMain,
        ipcMain: new FakeIpcMain(),
        session: { defaultSession: new FakeSession() },
        screen: new FakeScreen([display(1, 0, 0)]),
        Menu: new FakeMenu(),
        safeStorage,
      },
      paths: { engineHost: '/app/engine-host.js', preload: '/app/preload.cjs', rendererIndex: '/app/index.html' },
      argv: ['.'],
      env: {},
      platform: 'linux',
    });
    await shell.start();
    expect(forks[0]!.messages()[0]).toEqual({
      type: 'start-remote',
      url: 'https://engine.plant.local:5780',
      fingerprint: 'AA:BB',
      version: '9.9.9',
    });
    expect(existsSync(join(dir.path, DESKTOP_KEY_FILE))).toBe(false);
  });

  it('answers engine calls from our window only, and switches to a plain-http loopback engine and back', async () => {
    const { shell, dir, windows, forks, ipcMain } = setup({ safeStorage });
    await shell.start();
    const win = windows[0]!;
    const ours = frame(shell.location.url);

    const foreign = await ipcMain.invoke(ENGINE_CHANNELS.target, win.webContents, frame('https://evil.example/'));
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ipcMain.invoke(ENGINE_CHANNELS.target, win.webContents, ours)).toEqual({
      ok: true,
      data: { target: { kind: 'local' }, problem: null, certificateChanged: false, warning: null },
    });

    const refused = await ipcMain.invoke(ENGINE_CHANNELS.probe, win.webContents, ours, 'http://10.0.0.5:5780');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('plain http') },
    });
    const probed = await ipcMain.invoke(ENGINE_CHANNELS.probe, win.webContents, ours, 'http://127.0.0.1:5780');
    expect(probed).toMatchObject({ ok: true, data: { url: 'http://127.0.0.1:5780', certificate: null } });

    const attached = await ipcMain.invoke(ENGINE_CHANNELS.attach, win.webContents, ours, 'http://127.0.0.1:5780', null);
    expect(attached).toMatchObject({
      ok: true,
      data: {
        target: { kind: 'remote', url: 'http://127.0.0.1:5780' },
        warning: expect.stringContaining('not encrypted'),
      },
    });
    expect(forks).toHaveLength(2);
    expect(forks[0]!.killed || forks[0]!.exited).toBe(true);
    expect(forks[1]!.messages()[0]).toMatchObject({ type: 'start-remote', url: 'http://127.0.0.1:5780' });
    expect(JSON.parse(readFileSync(join(dir, 'engine-target.json'), 'utf8'))).toEqual({
      kind: 'remote',
      url: 'http://127.0.0.1:5780',
      fingerprint: null,
    });

    // An https engine cannot be attached without the fingerprint the user approved.
    const unapproved = await ipcMain.invoke(
      ENGINE_CHANNELS.attach,
      win.webContents,
      ours,
      'https://engine.plant.local',
      null,
    );
    expect(unapproved).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    // The 4401 event reaches every window.
    forks[1]!.report({ type: 'remote-signed-out' });
    expect(win.webContents.posted.map((p) => p.channel)).toContain(ENGINE_CHANNELS.signedOut);

    await ipcMain.invoke(ENGINE_CHANNELS.useLocal, win.webContents, ours);
    expect(forks).toHaveLength(3);
    expect(forks[2]!.messages()[0]).toMatchObject({ type: 'start' });
    await shell.stop();
  });
});
