// Window positions restored: the control room's windows reopen where the operator left them —
// the same set of windows, each on its display, maximized or full screen as it was. Kept in
// userData/window-state.json, written (debounced) as windows move and resize, when one closes,
// and once more when the app quits.
//
// Decisions:
// - The set saved is the open windows. Closing one of several forgets it (it was closed on
//   purpose); closing the last one keeps it (that is the app closing, on Windows and Linux).
//   Quitting saves every open window and then ignores their closing.
// - A window reopens on the display it overlaps most, moved and shrunk to fit that display's
//   work area; when it overlaps no display any more (a monitor was unplugged) it opens where a
//   new main window would, on the primary display. Displays are matched by geometry, not by id:
//   ids are not stable across reboots on every OS.
// - A missing or unreadable file means "no saved windows" (one main window), never a failed start.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { BrowserWindowLike, DisplayLike, Rectangle } from './electron-api';

export interface SavedWindow {
  /** Its normal (not maximized, not full-screen) bounds. */
  bounds: Rectangle;
  maximized: boolean;
  fullScreen: boolean;
}

const Int = z.number().int().min(-100_000).max(100_000);
const Size = z.number().int().min(1).max(100_000);
const StateFile = z.object({
  version: z.literal(1),
  windows: z
    .array(
      z.object({
        bounds: z.object({ x: Int, y: Int, width: Size, height: Size }),
        maximized: z.boolean(),
        fullScreen: z.boolean(),
      }),
    )
    .max(32),
});

const DEFAULT_DEBOUNCE_MS = 500;

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where a saved window reopens: on the display whose work area it overlaps most, shrunk to fit
 * and moved inside it; null when it overlaps no display that exists now.
 */
export function placeOnDisplays(bounds: Rectangle, displays: readonly DisplayLike[]): Rectangle | null {
  let best: DisplayLike | undefined;
  let bestArea = 0;
  for (const display of displays) {
    const area = overlap(bounds, display.workArea);
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }
  if (!best) return null;
  return fitInside(bounds, best.workArea);
}

/** The bounds shrunk to fit `area` (never grown) and moved inside it, as little as needed. */
export function fitInside(bounds: Rectangle, area: Rectangle): Rectangle {
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  return {
    x: Math.min(Math.max(bounds.x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(bounds.y, area.y), area.y + area.height - height),
    width,
    height,
  };
}

export function readWindowState(file: string, log: (message: string) => void = () => {}): SavedWindow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    return StateFile.parse(JSON.parse(text)).windows;
  } catch (err) {
    log(
      `ignoring ${file} (${err instanceof z.ZodError ? 'unexpected content' : (err as Error).message}): windows open as new`,
    );
    return [];
  }
}

export function writeWindowState(file: string, windows: readonly SavedWindow[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, windows }, null, 2)}\n`);
  renameSync(temporary, file);
}

function snapshot(win: BrowserWindowLike): SavedWindow {
  const b = win.getNormalBounds();
  return {
    bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
    maximized: win.isMaximized(),
    fullScreen: win.isFullScreen(),
  };
}

export interface WindowStateKeeperOptions {
  file: string;
  /** The open windows, oldest first (WindowManager.all). */
  windows: () => BrowserWindowLike[];
  debounceMs?: number;
  log?: (message: string) => void;
}

/** Saves the open windows' places as they change; WindowManager hands it every window it opens. */
export class WindowStateKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frozen = false;
  private readonly log: (message: string) => void;

  constructor(private readonly options: WindowStateKeeperOptions) {
    this.log = options.log ?? (() => {});
  }

  read(): SavedWindow[] {
    return readWindowState(this.options.file, this.log);
  }

  watch(win: BrowserWindowLike): void {
    const soon = () => this.saveSoon();
    for (const event of [
      'move',
      'resize',
      'maximize',
      'unmaximize',
      'enter-full-screen',
      'leave-full-screen',
    ] as const) {
      win.on(event, soon);
    }
    win.on('close', () => {
      const open = this.options.windows();
      this.saveNow(open.length <= 1 ? open : open.filter((w) => w !== win));
    });
  }

  saveSoon(): void {
    if (this.frozen) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  saveNow(windows: readonly BrowserWindowLike[] = this.options.windows()): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const open = windows.filter((w) => !w.isDestroyed());
    // No window open (the app quitting after its last window closed): keep the last one saved.
    if (this.frozen || open.length === 0) return;
    try {
      writeWindowState(this.options.file, open.map(snapshot));
    } catch (err) {
      this.log(`could not save window positions: ${(err as Error).message}`);
    }
  }

  /** The app quits: save the windows as they are now, and not their closing that follows. */
  freeze(): void {
    this.saveNow();
    this.frozen = true;
  }
}
