import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir, tempDirs } from '../../../test/support/temp-dir';
import { NodeHttpExecutor, recordInstalls } from '../../../test/support/update-feed';
import { createPlatformUpdater } from './updates/platform-updater';
import { IpcChannel } from './ipc-channels';
import { OPEN_ON_EVERY_DISPLAY_LABEL } from './app-menu';
import { APP_USER_MODEL_ID, ShellApp, type ShellOptions } from './shell-app';
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

const paths = {
  engineHost: '/app/out/main/engine-host.js',
  preload: '/app/out/preload/index.cjs',
  rendererIndex: '/app/out/renderer/index.html',
};

// A fresh userData per test: the shell keeps files there (window-state.json).
const userDataDirs = tempDirs('watchfloor-shell-');

function setup(overrides: Partial<ShellOptions> = {}, app = new FakeApp(userDataDirs.make())) {
  const { BrowserWindow, created: windows } = fakeBrowserWindowClass();
  const { MessageChannelMain, created: channels } = fakeMessageChannelClass();
  const { utilityProcess, forks } = fakeUtilityProcessModule();
  const ipcMain = new FakeIpcMain();
  const session = new FakeSession();
  const menu = new FakeMenu();
  const screen = new FakeScreen([display(1, 0, 0), display(2, 1920, 0)]);
  const errors: string[] = [];
  const shell = new ShellApp({
    electron: {
      app,
      BrowserWindow,
      utilityProcess,
      MessageChannelMain,
      ipcMain,
      session: { defaultSession: session },
      screen,
      Menu: menu,
      dialog: { showErrorBox: (title, content) => errors.push(`${title}: ${content}`) },
    },
    paths,
    argv: ['.'],
    env: {},
    platform: 'linux',
    ...overrides,
  });
  return { shell, app, windows, channels, forks, ipcMain, session, menu, errors };
}

afterEach(() => {
  vi.useRealTimers();
  userDataDirs.removeAll();
});

describe('ShellApp', () => {
  it('says on start where the data lives and how to start afresh (npm start runs it from a terminal)', async () => {
    const logs: string[] = [];
    const { shell, app } = setup({ log: (m: string) => logs.push(m) });
    expect(await shell.start()).toBe(true);
    expect(logs).toContain(`Data: ${app.userData} (delete it, or run with --data <empty dir>, to start afresh)`);
  });

  it('on start: forks the engine with the resolved configuration, hardens the session and opens one secure window', async () => {
    const { shell, app, windows, forks, session, menu } = setup();
    expect(await shell.start()).toBe(true);

    expect(forks).toHaveLength(1);
    expect(forks[0]!.modulePath).toBe(paths.engineHost);
    const start = forks[0]!.messages()[0] as { type: string; config: { dataDir: string }; version: string };
    expect(start).toMatchObject({ type: 'start', version: '9.9.9' });
    expect(start.config.dataDir).toBe(app.userData);

    expect(session.request('media')).toBe(false);
    expect(menu.applied).toBeDefined();

    expect(windows).toHaveLength(1);
    expect(windows[0]!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: paths.preload,
    });
    expect(windows[0]!.loadedUrl).toBe('file:///app/out/renderer/index.html');
  });

  it('takes --config, --data and WATCHFLOOR_* into the configuration', async () => {
    const { shell, forks } = setup({
      argv: ['.', '--data', '/srv/watchfloor', '--no-simulator'],
      env: { WATCHFLOOR_PORT: '6000' },
    });
    await shell.start();
    const { config } = forks[0]!.messages()[0] as {
      config: { dataDir: string; simulator: { enabled: boolean }; server: { port: number } };
    };
    expect(config.dataDir).toBe('/srv/watchfloor');
    expect(config.simulator.enabled).toBe(false);
    expect(config.server.port).toBe(6000);
  });

  it('explains a bad configuration in a dialog and exits instead of starting', async () => {
    const { shell, app, forks, windows, errors } = setup({ argv: ['.', '--config', '/nonexistent/watchfloor.json'] });
    expect(await shell.start()).toBe(false);
    expect(errors[0]).toContain('/nonexistent/watchfloor.json');
    expect(app.exitCode).toBe(1);
    expect(forks).toHaveLength(0);
    expect(windows).toHaveLength(0);
  });

  it('shows why the engine cannot start in a dialog and exits, instead of restarting it in a loop', async () => {
    vi.useFakeTimers();
    const { shell, app, forks, errors } = setup({ argv: ['.', '--new-state'] });
    await shell.start();
    expect(forks[0]!.messages()[0]).toMatchObject({ type: 'start', newState: true });
    const reason = '/home/op/.config/Watchfloor/history.duckdb cannot be opened (not a DuckDB file). Restore a backup…';
    forks[0]!.report({ type: 'error', message: reason });
    forks[0]!.exit(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(errors).toEqual([`Watchfloor cannot start: ${reason}`]);
    expect(app.exitCode).toBe(1);
    expect(forks).toHaveLength(1);
  });

  it('hands our window a port to the engine, and refuses a foreign frame', async () => {
    const { shell, windows, forks, ipcMain, channels } = setup();
    await shell.start();
    const win = windows[0]!;

    ipcMain.send(IpcChannel.enginePort, win.webContents, frame('https://evil.example/'));
    expect(channels).toHaveLength(0);

    ipcMain.send(IpcChannel.enginePort, win.webContents, frame(shell.location.url));
    expect(channels).toHaveLength(1);
    expect(forks[0]!.received.at(-1)).toEqual({ message: { type: 'connect' }, transfer: [channels[0]!.port1] });
    expect(win.webContents.posted).toEqual([
      { channel: IpcChannel.enginePort, message: null, transfer: [channels[0]!.port2] },
    ]);
  });

  it('restarts a crashed engine and gives the windows fresh ports once it is ready', async () => {
    vi.useFakeTimers();
    const { shell, windows, forks, ipcMain } = setup();
    await shell.start();
    const win = windows[0]!;
    ipcMain.send(IpcChannel.enginePort, win.webContents, frame(shell.location.url));
    forks[0]!.report({ type: 'ready' });

    forks[0]!.exit(134);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(forks).toHaveLength(2);
    expect(forks[1]!.messages()[0]).toMatchObject({ type: 'start' });
    expect(win.webContents.posted).toHaveLength(1);
    forks[1]!.report({ type: 'ready' });
    expect(win.webContents.posted).toHaveLength(2);
    expect(forks[1]!.messages().at(-1)).toEqual({ type: 'connect' });
  });

  it('holds the quit until the engine has stopped: sends {type: "stop"}, then quits', async () => {
    const { shell, app, forks } = setup();
    await shell.start();
    expect(app.requestQuit()).toBe(true); // first before-quit is held back
    expect(forks[0]!.messages().at(-1)).toEqual({ type: 'stop' });
    expect(app.quitCalls).toBe(0);
    forks[0]!.exit(0);
    await vi.waitFor(() => expect(app.quitCalls).toBe(1));
    expect(app.requestQuit()).toBe(false); // now the quit goes through
    expect(forks).toHaveLength(1);
  });

  it('stop() stops the engine once', async () => {
    const { shell, forks } = setup();
    await shell.start();
    const a = shell.stop();
    const b = shell.stop();
    forks[0]!.exit(0);
    await Promise.all([a, b]);
    expect(forks[0]!.messages().filter((m) => (m as { type: string }).type === 'stop')).toHaveLength(1);
  });

  it('as a second instance: quits without an engine or a window', async () => {
    const app = new FakeApp(userDataDirs.make());
    app.hasLock = false;
    const { shell, forks, windows } = setup({}, app);
    expect(await shell.start()).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(forks).toHaveLength(0);
    expect(windows).toHaveLength(0);
  });

  it('started by its own AppImage update: waits for the version it replaces to quit, instead of quitting itself', async () => {
    vi.useFakeTimers();
    const app = new FakeApp();
    app.hasLock = false;
    const { shell, forks, windows } = setup({ env: { APPIMAGE_SILENT_INSTALL: 'true' } }, app);
    const started = shell.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(forks).toHaveLength(0);
    app.hasLock = true; // the previous version has stopped its engine and quit
    await vi.advanceTimersByTimeAsync(250);
    expect(await started).toBe(true);
    expect(app.quitCalls).toBe(0);
    expect(forks).toHaveLength(1);
    expect(windows).toHaveLength(1);

    const stuck = new FakeApp();
    stuck.hasLock = false;
    const other = setup({ env: { APPIMAGE_SILENT_INSTALL: 'true' } }, stuck);
    const gaveUp = other.shell.start();
    await vi.advanceTimersByTimeAsync(21_000);
    expect(await gaveUp).toBe(false);
    expect(stuck.quitCalls).toBe(1);
  });

  it('as the first instance: brings its window forward when a second one is launched', async () => {
    const { shell, app, windows } = setup();
    await shell.start();
    windows[0]!.minimized = true;
    app.emit('second-instance');
    expect(windows).toHaveLength(1);
    expect(windows[0]!.minimized).toBe(false);
    expect(windows[0]!.focused).toBe(true);
  });

  it('View → "Open a window on every display" fills the other displays', async () => {
    const { shell, menu, windows } = setup();
    await shell.start();
    menu.click(OPEN_ON_EVERY_DISPLAY_LABEL);
    expect(windows).toHaveLength(2);
    expect(windows[1]!.getBounds()).toMatchObject({ x: 1920, y: 25 });
  });

  it('quits when the last window closes, except on macOS', async () => {
    const linux = setup();
    await linux.shell.start();
    linux.app.emit('window-all-closed');
    expect(linux.app.quitCalls).toBe(1);

    const mac = setup({ platform: 'darwin' });
    await mac.shell.start();
    mac.app.emit('window-all-closed');
    expect(mac.app.quitCalls).toBe(0);
  });

  it('gives Windows an app identity for desktop notifications', async () => {
    const win = setup({ platform: 'win32' });
    await win.shell.start();
    expect(win.app.appUserModelId).toBe(APP_USER_MODEL_ID);
    const linux = setup();
    await linux.shell.start();
    expect(linux.app.appUserModelId).toBeUndefined();
  });

  it('loads the dev server in development and the built page once packaged', async () => {
    const dev = setup({ devServerUrl: 'http://localhost:5173' });
    await dev.shell.start();
    expect(dev.windows[0]!.loadedUrl).toBe('http://localhost:5173/');

    const packagedApp = new FakeApp(userDataDirs.make());
    packagedApp.isPackaged = true;
    const packaged = setup({ devServerUrl: 'http://localhost:5173' }, packagedApp);
    await packaged.shell.start();
    expect(packaged.windows[0]!.loadedUrl).toBe('file:///app/out/renderer/index.html');
  });
});

describe("ShellApp: the station's updater", () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  function shellWithUpdater() {
    const dir = makeTempDir('watchfloor-shell-station-');
    dirs.push(dir);
    const resources = join(dir.path, 'resources');
    mkdirSync(resources);
    writeFileSync(join(resources, 'update-signing-key.pem'), 'a key');
    const app = new FakeApp(join(dir.path, 'userData'));
    app.isPackaged = true;
    const { BrowserWindow } = fakeBrowserWindowClass();
    const { MessageChannelMain } = fakeMessageChannelClass();
    const { utilityProcess, forks } = fakeUtilityProcessModule();
    const shell = new ShellApp({
      electron: {
        app,
        BrowserWindow,
        utilityProcess,
        MessageChannelMain,
        ipcMain: new FakeIpcMain(),
        session: { defaultSession: new FakeSession() },
        screen: new FakeScreen(),
        Menu: new FakeMenu(),
        updater: {
          createUpdater: recordInstalls(createPlatformUpdater('linux', {}), []),
          httpExecutor: new NodeHttpExecutor(),
        },
      },
      paths: { ...paths, resources },
      argv: ['.'],
      env: {},
      platform: 'linux',
    });
    return { shell, app, forks };
  }

  const answerTo = (fork: { messages(): unknown[] }, id: number) =>
    vi.waitFor(() => {
      const answer = fork
        .messages()
        .find((m) => (m as { type: string; id?: number }).type === 'station-answer' && (m as { id: number }).id === id);
      expect(answer).toBeDefined();
      return answer as { answer: { ok: boolean; data?: { managed: boolean; autoCheck: boolean; version: string } } };
    });

  it("answers the engine host's station calls from one updater that outlives an engine restart, and pushes its changes", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { shell, forks } = shellWithUpdater();
    await shell.start();
    forks[0]!.report({ type: 'ready' });
    forks[0]!.report({ type: 'station-call', id: 1, call: { op: 'status' } });
    const first = await answerTo(forks[0]!, 1);
    expect(first.answer).toMatchObject({ ok: true, data: { managed: true, version: '9.9.9', autoCheck: true } });

    forks[0]!.exit(134);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(forks).toHaveLength(2);
    forks[1]!.report({ type: 'ready' });
    const by = { user: 'ada', role: 'admin' };
    forks[1]!.report({ type: 'station-call', id: 1, call: { op: 'settings', change: { autoCheck: false }, by } });
    expect((await answerTo(forks[1]!, 1)).answer).toMatchObject({ ok: true, data: { autoCheck: false } });
    expect(forks[1]!.messages()).toContainEqual({
      type: 'station-status',
      status: expect.objectContaining({ autoCheck: false }),
    });

    forks[1]!.report({ type: 'station-call', id: 2, call: { op: 'cancelInstall', by } });
    expect((await answerTo(forks[1]!, 2)).answer).toMatchObject({ ok: true });
    forks[1]!.report({ type: 'station-call', id: 3, call: { op: 'install', when: 'now', by } });
    expect((await answerTo(forks[1]!, 3)).answer).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('asks the running engine host which alarms block an install, and refuses to guess without one', async () => {
    const { shell, forks } = shellWithUpdater();
    await shell.start();
    await expect(shell.station.blockingAlarms()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    forks[0]!.report({ type: 'ready' });
    const asked = shell.station.blockingAlarms();
    const question = forks[0]!.messages().at(-1) as { type: string; id: number };
    expect(question).toMatchObject({ type: 'station-question', question: 'blockingAlarms' });
    const alarm = {
      id: '3',
      device: 'device-002',
      signal: 'pressure',
      priority: 'critical',
      message: 'pressure 70 > hiHi 60',
    };
    forks[0]!.report({ type: 'station-reply', id: question.id, answer: { ok: true, data: [alarm] } });
    expect(await asked).toEqual([alarm]);
  });

  it("keeps the updater's audit events until an engine host is ready, then hands them over", async () => {
    const { shell, forks } = shellWithUpdater();
    await shell.start();
    const event = {
      actor: 'station',
      action: 'update.refused',
      outcome: 'refused',
      version: '10.0.0',
      stationVersion: '9.9.9',
      message: 'signed by another key',
    } as const;
    shell.station.audit(event);
    expect(forks[0]!.messages()).not.toContainEqual({ type: 'station-audit', event });
    forks[0]!.report({ type: 'ready' });
    expect(forks[0]!.messages()).toContainEqual({ type: 'station-audit', event });
  });

  it("quit() — the updater adapter's quit after it starts an installer — stops the engine before the app quits", async () => {
    const { shell, app, forks } = shellWithUpdater();
    await shell.start();
    shell.quit();
    expect(forks[0]!.messages().at(-1)).toEqual({ type: 'stop' });
    expect(app.quitCalls).toBe(1); // held back in before-quit
    forks[0]!.exit(0);
    await vi.waitFor(() => expect(app.quitCalls).toBe(2));
  });
});
