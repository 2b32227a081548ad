import { describe, expect, it } from 'vitest';
import { AppLocation } from './app-location';
import { FakeScreen, display, fakeBrowserWindowClass } from './testing/electron-fakes';
import { WindowManager } from './window-manager';

function setup(displays = [display(1, 0, 0), display(2, 1920, 0), display(3, -1280, 0, 1280, 1024)]) {
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  const location = AppLocation.fromFile('/app/out/renderer/index.html');
  const windows = new WindowManager({
    BrowserWindow,
    screen: new FakeScreen(displays),
    location,
    preload: '/app/out/preload/index.cjs',
    appVersion: '1.0.0',
  });
  return { windows, created, location };
}

describe('WindowManager', () => {
  it('opens one sandboxed main window on the app’s page and shows it when ready', () => {
    const { windows, created, location } = setup();
    const win = windows.openMain();
    expect(created).toHaveLength(1);
    const prefs = created[0]!.options.webPreferences!;
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(created[0]!.loadedUrl).toBe(location.url);
    expect(created[0]!.visible).toBe(false);
    created[0]!.emit('ready-to-show');
    expect(win).toBe(created[0]);
    expect(created[0]!.visible).toBe(true);
  });

  it('guards every window it opens against window.open and foreign navigation', () => {
    const { windows, created } = setup();
    windows.openMain();
    windows.openOnEveryDisplay();
    for (const win of created) {
      expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
      expect(win.webContents.navigate('https://example.com')).toBe(true);
    }
  });

  it('opens a window on every display that has none, placed on that display', () => {
    const { windows, created } = setup();
    windows.openMain(); // on display 1
    const opened = windows.openOnEveryDisplay();
    expect(opened).toHaveLength(2);
    expect(created.map((w) => w.getBounds())).toEqual([
      expect.objectContaining({ x: 240, y: 103, width: 1440, height: 900 }),
      { x: 1920, y: 25, width: 1920, height: 1055 },
      { x: -1280, y: 25, width: 1280, height: 999 },
    ]);
    expect(windows.openOnEveryDisplay()).toHaveLength(0);
  });

  it('reopens on a display whose window was closed', () => {
    const { windows, created } = setup();
    windows.openOnEveryDisplay();
    expect(created).toHaveLength(3);
    created[1]!.close();
    expect(windows.all()).toHaveLength(2);
    windows.openOnEveryDisplay();
    expect(created).toHaveLength(4);
    expect(created[3]!.getBounds().x).toBe(1920);
  });

  it('brings back the existing window instead of opening another', () => {
    const { windows, created } = setup();
    windows.openMain();
    created[0]!.minimized = true;
    windows.focusExisting();
    windows.openMain();
    expect(created).toHaveLength(1);
    expect(created[0]!.minimized).toBe(false);
    expect(created[0]!.focused).toBe(true);
  });

  it('knows which webContents are its own', () => {
    const { windows, created } = setup();
    windows.openMain();
    expect(windows.owns(created[0]!.webContents)).toBe(true);
    created[0]!.close();
    expect(windows.owns(created[0]!.webContents)).toBe(false);
  });
});
