// Who is calling. The transport derives it for each connection (a WebSocket, a REST request,
// the desktop's MessagePort) and hands it to every handler beside the parameters; a client
// never fills it in. Users and roles will extend it; today it says where a call comes from and
// whether it may name files anywhere on the engine's machine.

export interface ClientInfo {
  /** The peer's network address, or "in-process" / "desktop" for callers without one. */
  readonly address: string;
  /** The page's Origin header when a browser made the call; null otherwise. */
  readonly origin: string | null;
  /**
   * Proved to act as the engine's own user on its machine: in-process callers, the desktop
   * app's windows, and a command-line tool holding the data directory's local key. Only they
   * may name files outside the folders the engine allows clients (docs/administration.md: Security).
   */
  readonly trusted: boolean;
}

export interface CallContext {
  readonly client: ClientInfo;
}

/** The engine's own process: tests, the in-process CLI engine. */
export const IN_PROCESS: CallContext = Object.freeze({
  client: Object.freeze({ address: 'in-process', origin: null, trusted: true }),
});

/** A window of the desktop app, over its MessagePort: the operator's own machine and account. */
export const DESKTOP: CallContext = Object.freeze({
  client: Object.freeze({ address: 'desktop', origin: null, trusted: true }),
});
