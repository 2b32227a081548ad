// Who is calling, from where, and whether they still want the answer. The transport derives
// the caller and the client for each connection (a WebSocket, a REST request, the desktop's
// MessagePort); the contract server adds one abort signal per call. Every handler receives
// the three beside its parameters, and a client never fills any of them in: what the engine
// records as "by" (acknowledgements, shelving, rule changes) is the caller's identity here.
import type { Role } from '../contract/auth';

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
  /**
   * The signed-in user's name; `local` while the engine has no users (or for a trusted tool on
   * the engine's machine); `anonymous` for a connection that has not signed in yet.
   */
  readonly id: string;
  /** What the caller may do (src/shared/permissions.ts); null: nothing but the sign-in calls. */
  readonly role: Role | null;
  /** Plant areas the caller may act in; null: every area. */
  readonly areas: readonly string[] | null;
  /** `user`: a signed-in session; `token`: an API token; `local`: no users, or a trusted tool. */
  readonly kind: 'user' | 'token' | 'local' | 'anonymous';
  /** The session (or API token) id, when the caller has one. */
  readonly sessionId?: string;
  /** A locked session: it reads like a viewer until it is unlocked. */
  readonly locked?: boolean;
}

/** The engine without users, and trusted tools on its machine: may do everything, recorded as `local`. */
export const LOCAL_CALLER: CallerIdentity = Object.freeze({ id: 'local', role: 'admin', areas: null, kind: 'local' });

/** A connection that has not signed in: only the sign-in calls (permissions.ts `public`). */
export const ANONYMOUS: CallerIdentity = Object.freeze({ id: 'anonymous', role: null, areas: null, kind: 'anonymous' });

/**
 * Who is at the other end of a connection, as the transport established it. `caller` may change
 * during the connection's life (it signs in, locks, is revoked): each call takes it when it starts.
 */
export interface Connection {
  readonly caller: CallerIdentity;
  readonly client: ClientInfo;
  /**
   * The connection's own sign-in state, where the engine's access control made the connection
   * (AccessControl.connect): `auth.login` and `auth.logout` on this connection change it.
   */
  readonly session?: ConnectionSession;
}

/** A connection's sign-in, held by the engine's access control for the connection's lifetime. */
export interface ConnectionSession {
  /** The session (or API token) this connection acts with, or null before signing in. */
  readonly id: string | null;
  bind(sessionId: string | null): void;
  /** Called with the new state whenever it changes (signed in or out, locked, revoked, expired). */
  onChange(listener: () => void): () => void;
  /**
   * The transport calls it when the connection ends: the access control forgets the connection
   * (its expiry timer and listeners). It does not sign out — the session may serve other connections.
   */
  close(): void;
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
  return Object.freeze({ caller: connection.caller, client: connection.client, session: connection.session, signal });
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
