// The windows of a workstation's active layout (issue 16, point 4): one per display of the layout,
// each loading the page with that display's view (`?workstation=&layout=&display=N[&kiosk=1]#view`,
// the same URL a browser on that display would open: renderer/src/app/layout-url.ts), placed by
// display-plan.ts. It follows the screen: a display unplugged sends its window to the primary
// display, and plugging it back returns the same window (the page is never reloaded, so nothing
// typed is lost); a rearrangement, a new scale factor or another primary display re-places them.
// While any window is in kiosk mode the displays are kept awake (powerSaveBlocker).
//
// The shell learns the layout from the page: a window that is not a layout window reads its
// workstation's active layout after sign-in and hands it over (station-ipc.ts, `openLayout`),
// validated again here with the contract's schema. So the engine stays the one place layouts
// are kept, and a desktop attached to a central engine gets the central engine's layouts.
import type { DisplayAssignment, Layout } from '../../shared/display-layouts';
import { routeOf } from '../../shared/display-layouts';
import { keepVisible, planWindows, type WindowPlan } from './display-plan';
import type { BrowserWindowLike, PowerSaveBlockerLike, Rectangle, ScreenEvent, ScreenLike } from './electron-api';

export interface LayoutWindowSpec {
  display: number;
  bounds: Rectangle;
  kiosk: boolean;
  url: string;
  title: string;
}

export interface LayoutWindowsOptions {
  screen: ScreenLike;
  /** The page's URL (AppLocation.url); each window adds its query and hash. */
  pageUrl: string;
  /** Opens one window (WindowManager.openLayoutWindow: the secure preferences, the guards). */
  open: (spec: LayoutWindowSpec) => BrowserWindowLike;
  /** Every window of the app (WindowManager): those not of the layout close when it opens. */
  windows?: { all(): BrowserWindowLike[]; openMain(): unknown };
  powerSaveBlocker?: PowerSaveBlockerLike;
  log?: (message: string) => void;
}

export interface AppliedLayout {
  workstation: string;
  name: string;
  displays: readonly DisplayAssignment[];
}

const SCREEN_EVENTS: readonly ScreenEvent[] = ['display-added', 'display-removed', 'display-metrics-changed'];

/** The URL of one display of a layout: what a browser on that display opens too. */
export function layoutUrl(pageUrl: string, workstation: string, layout: string, a: DisplayAssignment): string {
  const url = new URL(pageUrl);
  const query = new URLSearchParams({ workstation, layout, display: String(a.display) });
  if (a.kiosk) query.set('kiosk', '1');
  url.search = query.toString();
  url.hash = routeOf(a);
  return url.href;
}

export class LayoutWindows {
  private applied: AppliedLayout | undefined;
  private readonly windows = new Map<number, { win: BrowserWindowLike; plan: WindowPlan }>();
  private blocker: number | undefined;
  private readonly onScreen = () => this.replan();
  private readonly log: (message: string) => void;

  constructor(private readonly options: LayoutWindowsOptions) {
    this.log = options.log ?? (() => {});
  }

  /** Follows the screen from now on (Electron's screen may be used only once the app is ready). */
  start(): void {
    for (const e of SCREEN_EVENTS) this.options.screen.on?.(e, this.onScreen);
  }

  /** The layout open now, if any. */
  current(): AppliedLayout | undefined {
    return this.applied;
  }

  /** True when the window belongs to the open layout. */
  has(win: BrowserWindowLike): boolean {
    return [...this.windows.values()].some((w) => w.win === win);
  }

  /** Opens the layout's windows, closing those of the layout open before; the same layout again changes nothing. */
  apply(layout: AppliedLayout): BrowserWindowLike[] {
    if (this.applied && sameLayout(this.applied, layout) && this.windows.size > 0) return this.all();
    this.close();
    this.applied = layout;
    const { screen, pageUrl, open } = this.options;
    for (const plan of planWindows(layout.displays, screen.getAllDisplays(), screen.getPrimaryDisplay())) {
      const a = layout.displays.find((d) => d.display === plan.display)!;
      const win = open({
        display: plan.display,
        bounds: plan.bounds,
        kiosk: plan.kiosk,
        url: layoutUrl(pageUrl, layout.workstation, layout.name, a),
        title: `Watchfloor — ${layout.name}, display ${plan.display}`,
      });
      this.windows.set(plan.display, { win, plan });
      win.on('closed', () => {
        if (this.windows.get(plan.display)?.win === win) this.windows.delete(plan.display);
        this.keepAwake();
      });
    }
    this.log(`layout "${layout.name}" of ${layout.workstation}: ${this.windows.size} window(s)`);
    this.keepAwake();
    return this.all();
  }

  /**
   * A page read its workstation's active layout: open one window per display with its view and
   * close the app's other windows (the layout wins); null closes the layout's windows and leaves
   * one main window.
   */
  switchTo(workstation: string, layout: Layout | null): void {
    const others = this.options.windows;
    if (!layout) {
      if (!this.applied) return;
      this.close();
      if (others && others.all().length === 0) others.openMain();
      return;
    }
    if (this.apply({ workstation, name: layout.name, displays: layout.displays }).length === 0) return;
    for (const win of others?.all() ?? []) if (!this.has(win)) win.close();
  }

  /** Closes the layout's windows. */
  close(): void {
    const open = this.all();
    this.windows.clear();
    this.applied = undefined;
    for (const win of open) win.close();
    this.keepAwake();
  }

  /** Re-places every window for the displays there are now. */
  replan(): void {
    if (!this.applied) return;
    const { screen } = this.options;
    const displays = screen.getAllDisplays();
    const primary = screen.getPrimaryDisplay();
    for (const plan of planWindows(this.applied.displays, displays, primary)) {
      const entry = this.windows.get(plan.display);
      if (!entry || entry.win.isDestroyed()) continue;
      const { win } = entry;
      // Out of kiosk before moving (a kiosk window ignores bounds), into it after.
      if (!plan.kiosk && win.isKiosk()) win.setKiosk(false);
      win.setBounds(keepVisible(plan.bounds, displays, primary));
      if (plan.kiosk && !win.isKiosk()) win.setKiosk(true);
      if (plan.moved !== entry.plan.moved)
        this.log(
          `display ${plan.display} ${plan.moved ? 'is missing: its view moved to the primary display' : 'is back'}`,
        );
      entry.plan = plan;
    }
    this.keepAwake();
  }

  /** Stops following the screen (the app quits). */
  stop(): void {
    for (const e of SCREEN_EVENTS) this.options.screen.removeListener?.(e, this.onScreen);
    if (this.blocker !== undefined) this.options.powerSaveBlocker?.stop(this.blocker);
    this.blocker = undefined;
  }

  /** Where each display's window is now (for tests and the log). */
  placement(): { display: number; window: BrowserWindowLike; moved: boolean }[] {
    return [...this.windows.entries()]
      .filter(([, e]) => !e.win.isDestroyed())
      .map(([display, e]) => ({ display, window: e.win, moved: e.plan.moved }));
  }

  private all(): BrowserWindowLike[] {
    return [...this.windows.values()].map((e) => e.win).filter((w) => !w.isDestroyed());
  }

  private keepAwake(): void {
    const blocker = this.options.powerSaveBlocker;
    if (!blocker) return;
    const kiosk = this.all().some((w) => w.isKiosk());
    if (kiosk && this.blocker === undefined) this.blocker = blocker.start('prevent-display-sleep');
    if (!kiosk && this.blocker !== undefined) {
      blocker.stop(this.blocker);
      this.blocker = undefined;
    }
  }
}

function sameLayout(a: AppliedLayout, b: AppliedLayout): boolean {
  return (
    a.workstation === b.workstation && a.name === b.name && JSON.stringify(a.displays) === JSON.stringify(b.displays)
  );
}
