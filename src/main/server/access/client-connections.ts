// From what the access gate found on a request to the Connection its calls run with, and the rules
// the transport adds on top of the engine's access control once the engine has users:
// - the engine's AccessControl.connect names the caller (a session, an API token, `local` for a
//   trusted tool or an engine without users, anonymous otherwise); without one (unit tests that
//   build handlers bare) every caller is `local`, as before users existed;
// - a stale session cookie is ignored rather than refused (the browser sends it unasked; the page
//   then learns from GET /api/session that it must sign in), while a Bearer that is not valid is a 401;
// - with users, the WebSocket and /api/* need a signed-in caller (401), and a REST write that
//   carries only the cookie is refused (403): the session token must come in the header;
// - an open WebSocket whose caller is no longer signed in (signed out, revoked, expired, the
//   user deleted or disabled) is closed with 4401.
import type { WebSocket } from 'ws';
import { EngineError } from '../../../shared/errors';
import { LOCAL_CALLER, type Connection } from '../../../shared/rpc/call-context';
import type { ContractHandlers } from '../../../shared/rpc/server';
import type { Caller } from './access-gate';

/** WebSocket close code: the session ended; sign in again (the page returns to its sign-in screen). */
export const SIGNED_OUT_CLOSE = 4401;
export const SIGNED_OUT_REASON = 'signed out: sign in again';
/** How often open WebSockets are checked besides the session's own change events. */
const SWEEP_MS = 5000;
/** The answer to the call that signed a connection out goes out before the socket closes. */
const CLOSE_DELAY_MS = 100;

export interface ClientConnections {
  /** The connection for this caller; `tolerant`: an invalid credential counts as none (GET /api/session). */
  connect(caller: Caller, tolerant?: boolean): Connection;
  /** Throws unless the caller may use /api/* (or open a WebSocket) on this engine now. */
  requireSignedIn(caller: Caller, connection: Connection, write: boolean): void;
  /** Closes the WebSocket with 4401 once its connection is no longer signed in; returns the stop. */
  watch(ws: WebSocket, caller: Caller, connection: Connection): () => void;
  close(): void;
}

export function createClientConnections(handlers: ContractHandlers, hasUsers: () => boolean): ClientConnections {
  const watched = new Map<WebSocket, () => void>();

  const connect = (caller: Caller, tolerant = false): Connection => {
    const access = handlers.access;
    if (!access) return { caller: LOCAL_CALLER, client: caller.client };
    try {
      return access.connect(caller.client, caller.credential, caller.kind);
    } catch (err) {
      const ignore = (tolerant || caller.fromCookie) && err instanceof EngineError && err.code === 'UNAUTHORIZED';
      if (!ignore) throw err;
      return access.connect(caller.client, undefined, caller.kind);
    }
  };

  /** Signed in, or trusted, or the engine has no users: the caller may go on. */
  const admitted = (caller: Caller, connection: Connection) =>
    caller.client.trusted || connection.caller.role !== null || !hasUsers();

  const sweep = setInterval(() => {
    for (const check of watched.values()) check();
  }, SWEEP_MS);
  sweep.unref();

  return {
    connect,
    requireSignedIn(caller, connection, write) {
      if (caller.client.trusted || !hasUsers()) return;
      if (write && caller.cookieIgnored && caller.credential === undefined) {
        throw new EngineError(
          'FORBIDDEN',
          'send the session token in the Authorization header: a cookie alone does not change anything',
          { reason: 'cookie-only' },
        );
      }
      if (connection.caller.role === null) {
        throw new EngineError(
          'UNAUTHORIZED',
          'sign in first: POST /api/session with your user and password, then send "Authorization: Bearer <token>"',
        );
      }
    },
    watch(ws, caller, connection) {
      let closing = false;
      const check = () => {
        if (closing || admitted(caller, connection)) return;
        closing = true;
        setTimeout(() => ws.close(SIGNED_OUT_CLOSE, SIGNED_OUT_REASON), CLOSE_DELAY_MS).unref();
      };
      const off = connection.session?.onChange(check);
      watched.set(ws, check);
      return () => {
        off?.();
        watched.delete(ws);
      };
    },
    close() {
      clearInterval(sweep);
      watched.clear();
    },
  };
}
