// The windows of a display layout, with an injected screen (plain Node, no Electron): placed on
// their displays at any arrangement and scale, following displays unplugged and plugged back,
// another primary display, and keeping the displays awake while a kiosk window is open.
import { describe, expect, it } from 'vitest';
import type { DisplayAssignment } from '../../shared/display-layouts';
import { AppLocation } from './app-location';
import { isVisible, keepVisible, numberDisplays, planWindows } from './display-plan';
import type { DisplayLike } from './electron-api';
import { LayoutWindows } from './layout-windows';
import {
  FakePowerSaveBlocker,
  FakeScreen,
  display,
  fakeBrowserWindowClass,
  scaledDisplay,
} from './testing/electron-fakes';
import { WindowManager } from './window-manager';

const LEFT = display(11, -1280, 0, 1280, 1024); // left of the primary: negative coordinates
const MIDDLE = display(12, 0, 0); // primary
const RIGHT = display(13, 1920, 0);

const SHIFT: DisplayAssignment[] = [
  { display: 1, view: 'alarms', target: '', kiosk: false },
  { display: 2, view: 'wall', target: 'line-1', kiosk: true },
  { display: 3, view: 'device', target: 'device-003', kiosk: false },
];

function setup(displays: DisplayLike[], primaryId?: number) {
  const { BrowserWindow, created } = fakeBrowserWindowClass();
  const screen = new FakeScreen(displays);
  screen.primaryId = primaryId;
  const location = AppLocation.fromFile('/app/out/renderer/index.html');
  const manager = new WindowManager({
    BrowserWindow,
    screen,
    location,
    preload: '/app/out/preload/index.cjs',
    appVersion: '1.0.0',
  });
  const blocker = new FakePowerSaveBlocker();
  const layouts = new LayoutWindows({
    screen,
    pageUrl: location.url,
    open: (spec) => manager.openLayoutWindow(spec),
    powerSaveBlocker: blocker,
  });
  layouts.start();
  const where = () =>
    Object.fromEntries(
      layouts
        .placement()
        .map((p) => [p.display, { ...p.window.getBounds(), kiosk: p.window.isKiosk(), moved: p.moved }]),
    );
  const allVisible = () => layouts.placement().every((p) => isVisible(p.window.getBounds(), screen.getAllDisplays()));
  return { created, screen, layouts, blocker, where, allVisible, location };
}

describe('display numbering and placement', () => {
  it('numbers displays left to right, then top to bottom, whatever their ids or which is primary', () => {
    const below = display(5, 0, 1080);
    expect(numberDisplays([RIGHT, below, MIDDLE, LEFT]).map((d) => d.id)).toEqual([11, 12, 5, 13]);
  });

  it('opens each display’s view on its display: kiosk over the whole display, others over the work area', () => {
    const s = setup([MIDDLE, RIGHT, LEFT], 12);
    s.layouts.apply({ workstation: 'ops desk', name: 'Shift', displays: SHIFT });
    expect(s.where()).toEqual({
      1: { x: -1280, y: 25, width: 1280, height: 999, kiosk: false, moved: false },
      2: { x: 0, y: 0, width: 1920, height: 1080, kiosk: true, moved: false },
      3: { x: 1920, y: 25, width: 1920, height: 1055, kiosk: false, moved: false },
    });
    expect(s.created.map((w) => w.loadedUrl)).toEqual([
      `${s.location.url}?workstation=ops+desk&layout=Shift&display=1#alarms`,
      `${s.location.url}?workstation=ops+desk&layout=Shift&display=2&kiosk=1#wall/line-1`,
      `${s.location.url}?workstation=ops+desk&layout=Shift&display=3#device/device-003`,
    ]);
    expect(s.created[1]!.options.kiosk).toBe(true);
    expect(s.created[0]!.options.kiosk).toBeUndefined();
    expect(s.allVisible()).toBe(true);
  });

  it('places windows in whole pixels inside displays at scale factors 1.25 and 2', () => {
    const laptop = scaledDisplay(21, 0, 0, [2560, 1440], 1.25); // 2048 × 1152 DIPs, work area 1111.6 high
    const fourK = scaledDisplay(22, 2048, -200, [3840, 2160], 2); // 1920 × 1080 DIPs, raised 200
    const s = setup([fourK, laptop], 21);
    s.layouts.apply({ workstation: 'w', name: 'L', displays: SHIFT.slice(0, 2) });
    expect(s.where()).toEqual({
      1: { x: 0, y: 0, width: 2048, height: 1111, kiosk: false, moved: false },
      2: { x: 2048, y: -200, width: 1920, height: 1080, kiosk: true, moved: false },
    });
    for (const p of s.layouts.placement()) {
      const b = p.window.getBounds();
      expect([b.x, b.y, b.width, b.height].every(Number.isInteger)).toBe(true);
    }
    expect(s.allVisible()).toBe(true);
  });

  it('keeps at least 100 px of any window on a display', () => {
    const displays = [LEFT, MIDDLE];
    expect(isVisible({ x: -1250, y: 900, width: 800, height: 600 }, displays)).toBe(true); // 124 px high showing
    expect(isVisible({ x: 1850, y: 100, width: 800, height: 600 }, displays)).toBe(false); // 70 px wide showing
    expect(keepVisible({ x: 5000, y: -3000, width: 800, height: 600 }, displays, MIDDLE)).toEqual({
      x: 1120,
      y: 25,
      width: 800,
      height: 600,
    });
    expect(planWindows(SHIFT, [], MIDDLE).every((p) => p.moved && p.on === MIDDLE.id)).toBe(true);
  });
});

describe('a layout following the screen', () => {
  it('moves a removed display’s view to the primary display and brings the same window back', () => {
    const s = setup([LEFT, MIDDLE, RIGHT], 12);
    s.layouts.apply({ workstation: 'w', name: 'Shift', displays: SHIFT });
    const before = s.where();
    const third = s.layouts.placement().find((p) => p.display === 3)!.window;

    s.screen.change('display-removed', [LEFT, MIDDLE], 12);
    expect(s.where()[3]).toEqual({ x: 0, y: 25, width: 1280, height: 703, kiosk: false, moved: true });
    expect(s.where()[1]).toEqual(before[1]);
    expect(s.allVisible()).toBe(true);

    s.screen.change('display-added', [LEFT, MIDDLE, RIGHT], 12);
    expect(s.where()).toEqual(before);
    expect(s.layouts.placement().find((p) => p.display === 3)!.window).toBe(third);
    expect(s.created).toHaveLength(3); // no window opened or reloaded
    expect(third.webContents).toBe(s.created[2]!.webContents);
  });

  it('takes a moved kiosk view out of kiosk mode on the primary, and lets the displays sleep only when no kiosk is left', () => {
    const s = setup([LEFT, MIDDLE], 11);
    s.layouts.apply({ workstation: 'w', name: 'Shift', displays: SHIFT.slice(0, 2) });
    expect(s.blocker.started.size).toBe(1);
    s.screen.change('display-removed', [LEFT], 11);
    expect(s.where()[2]).toMatchObject({ kiosk: false, moved: true, x: -1280, y: 25 });
    expect(s.blocker.started.size).toBe(0);
    s.screen.change('display-added', [LEFT, MIDDLE], 11);
    expect(s.where()[2]).toMatchObject({ kiosk: true, moved: false, x: 0, y: 0, width: 1920, height: 1080 });
    expect(s.blocker.started.size).toBe(1);
    s.layouts.close();
    expect(s.created.every((w) => w.destroyed)).toBe(true);
    expect(s.blocker.started.size).toBe(0);
  });

  it('sends missing displays’ views to the new primary when the primary changes, and moves nothing else', () => {
    const s = setup([LEFT, MIDDLE], 12);
    s.layouts.apply({ workstation: 'w', name: 'Shift', displays: SHIFT });
    expect(s.where()[3]).toMatchObject({ x: 0, moved: true });
    const present = { 1: s.where()[1], 2: s.where()[2] };
    s.screen.change('display-metrics-changed', [LEFT, MIDDLE], 11);
    expect(s.where()[3]).toMatchObject({ x: -1280, y: 25, moved: true });
    expect({ 1: s.where()[1], 2: s.where()[2] }).toEqual(present);
    expect(s.allVisible()).toBe(true);
  });

  it('follows a display rescaled or moved (metrics changed) and keeps every window visible', () => {
    const s = setup([MIDDLE, RIGHT], 12);
    s.layouts.apply({ workstation: 'w', name: 'Shift', displays: SHIFT.slice(0, 2) });
    const rescaled = scaledDisplay(13, -1536, 300, [3840, 2160], 2.5); // now left of and lower than the primary
    s.screen.change('display-metrics-changed', [MIDDLE, rescaled], 12);
    expect(s.where()).toEqual({
      1: { x: -1536, y: 300, width: 1536, height: 823, kiosk: false, moved: false },
      2: { x: 0, y: 0, width: 1920, height: 1080, kiosk: true, moved: false },
    });
    expect(s.allVisible()).toBe(true);
  });

  it('opens a layout once, replaces it with another, and stops following the screen when stopped', () => {
    const s = setup([MIDDLE, RIGHT], 12);
    s.layouts.apply({ workstation: 'w', name: 'Shift', displays: SHIFT.slice(0, 2) });
    s.layouts.apply({ workstation: 'w', name: 'Shift', displays: SHIFT.slice(0, 2) });
    expect(s.created).toHaveLength(2);
    s.layouts.apply({ workstation: 'w', name: 'Night', displays: [SHIFT[0]!] });
    expect(s.created).toHaveLength(3);
    expect(s.created.slice(0, 2).every((w) => w.destroyed)).toBe(true);
    expect(s.blocker.started.size).toBe(0);
    s.layouts.stop();
    expect(s.screen.listenerCount('display-removed')).toBe(0);
  });
});
