// The desktop's conveniences as a station's user meets them, through the whole shell with
// Electron played by doubles: the tray's alarm count fed by the windows, the folder chooser,
// windows reopened where they were after a restart, and the tray's menu.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDirs } from '../../../test/support/temp-dir';
import { STATION_CHANNELS } from '../../shared/preload-api';
import { OPEN_ON_EVERY_DISPLAY_LABEL } from './app-menu';
import type { MenuItemConstructorOptions, OpenDialogOptionsLike } from './electron-api';
import { ShellApp } from './shell-app';
import { QUIT_LABEL, SHOW_LABEL } from './station-tray';
import {
  FakeApp,
  FakeIpcMain,
  FakeMenu,
  FakePowerSaveBlocker,
  FakeScreen,
  FakeSession,
  display,
  fakeBrowserWindowClass,
  fakeMessageChannelClass,
  fakeUtilityProcessModule,
  frame,
} from './testing/electron-fakes';
import { fakeTrayClass } from './testing/fake-tray';

const dirs = tempDirs('watchfloor-desktop-');
const icons = { normal: '/app/resources/tray/tray.png', alarm: '/app/resources/tray/tray-alarm.png' };

function station(userData = dirs.make(), platform: NodeJS.Platform = 'linux') {
  const app = new FakeApp(userData);
  const { BrowserWindow, created: windows } = fakeBrowserWindowClass();
  const { Tray, created: trays } = fakeTrayClass();
  const ipcMain = new FakeIpcMain();
  const { utilityProcess, forks } = fakeUtilityProcessModule();
  const dialogs: OpenDialogOptionsLike[] = [];
  let folderAnswer: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] };
  const powerSaveBlocker = new FakePowerSaveBlocker();
  const shell = new ShellApp({
    electron: {
      app,
      BrowserWindow,
      utilityProcess,
      MessageChannelMain: fakeMessageChannelClass().MessageChannelMain,
      ipcMain,
      session: { defaultSession: new FakeSession() },
      screen: new FakeScreen([display(1, 0, 0), display(2, 1920, 0)]),
      Menu: new FakeMenu(),
      dialog: {
        showErrorBox: () => {},
        showOpenDialog: async (_window, options) => {
          dialogs.push(options);
          return folderAnswer;
        },
      },
      Tray,
      powerSaveBlocker,
    },
    paths: {
      engineHost: '/app/out/main/engine-host.js',
      preload: '/app/out/preload/index.cjs',
      rendererIndex: '/app/out/renderer/index.html',
      trayIcons: icons,
    },
    argv: ['.'],
    env: {},
    platform,
  });
  const report = (win: (typeof windows)[number], summary: unknown, url = shell.location.url) =>
    ipcMain.send(STATION_CHANNELS.reportAlarms, win.webContents, frame(url), summary);
  const trayMenu = () => (trays[0]!.contextMenu as { template: MenuItemConstructorOptions[] }).template;
  const clickTray = (label: string) => (trayMenu().find((i) => i.label === label)!.click as () => void)();
  return {
    shell,
    app,
    windows,
    trays,
    ipcMain,
    forks,
    dialogs,
    powerSaveBlocker,
    report,
    trayMenu,
    clickTray,
    answerFolder: (a: typeof folderAnswer) => (folderAnswer = a),
  };
}

afterEach(() => {
  vi.useRealTimers();
  dirs.removeAll();
});

describe('the tray icon', () => {
  it('shows the unacknowledged alarms the windows report, badged while there are any', async () => {
    const s = station();
    await s.shell.start();
    const tray = s.trays[0]!;
    expect(tray.toolTip).toBe('Watchfloor — No unacknowledged alarms');
    expect(tray.image).toBe(icons.normal);

    s.report(s.windows[0]!, { unacknowledged: 3, active: 4 });
    expect(tray.toolTip).toBe('Watchfloor — 3 unacknowledged alarms');
    expect(tray.image).toBe(icons.alarm);

    s.report(s.windows[0]!, { unacknowledged: 1, active: 4 });
    expect(tray.toolTip).toBe('Watchfloor — 1 unacknowledged alarm');
    s.report(s.windows[0]!, { unacknowledged: 0, active: 2 });
    expect(tray.toolTip).toBe('Watchfloor — No unacknowledged alarms');
    expect(tray.image).toBe(icons.normal);
    expect(tray.title).toBe(''); // the title is macOS's; not set elsewhere
  });

  it('counts the window that knows most, and forgets a window once it closes', async () => {
    const s = station();
    await s.shell.start();
    s.shell.openOnEveryDisplay();
    const [main, second] = s.windows;
    s.report(main!, { unacknowledged: 2, active: 2 });
    s.report(second!, { unacknowledged: 0, active: 0 }); // still loading its queue
    expect(s.trays[0]!.toolTip).toBe('Watchfloor — 2 unacknowledged alarms');
    main!.close();
    expect(s.trays[0]!.toolTip).toBe('Watchfloor — No unacknowledged alarms');
  });

  it('ignores reports from a foreign page and reports that are not alarm counts', async () => {
    const s = station();
    await s.shell.start();
    s.report(s.windows[0]!, { unacknowledged: 7, active: 7 }, 'https://evil.example/');
    s.report(s.windows[0]!, { unacknowledged: -1, active: 0 });
    s.report(s.windows[0]!, { unacknowledged: 5, active: 5, message: 'Click here' });
    s.report(s.windows[0]!, 'five');
    expect(s.trays[0]!.toolTip).toBe('Watchfloor — No unacknowledged alarms');
  });

  it('on macOS shows the count beside the icon', async () => {
    const s = station(dirs.make(), 'darwin');
    await s.shell.start();
    s.report(s.windows[0]!, { unacknowledged: 12, active: 3 });
    expect(s.trays[0]!.title).toBe('12');
  });

  it('brings the control room back, fills every display, and quits the orderly way', async () => {
    const s = station();
    await s.shell.start();
    expect(s.trayMenu().map((i) => i.label ?? i.type)).toEqual([
      SHOW_LABEL,
      OPEN_ON_EVERY_DISPLAY_LABEL,
      'separator',
      QUIT_LABEL,
    ]);
    s.windows[0]!.minimized = true;
    s.trays[0]!.click(); // Windows and most Linux desktops: a click on the icon
    expect(s.windows[0]!.minimized).toBe(false);
    s.windows[0]!.minimized = true;
    s.clickTray(SHOW_LABEL);
    expect(s.windows[0]!.minimized).toBe(false);
    expect(s.windows[0]!.focused).toBe(true);
    s.clickTray(OPEN_ON_EVERY_DISPLAY_LABEL);
    expect(s.windows).toHaveLength(2);
    s.clickTray(QUIT_LABEL);
    expect(s.forks[0]!.messages().at(-1)).toEqual({ type: 'stop' }); // the engine stops first
    s.forks[0]!.exit(0);
    await vi.waitFor(() => expect(s.app.quitCalls).toBe(2));
    expect(s.trays[0]!.destroyed).toBe(true);
  });
});

describe('choosing a folder', () => {
  it('shows the folder chooser on the asking window and answers the folder, or null when cancelled', async () => {
    const s = station();
    await s.shell.start();
    const win = s.windows[0]!;
    s.answerFolder({ canceled: false, filePaths: ['/media/usb/watchfloor-1.2.0'] });
    expect(await s.ipcMain.invoke(STATION_CHANNELS.chooseFolder, win.webContents, frame(s.shell.location.url))).toBe(
      '/media/usb/watchfloor-1.2.0',
    );
    expect(s.dialogs[0]!.properties).toContain('openDirectory');
    s.answerFolder({ canceled: true, filePaths: [] });
    expect(
      await s.ipcMain.invoke(STATION_CHANNELS.chooseFolder, win.webContents, frame(s.shell.location.url)),
    ).toBeNull();
  });

  it('answers null without a dialog to a page that is not ours', async () => {
    const s = station();
    await s.shell.start();
    s.answerFolder({ canceled: false, filePaths: ['/etc'] });
    expect(
      await s.ipcMain.invoke(STATION_CHANNELS.chooseFolder, s.windows[0]!.webContents, frame('https://evil.example/')),
    ).toBeNull();
    expect(s.dialogs).toHaveLength(0);
  });
});

describe('after a restart', () => {
  it('reopens the windows the operator had open, where they were', async () => {
    const userData = dirs.make();
    const first = station(userData);
    await first.shell.start();
    first.shell.openOnEveryDisplay();
    first.windows[0]!.moveTo({ x: 300, y: 200, width: 1200, height: 800 });
    expect(first.app.requestQuit()).toBe(true);
    first.forks[0]!.exit(0);
    await vi.waitFor(() => expect(first.app.quitCalls).toBe(1));
    for (const win of first.windows) win.close(); // the app's windows close as it quits

    const second = station(userData);
    await second.shell.start();
    expect(second.windows.map((w) => w.getBounds())).toEqual([
      { x: 300, y: 200, width: 1200, height: 800 },
      { x: 1920, y: 25, width: 1920, height: 1055 },
    ]);
  });

  it('on macOS, a click on the dock icon after the last window closed reopens it where it was', async () => {
    const s = station(dirs.make(), 'darwin');
    await s.shell.start();
    s.windows[0]!.moveTo({ x: 2200, y: 300, width: 1000, height: 600 });
    s.windows[0]!.close(); // macOS: the app stays running without a window
    s.app.emit('activate');
    expect(s.windows).toHaveLength(2);
    expect(s.windows[1]!.getBounds()).toEqual({ x: 2200, y: 300, width: 1000, height: 600 });
  });
});

describe('a display layout from the page', () => {
  const layout = {
    name: 'Shift',
    displays: [
      { display: 1, view: 'wall', target: 'line-1' },
      { display: 2, view: 'alarms', kiosk: true },
    ],
  };
  const open = (s: ReturnType<typeof station>, request: unknown, url = s.shell.location.url) =>
    s.ipcMain.send(STATION_CHANNELS.openLayout, s.windows[0]!.webContents, frame(url), request);

  it('opens one window per display with its view in place of the main window, kiosk displays kept awake', async () => {
    const s = station();
    await s.shell.start();
    expect(s.windows).toHaveLength(1);
    open(s, { workstation: 'ops-1', layout });
    expect(s.windows).toHaveLength(3);
    expect(s.windows[0]!.destroyed).toBe(true);
    expect(s.windows.slice(1).map((w) => [new URL(w.loadedUrl!).search, new URL(w.loadedUrl!).hash])).toEqual([
      ['?workstation=ops-1&layout=Shift&display=1', '#wall/line-1'],
      ['?workstation=ops-1&layout=Shift&display=2&kiosk=1', '#alarms'],
    ]);
    expect(s.windows[2]!.options.kiosk).toBe(true);
    expect(s.windows[2]!.getBounds()).toEqual({ x: 1920, y: 0, width: 1920, height: 1080 });
    expect(s.powerSaveBlocker.started.size).toBe(1);
    expect(s.windows[1]!.options.webPreferences!.additionalArguments).toContainEqual(
      expect.stringMatching(/^--watchfloor-host-name=./),
    );

    // None active any more: back to one main window, and the displays may sleep.
    s.ipcMain.send(STATION_CHANNELS.openLayout, s.windows[1]!.webContents, frame(s.shell.location.url), {
      workstation: 'ops-1',
      layout: null,
    });
    expect(s.windows.slice(0, 3).every((w) => w.destroyed)).toBe(true);
    expect(s.windows).toHaveLength(4);
    expect(s.windows[3]!.loadedUrl).toBe(s.shell.location.url);
    expect(s.powerSaveBlocker.started.size).toBe(0);
  });

  it('refuses a layout from a page that is not ours, or one the contract would refuse', async () => {
    const s = station();
    await s.shell.start();
    open(s, { workstation: 'ops-1', layout }, 'https://evil.example/');
    open(s, { workstation: 'ops-1', layout: { name: 'x', displays: [{ display: 1, view: 'device' }] } });
    open(s, { workstation: '../etc', layout });
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]!.destroyed).toBe(false);
  });
});
