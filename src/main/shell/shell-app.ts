// The desktop shell's composition root (Podman Desktop's `class Main`): receives Electron's
// objects and the app's paths, resolves the configuration once, starts the engine in a
// utility process, opens the windows and hands them ports, and stops the engine before the
// app quits. src/main/index.ts passes the real objects; tests pass doubles.
import { loadConfig } from '../engine/config/load-config';
import type { Config } from '../engine/config/config-schema';
import { appMenuTemplate } from './app-menu';
import { AppLocation } from './app-location';
import type {
  AppLike,
  BrowserWindowConstructor,
  DialogModule,
  IpcMainLike,
  MenuModule,
  MessageChannelMainConstructor,
  PreventableEvent,
  ScreenLike,
  SessionLike,
  ShellModule,
  UtilityProcessModule,
} from './electron-api';
import { EngineProcess } from './engine-process';
import { parseLaunchOptions } from './launch-options';
import { PortHandoff } from './port-handoff';
import { WindowManager } from './window-manager';
import { hardenSession } from './window-security';

/** Also the installer's appId (electron-builder), so toasts and the Start menu entry agree. */
export const APP_USER_MODEL_ID = 'com.watchfloor.app';

export interface ShellElectron {
  app: AppLike;
  BrowserWindow: BrowserWindowConstructor;
  utilityProcess: UtilityProcessModule;
  MessageChannelMain: MessageChannelMainConstructor;
  ipcMain: IpcMainLike;
  /** Read only after ready: Electron refuses `defaultSession` before. */
  session: { readonly defaultSession: SessionLike };
  screen: ScreenLike;
  Menu: MenuModule;
  dialog?: DialogModule;
  shell?: ShellModule;
}

export interface ShellPaths {
  /** out/main/engine-host.js */
  engineHost: string;
  /** out/preload/index.cjs */
  preload: string;
  /** out/renderer/index.html */
  rendererIndex: string;
  icon?: string;
}

export interface ShellOptions {
  electron: ShellElectron;
  paths: ShellPaths;
  /** process.argv without the executable. */
  argv: readonly string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL); ignored in packaged builds. */
  devServerUrl?: string;
  log?: (message: string) => void;
  /** How long the engine gets to stop before it is killed. */
  engineStopTimeoutMs?: number;
}

export class ShellApp {
  readonly location: AppLocation;
  readonly windows: WindowManager;
  private engine: EngineProcess | undefined;
  private ports: PortHandoff | undefined;
  private ready = false;
  private quitAllowed = false;
  private stopping: Promise<void> | undefined;
  private readonly log: (message: string) => void;

  constructor(private readonly options: ShellOptions) {
    const { electron, paths, devServerUrl } = options;
    this.log = options.log ?? (() => {});
    this.location =
      devServerUrl && !electron.app.isPackaged
        ? AppLocation.fromDevServer(devServerUrl)
        : AppLocation.fromFile(paths.rendererIndex);
    const shell = electron.shell;
    this.windows = new WindowManager({
      BrowserWindow: electron.BrowserWindow,
      screen: electron.screen,
      location: this.location,
      preload: paths.preload,
      appVersion: electron.app.getVersion(),
      log: this.log,
      ...(paths.icon ? { icon: paths.icon } : {}),
      ...(shell
        ? {
            openExternal: (url: string) => {
              shell
                .openExternal(url)
                .catch((err: unknown) => this.log(`could not open ${url}: ${(err as Error).message}`));
            },
          }
        : {}),
    });
  }

  /** Resolves false when this instance should not run (another one has the lock, or bad config). */
  async start(): Promise<boolean> {
    const { app } = this.options.electron;
    if (!app.requestSingleInstanceLock()) {
      this.log('Watchfloor is already running; its window is brought forward instead');
      app.quit();
      return false;
    }
    app.on('second-instance', () => {
      if (this.ready) this.windows.focusExisting();
    });
    app.on('window-all-closed', () => {
      if (this.options.platform !== 'darwin') app.quit();
    });
    app.on('activate', () => {
      if (this.ready && this.windows.all().length === 0) this.windows.openMain();
    });
    app.on('before-quit', (event) => this.onBeforeQuit(event));
    // Windows shows a desktop notification only for an app with a user model id.
    if (this.options.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

    await app.whenReady();

    let config: Config;
    let newState: boolean;
    try {
      ({ config, newState } = this.resolveConfig());
    } catch (err) {
      const message = (err as Error).message;
      this.log(`configuration error: ${message}`);
      this.options.electron.dialog?.showErrorBox('Watchfloor cannot start', message);
      app.exit(1);
      return false;
    }

    hardenSession(this.options.electron.session.defaultSession, this.location);
    this.startEngine(config, newState);
    this.installMenu();
    this.ready = true;
    this.windows.openMain();
    return true;
  }

  /** Stops the engine (waiting for it to close its stores) and detaches IPC. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.ports?.stop();
      await this.engine?.stop(this.options.engineStopTimeoutMs ?? 5_000);
    })();
    return this.stopping;
  }

  openOnEveryDisplay(): void {
    this.windows.openOnEveryDisplay();
  }

  private resolveConfig(): { config: Config; newState: boolean } {
    const { configFile, flags, newState } = parseLaunchOptions(this.options.argv);
    const config = loadConfig({
      ...(configFile ? { file: configFile } : {}),
      env: this.options.env,
      flags,
      defaultDataDir: this.options.electron.app.getPath('userData'),
    });
    return { config, newState };
  }

  /** The engine refused to start (its reason names the file and the way out): say so and quit. */
  private engineCannotStart(message: string): void {
    this.log(`the engine cannot start: ${message}`);
    this.options.electron.dialog?.showErrorBox('Watchfloor cannot start', message);
    this.quitAllowed = true;
    this.options.electron.app.exit(1);
  }

  private startEngine(config: Config, newState: boolean): void {
    const { electron, paths } = this.options;
    const engine = new EngineProcess({
      utilityProcess: electron.utilityProcess,
      modulePath: paths.engineHost,
      config,
      version: electron.app.getVersion(),
      newState,
      log: this.log,
      onReady: ({ restarted }) => {
        if (restarted) this.ports?.reconnectAll();
      },
      onUnexpectedExit: () => this.ports?.engineExited(),
      onStartFailure: (message) => this.engineCannotStart(message),
    });
    const ports = new PortHandoff({
      ipcMain: electron.ipcMain,
      MessageChannelMain: electron.MessageChannelMain,
      location: this.location,
      engine,
      windows: this.windows,
      log: this.log,
    });
    this.engine = engine;
    this.ports = ports;
    ports.start();
    engine.start();
  }

  private installMenu(): void {
    const { Menu, app } = this.options.electron;
    const template = appMenuTemplate({
      platform: this.options.platform,
      devTools: !app.isPackaged,
      openOnEveryDisplay: () => this.openOnEveryDisplay(),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  /** Quitting waits for the engine: the first before-quit is cancelled, the engine stopped, then quit again. */
  private onBeforeQuit(event: PreventableEvent): void {
    if (this.quitAllowed) return;
    event.preventDefault();
    void this.stop()
      .catch((err: unknown) => this.log(`stopping the engine failed: ${(err as Error).message}`))
      .finally(() => {
        this.quitAllowed = true;
        this.options.electron.app.quit();
      });
  }
}
