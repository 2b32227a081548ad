// The one preload every window gets (bundled to out/preload/index.cjs; sandboxed, so it may
// only use the few modules Electron hands a sandboxed preload). It exposes a single typed
// object, window.watchfloor, and never ipcRenderer itself.
//
// contextBridge cannot carry MessagePorts, so a port from the shell is re-posted into the
// page's main world as a window 'message' event (data === PORT_MESSAGE, ports[0] = port).
// The shell sends a fresh port unprompted after the engine restarts; it arrives the same way.
import { contextBridge, ipcRenderer } from 'electron';
import {
  ENGINE_CHANNELS,
  PORT_MESSAGE,
  STATION_CHANNELS,
  type WatchfloorEngineApi,
  type WatchfloorPreloadApi,
  type WatchfloorStationApi,
} from '../shared/preload-api';
import type { EngineAnswer } from '../shared/engine-target';

/** Set by the shell through webPreferences.additionalArguments (see window-security.ts). */
const APP_VERSION_ARG = '--watchfloor-app-version=';
const HOST_NAME_ARG = '--watchfloor-host-name=';

function argument(prefix: string): string | undefined {
  const arg = process.argv.find((a) => a.startsWith(prefix));
  return arg ? arg.slice(prefix.length) : undefined;
}

function appVersion(): string {
  return argument(APP_VERSION_ARG) ?? '0.0.0';
}

// The node tsconfig has no DOM library; this is the one window method the preload needs.
const page = globalThis as unknown as {
  postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[]): void;
};

ipcRenderer.on(PORT_MESSAGE, (event) => {
  const port = event.ports[0];
  if (!port) return;
  // Posted to this very window, which is always our page (the shell blocks navigation away);
  // file:// pages have an opaque origin, so '*' is the only target origin that matches.
  page.postMessage(PORT_MESSAGE, '*', [port]);
});

function failed(code: 'UNAVAILABLE', message: string): never {
  return { ok: false, error: { code, message } } satisfies EngineAnswer<unknown> as never;
}

/**
 * Invokes one engine call. The page checks the answer's shape (renderer/src/api/engine-target.ts):
 * zod stays out of this small sandboxed bundle.
 */
async function invoke(name: Exclude<keyof typeof ENGINE_CHANNELS, 'signedOut'>, ...args: unknown[]): Promise<never> {
  try {
    return (await ipcRenderer.invoke(ENGINE_CHANNELS[name], ...args)) as never;
  } catch (err) {
    return failed('UNAVAILABLE', (err as Error).message);
  }
}

const engine: WatchfloorEngineApi = {
  target: () => invoke('target'),
  probe: (url) => invoke('probe', url),
  attach: (url, fingerprint) => invoke('attach', url, fingerprint),
  useLocal: () => invoke('useLocal'),
  status: () => invoke('status'),
  signIn: (user, password) => invoke('signIn', user, password),
  signOut: () => invoke('signOut'),
  onSignedOut(listener) {
    const handler = () => listener();
    ipcRenderer.on(ENGINE_CHANNELS.signedOut, handler);
    return () => {
      ipcRenderer.removeListener(ENGINE_CHANNELS.signedOut, handler);
    };
  },
};

// The shell checks the summary (src/shared/alarm-summary.ts) and where it comes from.
const station: WatchfloorStationApi = {
  reportAlarms(summary) {
    ipcRenderer.send(STATION_CHANNELS.reportAlarms, summary);
  },
  async chooseFolder() {
    try {
      const folder: unknown = await ipcRenderer.invoke(STATION_CHANNELS.chooseFolder);
      return typeof folder === 'string' ? folder : null;
    } catch {
      return null;
    }
  },
  openLayout(request) {
    ipcRenderer.send(STATION_CHANNELS.openLayout, request);
  },
};

const api = {
  runtime: 'electron',
  versions: Object.freeze({
    app: appVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
  }),
  platform: process.platform,
  hostName: argument(HOST_NAME_ARG) ?? '',
  connect(): void {
    ipcRenderer.send(PORT_MESSAGE);
  },
  engine: Object.freeze(engine),
  station: Object.freeze(station),
} satisfies WatchfloorPreloadApi;

contextBridge.exposeInMainWorld('watchfloor', api);
