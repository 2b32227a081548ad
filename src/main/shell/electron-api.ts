// The slice of Electron's main-process API the shell uses, as plain structural interfaces.
// The real objects satisfy them (src/main/index.ts passes them in); unit tests pass small
// hand-written doubles instead, so the shell runs in plain Node without Electron.
import type { BrowserWindowConstructorOptions, ForkOptions, MenuItemConstructorOptions, Rectangle } from 'electron';

export type { BrowserWindowConstructorOptions, ForkOptions, MenuItemConstructorOptions, Rectangle };

export interface PreventableEvent {
  preventDefault(): void;
}

export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export interface WindowOpenDetails {
  url: string;
}

export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  postMessage(channel: string, message: unknown, transfer?: MessagePortMainLike[]): void;
}

/** Window events the shell listens to; move … leave-full-screen and close feed window-state.ts. */
export type BrowserWindowEvent =
  | 'ready-to-show'
  | 'closed'
  | 'close'
  | 'move'
  | 'resize'
  | 'maximize'
  | 'unmaximize'
  | 'enter-full-screen'
  | 'leave-full-screen';

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  on(event: BrowserWindowEvent, listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  getBounds(): Rectangle;
  /** The bounds it returns to when no longer maximized or full screen. */
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  maximize(): void;
  setFullScreen(flag: boolean): void;
  /** Layout windows (layout-windows.ts): moved between displays, in and out of kiosk mode. */
  setBounds(bounds: Rectangle): void;
  setKiosk(flag: boolean): void;
  isKiosk(): boolean;
  close(): void;
}

export type BrowserWindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindowLike;

export interface PermissionHandlers {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface SessionLike extends PermissionHandlers {
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersReceivedDetails,
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}

export interface MessagePortMainLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export interface MessageChannelMainLike {
  readonly port1: MessagePortMainLike;
  readonly port2: MessagePortMainLike;
}

export type MessageChannelMainConstructor = new () => MessageChannelMainLike;

export interface IpcMainEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  on(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): unknown;
  /** invoke/handle: the listener's (awaited) return value is the renderer's answer. */
  handle(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Electron's safeStorage: OS-level encryption (Keychain, DPAPI, Secret Service / kwallet). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means no keyring, and "encryption" with a hard-coded key. */
  getSelectedStorageBackend?(): string;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

export interface UtilityProcessLike {
  readonly pid: number | undefined;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown, transfer?: MessagePortMainLike[]): void;
  kill(): boolean;
}

export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcessLike;
}

export interface DisplayLike {
  readonly id: number;
  /** In DIPs, as every coordinate here (Electron's own unit): the same at any scale factor. */
  readonly bounds: Rectangle;
  readonly workArea: Rectangle;
  readonly scaleFactor?: number;
}

/** Display changes the layout windows follow (a primary change arrives as one of them). */
export type ScreenEvent = 'display-added' | 'display-removed' | 'display-metrics-changed';

export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
  getPrimaryDisplay(): DisplayLike;
  on?(event: ScreenEvent, listener: () => void): unknown;
  removeListener?(event: ScreenEvent, listener: () => void): unknown;
}

/** Electron's powerSaveBlocker: kiosk displays must not sleep. */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
}

export interface MenuModule {
  buildFromTemplate(template: MenuItemConstructorOptions[]): unknown;
  setApplicationMenu(menu: unknown): void;
}

export interface AppLike {
  readonly isPackaged: boolean;
  whenReady(): Promise<unknown>;
  getPath(name: 'userData'): string;
  getVersion(): string;
  requestSingleInstanceLock(): boolean;
  /** Windows: the identity toasts (notifications) are shown under. */
  setAppUserModelId(id: string): void;
  /** Windows and macOS: start at login (login-item.ts). */
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  quit(): void;
  exit(code?: number): void;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): unknown;
  /** The updater (station/app-adapter.ts): the app's name, a restart after quitting, and the exit code. */
  getName(): string;
  relaunch(): void;
  on(event: 'quit', listener: (event: unknown, exitCode: number) => void): unknown;
}

export interface OpenDialogOptionsLike {
  title?: string;
  properties: ('openDirectory' | 'createDirectory' | 'dontAddToRecent')[];
}

export interface DialogModule {
  showErrorBox(title: string, content: string): void;
  /** A folder chooser attached to `window` (one of ours; station-ipc.ts). */
  showOpenDialog?(window: unknown, options: OpenDialogOptionsLike): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** Electron's Tray (station-tray.ts); images are file paths (an @2x file beside one is used on HiDPI). */
export interface TrayLike {
  setImage(image: string): void;
  setToolTip(text: string): void;
  /** macOS only: text beside the icon in the menu bar. */
  setTitle(title: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export type TrayConstructor = new (image: string) => TrayLike;

export interface ShellModule {
  openExternal(url: string): Promise<void>;
}
