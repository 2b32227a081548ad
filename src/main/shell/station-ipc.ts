// The shell's side of window.watchfloor.station (src/shared/preload-api.ts): alarm counts for
// the tray (one-way), and the OS's folder chooser (invoke). Like the engine's calls
// (engine-ipc.ts), both are accepted only from the top frame of one of our windows showing our
// page; a report is checked against its schema (src/shared/alarm-summary.ts) before it counts.
import { z } from 'zod';
import { AlarmSummary } from '../../shared/alarm-summary';
import { Layout, WorkstationName, type Layout as LayoutValue } from '../../shared/display-layouts';
import { STATION_CHANNELS } from '../../shared/preload-api';
import type { AppLocation } from './app-location';
import type { BrowserWindowLike, DialogModule, IpcMainEventLike, IpcMainLike, WebContentsLike } from './electron-api';
import { refusalReason } from './port-handoff';

/** What a window may ask (preload-api.ts OpenLayoutRequest), checked with the contract's own schemas. */
const OpenLayout = z.object({ workstation: WorkstationName, layout: Layout.nullable() }).strict();

export interface StationIpcOptions {
  ipcMain: IpcMainLike;
  location: AppLocation;
  windows: {
    owns(contents: WebContentsLike): boolean;
    fromContents(contents: WebContentsLike): BrowserWindowLike | undefined;
  };
  dialog?: Pick<DialogModule, 'showOpenDialog'>;
  /** A window's valid report, with its webContents id. */
  onAlarms(windowId: number, summary: AlarmSummary): void;
  /** A window's valid request to open its workstation's active layout (null: none). */
  onLayout?(request: { workstation: string; layout: LayoutValue | null }): void;
  log?: (message: string) => void;
}

export class StationIpc {
  private readonly log: (message: string) => void;
  private readonly onReport = (event: IpcMainEventLike, summary?: unknown) => {
    const reason = refusalReason(event, this.options.location, this.options.windows);
    if (reason) {
      this.log(`refused an alarm report: ${reason}`);
      return;
    }
    const parsed = AlarmSummary.safeParse(summary);
    if (!parsed.success) {
      this.log('refused an alarm report: not an alarm summary');
      return;
    }
    this.options.onAlarms(event.sender.id, parsed.data);
  };

  private readonly onOpenLayout = (event: IpcMainEventLike, request?: unknown) => {
    const reason = refusalReason(event, this.options.location, this.options.windows);
    if (reason) {
      this.log(`refused a layout: ${reason}`);
      return;
    }
    const parsed = OpenLayout.safeParse(request);
    if (!parsed.success) {
      this.log(`refused a layout: ${parsed.error.issues[0]?.message ?? 'not a layout'}`);
      return;
    }
    this.options.onLayout?.(parsed.data);
  };

  constructor(private readonly options: StationIpcOptions) {
    this.log = options.log ?? (() => {});
  }

  start(): void {
    this.options.ipcMain.on(STATION_CHANNELS.reportAlarms, this.onReport);
    this.options.ipcMain.on(STATION_CHANNELS.openLayout, this.onOpenLayout);
    this.options.ipcMain.handle(STATION_CHANNELS.chooseFolder, (event) => this.chooseFolder(event));
  }

  stop(): void {
    this.options.ipcMain.removeListener(STATION_CHANNELS.reportAlarms, this.onReport);
    this.options.ipcMain.removeListener(STATION_CHANNELS.openLayout, this.onOpenLayout);
    this.options.ipcMain.removeHandler(STATION_CHANNELS.chooseFolder);
  }

  private async chooseFolder(event: IpcMainEventLike): Promise<string | null> {
    const reason = refusalReason(event, this.options.location, this.options.windows);
    if (reason) {
      this.log(`refused a folder chooser: ${reason}`);
      return null;
    }
    const win = this.options.windows.fromContents(event.sender);
    const showOpenDialog = this.options.dialog?.showOpenDialog;
    if (!win || !showOpenDialog) return null;
    const result = await showOpenDialog.call(this.options.dialog, win, {
      title: 'Choose a folder',
      properties: ['openDirectory', 'dontAddToRecent'],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
}
