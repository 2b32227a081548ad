// What the preload exposes to the renderer as `window.watchfloor` — the only bridge between a
// sandboxed window and the desktop shell. Live data does not cross it: connect() asks the
// shell for a MessagePort to the engine, which arrives as a window 'message' event whose
// data is PORT_MESSAGE and whose ports[0] is the port.
//
// `engine` chooses that engine: the station's own, or a central one at a URL (Settings → Engine),
// and signs in to a central one. Every call answers an EngineAnswer envelope (engine-target.ts);
// the shell checks the sender and the arguments as it does for the port (window-security).
//
// `station` is the desktop around the page: the alarm counts for the tray icon, and the OS's
// folder chooser (Settings → About imports offline update bundles from a folder).
import type { AlarmSummary } from './alarm-summary';
import type { LayoutInput } from './display-layouts';
import type { EngineAnswer, EngineTargetView, ProbeResult } from './engine-target';
import type { SessionStatus } from './session-state';

export const PORT_MESSAGE = 'watchfloor:engine-port';

/** IPC channels of `engine` (invoke/handle), and the one event the shell pushes to windows. */
export const ENGINE_CHANNELS = {
  target: 'watchfloor:engine:target',
  probe: 'watchfloor:engine:probe',
  attach: 'watchfloor:engine:attach',
  useLocal: 'watchfloor:engine:use-local',
  status: 'watchfloor:engine:status',
  signIn: 'watchfloor:engine:sign-in',
  signOut: 'watchfloor:engine:sign-out',
  /** Shell → window: the central engine signed this desktop out; show the sign-in screen. */
  signedOut: 'watchfloor:engine:signed-out',
} as const;

export interface WatchfloorEngineApi {
  /** The stored target and, for a central engine, what keeps it from connecting. */
  target(): Promise<EngineAnswer<EngineTargetView>>;
  /** Reads the certificate at `url` without trusting it, for the user to compare and approve. */
  probe(url: string): Promise<EngineAnswer<ProbeResult>>;
  /** Pins `fingerprint` for `url`, stores the target and restarts the engine host attached to it. */
  attach(url: string, fingerprint: string | null): Promise<EngineAnswer<EngineTargetView>>;
  /** Back to this station's own engine. */
  useLocal(): Promise<EngineAnswer<EngineTargetView>>;
  /** A central engine's session status for this desktop (UNAVAILABLE when the target is local). */
  status(): Promise<EngineAnswer<SessionStatus>>;
  signIn(user: string, password: string): Promise<EngineAnswer<SessionStatus>>;
  signOut(): Promise<EngineAnswer<SessionStatus>>;
  /** The central engine ended this desktop's session (code 4401); returns the unsubscribe. */
  onSignedOut(listener: () => void): () => void;
}

/** IPC channels of `station`: reportAlarms is one-way (send/on), chooseFolder is invoke/handle. */
export const STATION_CHANNELS = {
  reportAlarms: 'watchfloor:station:report-alarms',
  chooseFolder: 'watchfloor:station:choose-folder',
  openLayout: 'watchfloor:station:open-layout',
} as const;

/** A workstation's active layout for the shell to open its windows with; null: none (one main window). */
export interface OpenLayoutRequest {
  workstation: string;
  layout: LayoutInput | null;
}

export interface WatchfloorStationApi {
  /** The alarm queue's counts, whenever they change (the tray shows them). */
  reportAlarms(summary: AlarmSummary): void;
  /** The OS's folder chooser; null when the user cancels. */
  chooseFolder(): Promise<string | null>;
  /** Opens the windows of a display layout, one per display (the shell checks it again); optional: older preloads. */
  openLayout?(request: OpenLayoutRequest): void;
}

export interface WatchfloorPreloadApi {
  readonly runtime: 'electron';
  readonly versions: { readonly app: string; readonly electron: string; readonly chrome: string };
  readonly platform: string;
  /** This computer's host name: a desktop's workstation name by default (display layouts). */
  readonly hostName?: string;
  /** Requests a fresh port to the engine (at boot, and again after the engine restarts). */
  connect(): void;
  /** Which engine this desktop uses; optional so a page without it (older preload) still runs. */
  readonly engine?: WatchfloorEngineApi;
  /** The desktop around the page; optional like `engine`. */
  readonly station?: WatchfloorStationApi;
}

declare global {
  interface Window {
    watchfloor?: WatchfloorPreloadApi;
  }
}
