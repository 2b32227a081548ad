// Hand-written doubles of the Electron objects the shell uses, for unit tests in plain Node.
// They record what the shell did and let a test play Electron's part (emit events, exit a
// process, report a display). Not imported by production code.
import type {
  AppLike,
  BrowserWindowConstructorOptions,
  BrowserWindowLike,
  DisplayLike,
  ForkOptions,
  FrameLike,
  HeadersReceivedDetails,
  IpcMainEventLike,
  IpcMainLike,
  MenuItemConstructorOptions,
  MessagePortMainLike,
  PowerSaveBlockerLike,
  PreventableEvent,
  Rectangle,
  ScreenEvent,
  ScreenLike,
  SessionLike,
  UtilityProcessLike,
  WebContentsLike,
  WindowOpenDetails,
} from '../electron-api';

type Listener = (...args: never[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.removeListener(event, wrapped);
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter implements WebContentsLike {
  readonly id = nextContentsId++;
  destroyed = false;
  windowOpenHandler: ((details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }) | undefined;
  readonly posted: { channel: string; message: unknown; transfer: MessagePortMainLike[] }[] = [];

  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }): void {
    this.windowOpenHandler = handler;
  }
  postMessage(channel: string, message: unknown, transfer: MessagePortMainLike[] = []): void {
    this.posted.push({ channel, message, transfer });
  }
  /** Plays a navigation attempt; returns whether the shell prevented it. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const e = new FakeEvent();
    this.emit(event, e, url);
    return e.defaultPrevented;
  }
}

export class FakeBrowserWindowBase extends Emitter implements BrowserWindowLike {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  bounds: Rectangle;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.kiosk = options.kiosk ?? false;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getBounds(): Rectangle {
    return { ...this.bounds };
  }
  maximized = false;
  fullScreen = false;
  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag;
    this.emit(flag ? 'enter-full-screen' : 'leave-full-screen');
  }
  kiosk: boolean;
  setBounds(bounds: Rectangle): void {
    this.bounds = { ...bounds };
  }
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }
  isKiosk(): boolean {
    return this.kiosk;
  }
  /** The user moves or resizes the window (its normal bounds). */
  moveTo(bounds: Rectangle): void {
    this.bounds = { ...bounds };
    this.emit('move');
    this.emit('resize');
  }
  /** The user closes the window. */
  close(): void {
    this.emit('close');
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** A BrowserWindow class whose instances are collected in `created`. */
export function fakeBrowserWindowClass() {
  const created: FakeBrowserWindowBase[] = [];
  class FakeBrowserWindow extends FakeBrowserWindowBase {
    constructor(options: BrowserWindowConstructorOptions) {
      super(options);
      created.push(this);
    }
  }
  return { BrowserWindow: FakeBrowserWindow, created };
}

export class FakeSession implements SessionLike {
  requestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  checkHandler: ((wc: unknown, permission: string) => boolean) | undefined;
  headersListener:
    | ((
        details: HeadersReceivedDetails,
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void)
    | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: NonNullable<FakeSession['requestHandler']>): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<FakeSession['checkHandler']>): void {
    this.checkHandler = handler;
  }
  /** Asks for a permission the way a page would; resolves with the answer. */
  request(permission: string): boolean | undefined {
    let answer: boolean | undefined;
    this.requestHandler?.({}, permission, (granted) => {
      answer = granted;
    });
    return answer;
  }
  /** Plays a response arriving; returns the headers the shell let through. */
  respond(url: string, responseHeaders: Record<string, string[]> = {}): Record<string, string | string[]> | undefined {
    let out: Record<string, string | string[]> | undefined;
    this.headersListener?.({ url, responseHeaders }, (response) => {
      out = response.responseHeaders;
    });
    return out;
  }
}

export class FakePort extends Emitter implements MessagePortMainLike {
  started = false;
  closed = false;
  readonly sent: unknown[] = [];
  peer: FakePort | undefined;
  postMessage(message: unknown): void {
    this.sent.push(message);
    this.peer?.emit('message', { data: message });
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
    this.peer?.close();
  }
}

export function fakeMessageChannelClass() {
  const created: { port1: FakePort; port2: FakePort }[] = [];
  class FakeMessageChannelMain {
    readonly port1 = new FakePort();
    readonly port2 = new FakePort();
    constructor() {
      this.port1.peer = this.port2;
      this.port2.peer = this.port1;
      created.push(this);
    }
  }
  return { MessageChannelMain: FakeMessageChannelMain, created };
}

export class FakeIpcMain implements IpcMainLike {
  private readonly emitter = new Emitter();
  on(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): this {
    this.emitter.on(channel, listener as Listener);
    return this;
  }
  removeListener(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): this {
    this.emitter.removeListener(channel, listener as Listener);
    return this;
  }
  listenerCount(channel: string): number {
    return this.emitter.listenerCount(channel);
  }
  /** Plays the renderer sending on `channel`. */
  send(channel: string, sender: WebContentsLike, frame: FrameLike | null, ...args: unknown[]): void {
    const event: IpcMainEventLike = { sender, senderFrame: frame };
    this.emitter.emit(channel, event, ...args);
  }
  readonly handlers = new Map<string, (event: IpcMainEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Plays the renderer invoking `channel`: resolves with the handler's answer, like ipcRenderer.invoke. */
  async invoke(
    channel: string,
    sender: WebContentsLike,
    frame: FrameLike | null,
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, ...args);
  }
}

export function frame(url: string, parent: FrameLike | null = null): FrameLike {
  return { url, parent };
}

export class FakeUtilityProcess extends Emitter implements UtilityProcessLike {
  static nextPid = 1000;
  readonly pid = FakeUtilityProcess.nextPid++;
  readonly received: { message: unknown; transfer: MessagePortMainLike[] }[] = [];
  killed = false;
  exited = false;
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: ForkOptions | undefined,
  ) {
    super();
  }
  postMessage(message: unknown, transfer: MessagePortMainLike[] = []): void {
    this.received.push({ message, transfer });
  }
  kill(): boolean {
    this.killed = true;
    this.exit(-15);
    return true;
  }
  /** The process ends (crash, or after a stop). */
  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code);
  }
  /** The host reports to the parent. */
  report(message: unknown): void {
    this.emit('message', message);
  }
  messages(): unknown[] {
    return this.received.map((r) => r.message);
  }
}

export function fakeUtilityProcessModule() {
  const forks: FakeUtilityProcess[] = [];
  return {
    forks,
    utilityProcess: {
      fork(modulePath: string, args: string[] = [], options?: ForkOptions): FakeUtilityProcess {
        const child = new FakeUtilityProcess(modulePath, args, options);
        forks.push(child);
        return child;
      },
    },
  };
}

export function display(id: number, x: number, y: number, width = 1920, height = 1080): DisplayLike {
  return { id, bounds: { x, y, width, height }, workArea: { x, y: y + 25, width, height: height - 25 } };
}

export class FakeScreen extends Emitter implements ScreenLike {
  /** The primary display's id; default: the first display. */
  primaryId: number | undefined;
  constructor(public displays: DisplayLike[] = [display(1, 0, 0)]) {
    super();
  }
  getAllDisplays(): DisplayLike[] {
    return this.displays;
  }
  getPrimaryDisplay(): DisplayLike {
    return this.displays.find((d) => d.id === this.primaryId) ?? this.displays[0]!;
  }
  /** The OS reports a change: displays plugged in or out, rearranged, rescaled or another made primary. */
  change(event: ScreenEvent, displays: DisplayLike[], primaryId = this.primaryId): void {
    this.displays = displays;
    this.primaryId = primaryId;
    this.emit(event);
  }
}

/** A display at a scale factor: `physical` pixels shown as physical / scale DIPs, with a taskbar of 40 DIPs. */
export function scaledDisplay(
  id: number,
  x: number,
  y: number,
  physical: [number, number],
  scale: number,
): DisplayLike {
  const width = physical[0] / scale;
  const height = physical[1] / scale;
  return { id, scaleFactor: scale, bounds: { x, y, width, height }, workArea: { x, y, width, height: height - 40.4 } };
}

export class FakePowerSaveBlocker implements PowerSaveBlockerLike {
  private next = 1;
  readonly started = new Set<number>();
  start(type: 'prevent-display-sleep'): number {
    if (type !== 'prevent-display-sleep') throw new Error(type);
    const id = this.next++;
    this.started.add(id);
    return id;
  }
  stop(id: number): void {
    this.started.delete(id);
  }
}

export class FakeMenu {
  template: MenuItemConstructorOptions[] | undefined;
  applied: unknown;
  buildFromTemplate(template: MenuItemConstructorOptions[]): unknown {
    this.template = template;
    return { template };
  }
  setApplicationMenu(menu: unknown): void {
    this.applied = menu;
  }
  /** Finds an item by label anywhere in the template and clicks it. */
  click(label: string): void {
    const find = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        if (Array.isArray(item.submenu)) {
          const hit = find(item.submenu);
          if (hit) return hit;
        }
      }
      return undefined;
    };
    const item = this.template && find(this.template);
    if (!item?.click) throw new Error(`no menu item "${label}"`);
    (item.click as () => void)();
  }
}

export class FakeApp extends Emitter implements AppLike {
  isPackaged = false;
  hasLock = true;
  quitCalls = 0;
  exitCode: number | undefined;
  constructor(readonly userData = '/tmp/watchfloor-fake-user-data') {
    super();
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(): string {
    return this.userData;
  }
  getVersion(): string {
    return '9.9.9';
  }
  getName(): string {
    return 'Watchfloor';
  }
  relaunches = 0;
  relaunch(): void {
    this.relaunches += 1;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  appUserModelId: string | undefined;
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  openAtLogin = false;
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.openAtLogin };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.openAtLogin = settings.openAtLogin;
  }
  quit(): void {
    this.quitCalls += 1;
    // Electron emits before-quit; a listener may cancel the quit.
    this.emit('before-quit', new FakeEvent());
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  /** Plays the user quitting; returns whether the shell held the quit back. */
  requestQuit(): boolean {
    const event = new FakeEvent();
    this.emit('before-quit', event);
    return event.defaultPrevented;
  }
}
