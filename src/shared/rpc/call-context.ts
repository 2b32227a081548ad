// Who is calling, from where, and whether they still want the answer. The transport derives
// the caller and the client for each connection (a WebSocket, a REST request, the desktop's
// MessagePort); the contract server adds one abort signal per call. Every handler receives
// the three beside its parameters, and a client never fills any of them in: what the engine
// records as "by" (acknowledgements, shelving, rule changes) is the caller's identity here.

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

/** Whom a call acts for: what journals and audit entries record as "by". */
export interface CallerIdentity {
  /** `local` until the engine has users (then the signed-in user's id). */
  readonly id: string;
}

/** Every caller today: the engine has no users yet, so no call claims to be anyone in particular. */
export const LOCAL_CALLER: CallerIdentity = Object.freeze({ id: 'local' });

/** Who is at the other end of a connection, as the transport established it. */
export interface Connection {
  readonly caller: CallerIdentity;
  readonly client: ClientInfo;
}

export interface CallContext extends Connection {
  /**
   * Aborted when the client cancels this call or its connection closes; long work checks it
   * and stops. Work that outlives its call (jobs) has a signal of its own (`jobs.cancel`).
   */
  readonly signal: AbortSignal;
}

/** A signal that never aborts: for callers that cannot cancel (in-process calls, tests). */
const NEVER = new AbortController().signal;

/** A connection's context for one call; the signal defaults to one that never aborts. */
export function callContext(connection: Connection, signal: AbortSignal = NEVER): CallContext {
  return Object.freeze({ caller: connection.caller, client: connection.client, signal });
}

/** The engine's own process: tests, the in-process CLI engine. */
export const IN_PROCESS: CallContext = callContext({
  caller: LOCAL_CALLER,
  client: Object.freeze({ address: 'in-process', origin: null, trusted: true }),
});

/** A window of the desktop app, over its MessagePort: the operator's own machine and account. */
export const DESKTOP: CallContext = callContext({
  caller: LOCAL_CALLER,
  client: Object.freeze({ address: 'desktop', origin: null, trusted: true }),
});
