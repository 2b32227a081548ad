// The control room's windows: one main window by default, or one per display for a wall of
// monitors, or the windows the operator had open last time (window-state.ts). Every window is
// created here, with the secure preferences and guards from window-security.ts, and loads the
// app's page.
import type { AppLocation } from './app-location';
import type {
  BrowserWindowConstructor,
  BrowserWindowLike,
  DisplayLike,
  Rectangle,
  ScreenLike,
  WebContentsLike,
} from './electron-api';
import { hardenWebContents, secureWebPreferences } from './window-security';
import { placeOnDisplays, type SavedWindow } from './window-state';

export interface WindowManagerOptions {
  BrowserWindow: BrowserWindowConstructor;
  screen: ScreenLike;
  location: AppLocation;
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  preload: string;
  appVersion: string;
  icon?: string;
  openExternal?: (url: string) => void;
  /** Called with every window opened (window-state.ts watches them). */
  onWindow?: (win: BrowserWindowLike) => void;
  log?: (message: string) => void;
}

const DEFAULT_SIZE = { width: 1440, height: 900 };
/** The window before its page paints: the default (dark) theme's --bg (renderer app/theme.css), not black. */
const BACKGROUND = '#333537';

function centerOf(r: Rectangle): { x: number; y: number } {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

function contains(r: Rectangle, p: { x: number; y: number }): boolean {
  return p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;
}

export class WindowManager {
  private readonly windows = new Set<BrowserWindowLike>();
  private readonly log: (message: string) => void;

  constructor(private readonly options: WindowManagerOptions) {
    this.log = options.log ?? (() => {});
  }

  /** Open windows, oldest first. */
  all(): BrowserWindowLike[] {
    return [...this.windows].filter((w) => !w.isDestroyed());
  }

  /** True when the contents belong to a window this manager opened. */
  owns(contents: WebContentsLike): boolean {
    return this.all().some((w) => w.webContents === contents);
  }

  /** The window showing these contents, if it is one of ours. */
  fromContents(contents: WebContentsLike): BrowserWindowLike | undefined {
    return this.all().find((w) => w.webContents === contents);
  }

  /** Opens the main window on the primary display, or brings back the one already open. */
  openMain(): BrowserWindowLike {
    const existing = this.all()[0];
    if (existing) {
      this.focus(existing);
      return existing;
    }
    return this.create(this.mainBounds());
  }

  /**
   * Reopens the windows saved last time, each on a display that still exists (else where a new
   * main window goes), maximized or full screen as they were; with none saved, the main window.
   */
  restore(saved: readonly SavedWindow[]): BrowserWindowLike[] {
    if (saved.length === 0) return [this.openMain()];
    const displays = this.options.screen.getAllDisplays();
    return saved.map((w) => {
      const placed = placeOnDisplays(w.bounds, displays);
      return this.create(placed ?? this.mainBounds(), placed ? w : undefined);
    });
  }

  /** Fills every display that has no control-room window yet with one, sized to its work area. */
  openOnEveryDisplay(): BrowserWindowLike[] {
    const opened: BrowserWindowLike[] = [];
    for (const display of this.options.screen.getAllDisplays()) {
      if (this.windowOn(display)) continue;
      opened.push(this.create({ ...display.workArea }));
    }
    return opened;
  }

  /** Brings the first window to the front (a second launch of the app lands here). */
  focusExisting(): void {
    const first = this.all()[0];
    if (first) this.focus(first);
    else this.openMain();
  }

  private windowOn(display: DisplayLike): BrowserWindowLike | undefined {
    return this.all().find((w) => contains(display.bounds, centerOf(w.getBounds())));
  }

  private focus(win: BrowserWindowLike): void {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  private mainBounds(): Rectangle {
    const area = this.options.screen.getPrimaryDisplay().workArea;
    const width = Math.min(DEFAULT_SIZE.width, area.width);
    const height = Math.min(DEFAULT_SIZE.height, area.height);
    return {
      x: Math.round(area.x + (area.width - width) / 2),
      y: Math.round(area.y + (area.height - height) / 2),
      width,
      height,
    };
  }

  private create(bounds: Rectangle, state?: Pick<SavedWindow, 'maximized' | 'fullScreen'>): BrowserWindowLike {
    const { BrowserWindow, location, preload, appVersion, icon, openExternal } = this.options;
    const win = new BrowserWindow({
      ...bounds,
      minWidth: 800,
      minHeight: 500,
      show: false,
      title: 'Watchfloor',
      backgroundColor: BACKGROUND,
      ...(icon ? { icon } : {}),
      webPreferences: secureWebPreferences(preload, appVersion),
    });
    hardenWebContents(win.webContents, { location, log: this.log, ...(openExternal ? { openExternal } : {}) });
    this.windows.add(win);
    win.once('ready-to-show', () => {
      if (state?.fullScreen) win.setFullScreen(true);
      else if (state?.maximized) win.maximize();
      win.show();
    });
    this.options.onWindow?.(win);
    win.on('closed', () => this.windows.delete(win));
    win.loadURL(location.url).catch((err: unknown) => {
      this.log(`window failed to load ${location.url}: ${(err as Error).message}`);
    });
    return win;
  }
}
