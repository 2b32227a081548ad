// What the preload exposes to the renderer as `window.watchfloor` — the only bridge between a
// sandboxed window and the desktop shell. Live data does not cross it: connect() asks the
// shell for a MessagePort to the engine, which arrives as a window 'message' event whose
// data is PORT_MESSAGE and whose ports[0] is the port.

export const PORT_MESSAGE = 'watchfloor:engine-port';

export interface WatchfloorPreloadApi {
  readonly runtime: 'electron';
  readonly versions: { readonly app: string; readonly electron: string; readonly chrome: string };
  readonly platform: string;
  /** Requests a fresh port to the engine (at boot, and again after the engine restarts). */
  connect(): void;
}

declare global {
  interface Window {
    watchfloor?: WatchfloorPreloadApi;
  }
}
