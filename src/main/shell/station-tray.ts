// The tray icon: the station's alarm count where the operator sees it with every window covered
// or minimised — "3 unacknowledged alarms" as tooltip (and beside the icon in macOS's menu bar),
// a badged icon while any are unacknowledged, and a menu to bring the control room back, fill
// every display, or quit (the orderly quit: the engine stops first).
//
// The counts come from the windows (station-ipc.ts): each window reports the queue it shows,
// and the tray shows the largest report of the windows still open — windows of one station show
// the same engine, and one that is still loading must not hide the others' alarms.
import type { AlarmSummary } from '../../shared/alarm-summary';
import { OPEN_ON_EVERY_DISPLAY_LABEL } from './app-menu';
import type { MenuItemConstructorOptions, MenuModule, TrayConstructor, TrayLike } from './electron-api';

export interface TrayIcons {
  /** resources/tray/tray.png: the Watchfloor mark. */
  normal: string;
  /** resources/tray/tray-alarm.png: the mark with the alarm badge. */
  alarm: string;
}

export interface StationTrayOptions {
  Tray: TrayConstructor;
  Menu: Pick<MenuModule, 'buildFromTemplate'>;
  icons: TrayIcons;
  platform: NodeJS.Platform;
  show(): void;
  openOnEveryDisplay(): void;
  quit(): void;
}

export const SHOW_LABEL = 'Show Watchfloor';
export const QUIT_LABEL = 'Quit Watchfloor';

export function alarmCountText(unacknowledged: number): string {
  if (unacknowledged === 0) return 'No unacknowledged alarms';
  return `${unacknowledged} unacknowledged alarm${unacknowledged === 1 ? '' : 's'}`;
}

export class StationTray {
  private tray: TrayLike | undefined;
  private readonly reports = new Map<number, AlarmSummary>();
  private shown: number | undefined;

  constructor(private readonly options: StationTrayOptions) {}

  start(): void {
    const { Tray, Menu, icons } = this.options;
    const tray = new Tray(icons.normal);
    const template: MenuItemConstructorOptions[] = [
      { label: SHOW_LABEL, click: () => this.options.show() },
      { label: OPEN_ON_EVERY_DISPLAY_LABEL, click: () => this.options.openOnEveryDisplay() },
      { type: 'separator' },
      { label: QUIT_LABEL, click: () => this.options.quit() },
    ];
    tray.setContextMenu(Menu.buildFromTemplate(template));
    // Windows and most Linux desktops: a click on the icon brings the control room forward.
    tray.on('click', () => this.options.show());
    this.tray = tray;
    this.render();
  }

  /** A window's latest counts (by its webContents id). */
  report(windowId: number, summary: AlarmSummary): void {
    this.reports.set(windowId, summary);
    this.render();
  }

  /** The window closed: its counts no longer count. */
  forget(windowId: number): void {
    if (this.reports.delete(windowId)) this.render();
  }

  stop(): void {
    this.tray?.destroy();
    this.tray = undefined;
  }

  private render(): void {
    const tray = this.tray;
    if (!tray) return;
    const unacknowledged = Math.max(0, ...[...this.reports.values()].map((r) => r.unacknowledged));
    if (unacknowledged === this.shown) return;
    const first = this.shown === undefined;
    this.shown = unacknowledged;
    tray.setToolTip(`Watchfloor — ${alarmCountText(unacknowledged)}`);
    if (this.options.platform === 'darwin') tray.setTitle(unacknowledged > 0 ? String(unacknowledged) : '');
    if (!first || unacknowledged > 0) {
      tray.setImage(unacknowledged > 0 ? this.options.icons.alarm : this.options.icons.normal);
    }
  }
}
