// The engine's access control as the transports see it: they make a Connection for each client
// from what it presented, and every request and subscription passes it before its handler runs
// (invokeRequest and serveContract in server.ts), whatever carried it — the desktop's MessagePort,
// the WebSocket, REST or the command line. The engine implements it (src/main/engine/access):
// sessions and API tokens, the permission table (src/shared/permissions.ts) with its area rule,
// and the audit trail. Handlers built without one (unit tests) run every call as `local`.
import type { RequestName, StreamName } from '../contract';
import type { CallContext, ClientInfo, Connection } from './call-context';

/** What a client presented: a session token (browser, remote desktop) or an API token (machine client). */
export type Credential = { kind: 'session'; secret: string } | { kind: 'token'; secret: string };

/** Where a connection comes from, as sessions list it. */
export type ConnectionKind = 'browser' | 'desktop' | 'remote';

export interface AccessControl {
  /**
   * A connection for this client. Without a credential it starts signed out (or as `local` where
   * the engine has no users and the client may use it openly); with one that is not valid —
   * unknown, expired, revoked — it throws UNAUTHORIZED.
   */
  connect(client: ClientInfo, credential: Credential | undefined, kind: ConnectionKind): Connection;
  /**
   * The role rule alone, before the parameters are validated (invokeRequest): a call the caller
   * may not make is refused whatever it sent, never answered BAD_REQUEST. Throws UNAUTHORIZED or
   * FORBIDDEN. Optional: request() checks the whole entry either way.
   */
  admit?(method: RequestName, params: unknown, context: CallContext): void;
  /** Checks the call against the permission table, then runs it, recording writes in the audit trail. */
  request(method: RequestName, params: unknown, context: CallContext, run: () => Promise<unknown>): Promise<unknown>;
  /** Throws UNAUTHORIZED or FORBIDDEN when the caller may not subscribe to the stream. */
  stream(name: StreamName, params: unknown, context: CallContext): void;
}
