// Gives each window its own MessagePort to the engine, so live data flows renderer ⇄
// utility process without crossing the main process. Requests are accepted only from the
// top frame of a window we opened showing our own page (VS Code's validateEvent).
import type { AppLocation } from './app-location';
import type {
  BrowserWindowLike,
  IpcMainEventLike,
  IpcMainLike,
  MessageChannelMainConstructor,
  MessagePortMainLike,
  WebContentsLike,
} from './electron-api';
import { IpcChannel } from './ipc-channels';

export interface PortHandoffOptions {
  ipcMain: IpcMainLike;
  MessageChannelMain: MessageChannelMainConstructor;
  location: AppLocation;
  engine: { connect(port: MessagePortMainLike): void };
  windows: { all(): BrowserWindowLike[]; owns(contents: WebContentsLike): boolean };
  log?: (message: string) => void;
}

/** Why a request is refused, or undefined when it comes from our page in our window. */
export function refusalReason(
  event: IpcMainEventLike,
  location: AppLocation,
  windows: { owns(contents: WebContentsLike): boolean },
): string | undefined {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return `a sub-frame (${frame.url}) may not connect`;
  if (!location.owns(frame.url)) return `foreign page ${frame.url || '(blank)'}`;
  if (!windows.owns(event.sender)) return 'the sender is not one of our windows';
  return undefined;
}

export class PortHandoff {
  /** webContents ids that got a port since the engine last went down. */
  private servedSinceExit = new Set<number>();
  private readonly log: (message: string) => void;
  private readonly onRequest = (event: IpcMainEventLike) => {
    const reason = refusalReason(event, this.options.location, this.options.windows);
    if (reason) {
      this.log(`refused an engine connection: ${reason}`);
      return;
    }
    this.offer(event.sender);
  };

  constructor(private readonly options: PortHandoffOptions) {
    this.log = options.log ?? (() => {});
  }

  start(): void {
    this.options.ipcMain.on(IpcChannel.enginePort, this.onRequest);
  }

  stop(): void {
    this.options.ipcMain.removeListener(IpcChannel.enginePort, this.onRequest);
  }

  /** The engine died: every window's port is dead with it. */
  engineExited(): void {
    this.servedSinceExit.clear();
  }

  /** A restarted engine is ready: give each window that has not asked meanwhile a new port. */
  reconnectAll(): void {
    for (const win of this.options.windows.all()) {
      if (!this.servedSinceExit.has(win.webContents.id)) this.offer(win.webContents);
    }
  }

  private offer(contents: WebContentsLike): void {
    if (contents.isDestroyed()) return;
    const { port1, port2 } = new this.options.MessageChannelMain();
    this.options.engine.connect(port1);
    contents.postMessage(IpcChannel.enginePort, null, [port2]);
    this.servedSinceExit.add(contents.id);
  }
}
