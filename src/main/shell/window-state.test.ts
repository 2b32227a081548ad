import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDirs } from '../../../test/support/temp-dir';
import { AppLocation } from './app-location';
import type { DisplayLike } from './electron-api';
import { FakeScreen, display, fakeBrowserWindowClass } from './testing/electron-fakes';
import { WindowManager } from './window-manager';
import { WindowStateKeeper, placeOnDisplays, readWindowState } from './window-state';

const dirs = tempDirs('watchfloor-window-state-');
const DEBOUNCE_MS = 500;

/** One app start: a window manager on these displays whose windows a keeper watches. */
function start(file: string, displays: DisplayLike[]) {
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  let keeper: WindowStateKeeper | undefined = undefined;
  const windows: WindowManager = new WindowManager({
    BrowserWindow,
    screen: new FakeScreen(displays),
    location: AppLocation.fromFile('/app/out/renderer/index.html'),
    preload: '/app/out/preload/index.cjs',
    appVersion: '1.0.0',
    onWindow: (win) => keeper!.watch(win),
  });
  keeper = new WindowStateKeeper({ file, windows: () => windows.all(), debounceMs: DEBOUNCE_MS });
  return { windows, created, keeper };
}

const saved = (file: string) => readWindowState(file);
const left = display(1, 0, 0); // work area y 25, height 1055
const right = display(2, 1920, 0);
const portrait = display(3, -1080, -400, 1080, 1920);

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  dirs.removeAll();
});

describe('placeOnDisplays', () => {
  it('keeps a window where it was on a display that still exists', () => {
    expect(placeOnDisplays({ x: 2000, y: 100, width: 1200, height: 800 }, [left, right])).toEqual({
      x: 2000,
      y: 100,
      width: 1200,
      height: 800,
    });
  });

  it('moves a window that hangs off its display back inside, and shrinks one larger than it', () => {
    expect(placeOnDisplays({ x: 1500, y: -50, width: 1000, height: 700 }, [left])).toEqual({
      x: 920,
      y: 25,
      width: 1000,
      height: 700,
    });
    expect(placeOnDisplays({ x: -1000, y: -300, width: 1400, height: 2400 }, [left, portrait])).toEqual({
      x: -1080,
      y: -375,
      width: 1080,
      height: 1895,
    });
  });

  it('answers null for a window on a display that is gone', () => {
    expect(placeOnDisplays({ x: 2000, y: 100, width: 1200, height: 800 }, [left])).toBeNull();
  });
});

describe('windows reopen where they were', () => {
  it('saves the open windows after they stop moving, and reopens the same set on the same displays', () => {
    const file = join(dirs.make(), 'window-state.json');
    const first = start(file, [left, right, portrait]);
    first.windows.restore(first.keeper.read()); // nothing saved: the main window
    first.windows.openOnEveryDisplay();
    expect(first.created).toHaveLength(3);
    first.created[0]!.moveTo({ x: 100, y: 80, width: 1000, height: 700 });
    first.created[0]!.moveTo({ x: 120, y: 90, width: 1000, height: 700 });
    expect(existsSync(file)).toBe(false); // debounced: not on every move event
    first.created[1]!.maximize();
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(saved(file).map((w) => [w.bounds.x, w.bounds.y, w.maximized])).toEqual([
      [120, 90, false],
      [1920, 25, true],
      [-1080, -375, false],
    ]);

    const second = start(file, [left, right, portrait]);
    second.windows.restore(second.keeper.read());
    expect(second.created.map((w) => w.getBounds())).toEqual([
      { x: 120, y: 90, width: 1000, height: 700 },
      { x: 1920, y: 25, width: 1920, height: 1055 },
      { x: -1080, y: -375, width: 1080, height: 1895 },
    ]);
    for (const win of second.created) win.emit('ready-to-show');
    expect(second.created.map((w) => [w.visible, w.isMaximized()])).toEqual([
      [true, false],
      [true, true],
      [true, false],
    ]);
  });

  it('opens a window whose display was unplugged on the primary display instead', () => {
    const file = join(dirs.make(), 'window-state.json');
    const first = start(file, [left, right]);
    first.windows.restore([]);
    first.windows.openOnEveryDisplay();
    first.created[1]!.setFullScreen(true);
    first.keeper.freeze();

    const second = start(file, [left]);
    second.windows.restore(second.keeper.read());
    expect(second.created).toHaveLength(2);
    expect(second.created[1]!.getBounds()).toEqual({ x: 240, y: 103, width: 1440, height: 900 });
    second.created[1]!.emit('ready-to-show');
    expect(second.created[1]!.isFullScreen()).toBe(false); // full screen on a display that is gone: not here
  });

  it('forgets a window closed on purpose but keeps the last one, and quitting keeps them all', () => {
    const file = join(dirs.make(), 'window-state.json');
    const app = start(file, [left, right]);
    app.windows.restore([]);
    app.windows.openOnEveryDisplay();
    app.created[1]!.close();
    expect(saved(file).map((w) => w.bounds.x)).toEqual([240]);
    app.created[0]!.close(); // the last window: the app closes, its place is kept
    app.keeper.freeze(); // …and the quit that follows (window-all-closed) has no window left to save
    expect(saved(file).map((w) => w.bounds.x)).toEqual([240]);

    const again = start(file, [left, right]);
    again.windows.restore(again.keeper.read());
    again.windows.openOnEveryDisplay();
    again.keeper.freeze(); // quit: both are saved, and their closing afterwards changes nothing
    for (const win of again.created) win.close();
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(saved(file).map((w) => w.bounds.x)).toEqual([240, 1920]);
  });

  it('starts with one main window when the file is unreadable, and says why', () => {
    const file = join(dirs.make(), 'window-state.json');
    writeFileSync(file, '{"version":1,"windows":[{"bounds":"everywhere"}]}');
    const log: string[] = [];
    expect(readWindowState(file, (m) => log.push(m))).toEqual([]);
    expect(log[0]).toMatch(/ignoring .*window-state\.json/);
    const app = start(file, [left]);
    app.windows.restore(app.keeper.read());
    expect(app.created.map((w) => w.getBounds())).toEqual([{ x: 240, y: 103, width: 1440, height: 900 }]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, windows: [{ bounds: 'everywhere' }] });
  });
});
