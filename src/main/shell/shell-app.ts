// The desktop shell's composition root (Podman Desktop's `class Main`): receives Electron's
// objects and the app's paths, resolves the configuration once, starts the engine in a
// utility process, opens the windows and hands them ports, and stops the engine before the
// app quits. src/main/index.ts passes the real objects; tests pass doubles. The engine host runs
// this station's engine, or relays the windows to a central engine (engine-target-store.ts,
// engine-ipc.ts: Settings → Engine switches between them). The station's updater is built once per
// app and outlives engine hosts: each host reaches it through the StationBridge (station/). The
// desktop's conveniences: one instance, windows reopened where they were (window-state.ts), and the
// tray's alarm count (station-tray.ts, fed by the windows through station-ipc.ts).
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../engine/config/load-config';
import { dataDirNotice } from '../engine/config/data-dir';
import type { Config } from '../engine/config/config-schema';
import type { EngineTarget } from '../../shared/engine-target';
import { ENGINE_CHANNELS } from '../../shared/preload-api';
import { appMenuTemplate } from './app-menu';
import { AppLocation } from './app-location';
import type {
  AppLike,
  BrowserWindowConstructor,
  DialogModule,
  IpcMainLike,
  MenuModule,
  MessageChannelMainConstructor,
  PowerSaveBlockerLike,
  PreventableEvent,
  SafeStorageLike,
  ScreenLike,
  SessionLike,
  ShellModule,
  TrayConstructor,
  UtilityProcessModule,
} from './electron-api';
import { EngineIpc } from './engine-ipc';
import { EngineProcess } from './engine-process';
import { readEngineTarget, writeEngineTarget } from './engine-target-store';
import { desktopSecretsKey } from './secrets-key';
import { parseLaunchOptions } from './launch-options';
import { PortHandoff } from './port-handoff';
import { StationIpc } from './station-ipc';
import { StationTray, type TrayIcons } from './station-tray';
import { LayoutWindows } from './layout-windows';
import { WindowManager } from './window-manager';
import { hardenSession } from './window-security';
import { singleInstanceLock } from './single-instance';
import { StationBridge } from './station/station-bridge';
import { createStationUpdates, type ShellUpdater, type StationUpdates } from './station/station-updates';
import type { LoginItem } from './updates/update-service-options';
import { WindowStateKeeper } from './window-state';

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
  /** Encrypts the data key that seals stored secrets; absent or unusable: the engine's key file. */
  safeStorage?: SafeStorageLike;
  /** The updater's Electron parts; absent: this station's updates are not managed (station/station-updates.ts). */
  updater?: ShellUpdater;
  /** The tray icon with the alarm count; absent: no tray. */
  Tray?: TrayConstructor;
  /** Keeps kiosk displays awake (layout-windows.ts); absent: they may sleep. */
  powerSaveBlocker?: PowerSaveBlockerLike;
}

export interface ShellPaths {
  /** out/main/engine-host.js */
  engineHost: string;
  /** out/preload/index.cjs */
  preload: string;
  /** out/renderer/index.html */
  rendererIndex: string;
  icon?: string;
  /** process.resourcesPath: app-update.yml and the release public key of the packaged app. Default: beside out/. */
  resources?: string;
  /** The app's folder (the repository in development: build/update-signing-key.pem). Default: above out/. */
  appRoot?: string;
  /** resources/tray/*.png; absent: no tray. */
  trayIcons?: TrayIcons;
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
  /** Start at login (Settings → About/Updates); absent: the station says it cannot. */
  loginItem?: LoginItem;
}

export class ShellApp {
  readonly location: AppLocation;
  readonly windows: WindowManager;
  /** The windows of this workstation's active display layout, when it has one. */
  readonly layouts: LayoutWindows;
  private engine: EngineProcess | undefined;
  private ports: PortHandoff | undefined;
  private engineIpc: EngineIpc | undefined;
  private stationIpc: StationIpc | undefined;
  private tray: StationTray | undefined;
  private readonly windowState: WindowStateKeeper;
  private target: EngineTarget = { kind: 'local' };
  private remoteProblem: { message: string | null; certificateChanged: boolean } = {
    message: null,
    certificateChanged: false,
  };
  private config: Config | undefined;
  private newState = false;
  private ready = false;
  private quitAllowed = false;
  private stopping: Promise<void> | undefined;
  private readonly log: (message: string) => void;
  /** The station's updater and the engine hosts, one after the other, that answer for it. */
  readonly station: StationBridge;
  private updates: StationUpdates | undefined;

  constructor(private readonly options: ShellOptions) {
    const { electron, paths, devServerUrl } = options;
    this.log = options.log ?? (() => {});
    this.station = new StationBridge({ host: () => this.engine, log: this.log });
    this.location =
      devServerUrl && !electron.app.isPackaged
        ? AppLocation.fromDevServer(devServerUrl)
        : AppLocation.fromFile(paths.rendererIndex);
    const shell = electron.shell;
    this.windowState = new WindowStateKeeper({
      file: join(electron.app.getPath('userData'), 'window-state.json'),
      windows: () => this.windows.all(),
      log: this.log,
    });
    this.windows = new WindowManager({
      BrowserWindow: electron.BrowserWindow,
      screen: electron.screen,
      location: this.location,
      preload: paths.preload,
      appVersion: electron.app.getVersion(),
      hostName: hostname(),
      log: this.log,
      onWindow: (win) => {
        this.windowState.watch(win);
        const id = win.webContents.id;
        win.on('closed', () => this.tray?.forget(id));
      },
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
    this.layouts = new LayoutWindows({
      screen: electron.screen,
      pageUrl: this.location.url,
      open: (spec) => this.windows.openLayoutWindow(spec),
      windows: this.windows,
      ...(electron.powerSaveBlocker ? { powerSaveBlocker: electron.powerSaveBlocker } : {}),
      log: this.log,
    });
  }

  /** Resolves false when this instance should not run (another one has the lock, or bad config). */
  async start(): Promise<boolean> {
    const { app } = this.options.electron;
    if (!(await singleInstanceLock(app, this.options.env, this.log))) {
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
      if (this.ready && this.windows.all().length === 0) this.windows.restore(this.windowState.read());
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
    this.config = config;
    this.newState = newState;
    // `npm start` opens this window from a terminal: say there where the data lives.
    this.log(dataDirNotice(config.dataDir));
    this.target = readEngineTarget(app.getPath('userData'), this.log);
    this.buildUpdates();
    this.startPorts();
    this.startStation();
    this.startEngine();
    this.installMenu();
    this.ready = true;
    this.layouts.start();
    this.windows.restore(this.windowState.read());
    this.updates?.start();
    return true;
  }

  /**
   * Quits the way a user's quit does: before-quit is held until the engine has stopped (onBeforeQuit).
   * The updater's app adapter quits through here after starting an installer.
   */
  quit(): void {
    this.options.electron.app.quit();
  }

  /** Stops the engine (waiting for it to close its stores) and detaches IPC. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // The updater first: no check or install starts while the engine goes.
      this.updates?.stop();
      this.layouts.stop();
      this.station.stop();
      this.ports?.stop();
      this.engineIpc?.stop();
      this.stationIpc?.stop();
      this.tray?.stop();
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

  private buildUpdates(): void {
    const { electron, paths } = this.options;
    const out = dirname(dirname(paths.engineHost)); // out/main/engine-host.js → out/
    this.updates = createStationUpdates({
      app: electron.app,
      updater: electron.updater,
      resourcesPath: paths.resources ?? dirname(out),
      appRoot: paths.appRoot ?? join(out, '..'),
      quit: () => this.quit(),
      bridge: this.station,
      ...(this.options.loginItem ? { loginItem: this.options.loginItem } : {}),
      log: this.log,
    });
    this.station.serve(this.updates.port);
  }

  /** The engine refused to start (its reason names the file and the way out): say so and quit. */
  private engineCannotStart(message: string): void {
    this.log(`the engine cannot start: ${message}`);
    this.options.electron.dialog?.showErrorBox('Watchfloor cannot start', message);
    this.quitAllowed = true;
    this.options.electron.app.exit(1);
  }

  /** Windows get their ports (and their engine calls answered) from whichever engine host runs. */
  private startPorts(): void {
    const { electron } = this.options;
    const ports = new PortHandoff({
      ipcMain: electron.ipcMain,
      MessageChannelMain: electron.MessageChannelMain,
      location: this.location,
      engine: {
        connect: (port) => {
          if (this.engine) this.engine.connect(port);
          else port.close();
        },
      },
      windows: this.windows,
      log: this.log,
    });
    const engineIpc = new EngineIpc({
      ipcMain: electron.ipcMain,
      location: this.location,
      windows: this.windows,
      log: this.log,
      control: {
        target: () => this.target,
        problem: () => this.remoteProblem,
        switchTo: (target) => this.switchEngine(target),
        call: (request) =>
          this.engine
            ? this.engine.call(request)
            : Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'no engine host is running' } }),
      },
    });
    this.ports = ports;
    this.engineIpc = engineIpc;
    ports.start();
    engineIpc.start();
  }

  /** The tray and what feeds it: the windows' alarm counts; and the folder chooser for the windows. */
  private startStation(): void {
    const { electron, paths } = this.options;
    if (electron.Tray && paths.trayIcons) {
      this.tray = new StationTray({
        Tray: electron.Tray,
        Menu: electron.Menu,
        icons: paths.trayIcons,
        platform: this.options.platform,
        show: () => this.windows.focusExisting(),
        openOnEveryDisplay: () => this.openOnEveryDisplay(),
        quit: () => electron.app.quit(),
      });
      this.tray.start();
    }
    this.stationIpc = new StationIpc({
      ipcMain: electron.ipcMain,
      location: this.location,
      windows: this.windows,
      ...(electron.dialog ? { dialog: electron.dialog } : {}),
      onAlarms: (windowId, summary) => this.tray?.report(windowId, summary),
      onLayout: ({ workstation, layout }) => this.layouts.switchTo(workstation, layout),
      log: this.log,
    });
    this.stationIpc.start();
  }

  private startEngine(): void {
    const { electron, paths } = this.options;
    const config = this.config!;
    const target = this.target;
    const remote = target.kind === 'remote';
    this.remoteProblem = { message: null, certificateChanged: false };
    const secretsKey = remote
      ? undefined
      : desktopSecretsKey(electron.app.getPath('userData'), electron.safeStorage, this.log);
    const engine = new EngineProcess({
      utilityProcess: electron.utilityProcess,
      modulePath: paths.engineHost,
      config,
      version: electron.app.getVersion(),
      newState: this.newState,
      ...(secretsKey ? { secretsKey } : {}),
      ...(target.kind === 'remote' ? { remote: { url: target.url, fingerprint: target.fingerprint } } : {}),
      log: this.log,
      onReady: ({ restarted }) => {
        if (restarted) this.ports?.reconnectAll();
        this.station.hostReady();
      },
      onUnexpectedExit: () => {
        this.station.hostGone();
        this.ports?.engineExited();
      },
      onStationMessage: (message, host) => this.station.fromHost(message, host),
      // A central engine that cannot be attached to is shown in Settings → Engine; the app stays up.
      onStartFailure: (message) => {
        if (remote) this.remoteProblem = { message, certificateChanged: false };
        else this.engineCannotStart(message);
      },
      onRemoteEvent: (event) => {
        if (event.type === 'problem') {
          this.remoteProblem = { message: event.message, certificateChanged: event.certificateChanged };
          return;
        }
        for (const win of this.windows.all()) win.webContents.postMessage(ENGINE_CHANNELS.signedOut, null);
      },
    });
    this.engine = engine;
    this.newState = false; // --new-state applies to the first start only
    engine.start();
  }

  /** Settings → Engine: store the new target, stop the engine host, start one for the target. */
  private async switchEngine(target: EngineTarget): Promise<void> {
    writeEngineTarget(this.options.electron.app.getPath('userData'), target);
    const previous = this.engine;
    this.engine = undefined;
    this.target = target;
    this.station.hostGone();
    this.ports?.engineExited();
    await previous?.stop(this.options.engineStopTimeoutMs ?? 5_000);
    this.startEngine();
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
    // The windows as they are now reopen next time, not their closing while the app quits.
    if (this.ready) this.windowState.freeze();
    void this.stop()
      .catch((err: unknown) => this.log(`stopping the engine failed: ${(err as Error).message}`))
      .finally(() => {
        this.quitAllowed = true;
        this.options.electron.app.quit();
      });
  }
}
