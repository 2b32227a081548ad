// The engine's access pieces as the rest of the engine and the transports see them, so that each
// can be built and tested on its own:
// - Authenticator: signing in with a password (the REST session routes, the desktop's first-run
//   screen, a remote desktop attaching), the first administrator, signing out.
// - CallAuditor: the audit trail's side of every call (audit-log.ts implements it); the access
//   control hands it each permitted call to run, each refusal, and events that are not calls.
// The AccessControl port itself (connections, the permission table) is in src/shared/rpc.
import type { AuthStatus } from '../../../shared/contract/auth';
import type { RequestName } from '../../../shared/contract';
import type { ConnectionKind } from '../../../shared/rpc/access-control';
import type { CallContext, ClientInfo, Connection } from '../../../shared/rpc/call-context';
import type { EngineError } from '../../../shared/errors';

/** A new session: the secret goes to the client once (cookie, header); the id is what lists show. */
export interface SignedIn {
  secret: string;
  sessionId: string;
  expiresAt: number;
}

export interface FirstAdmin {
  setupToken?: string;
  user: string;
  displayName?: string;
  password: string;
}

export interface Authenticator {
  /** True once at least one user exists: every caller then signs in. */
  hasUsers(): boolean;
  /**
   * Checks the password and opens a session. Wrong password, unknown user and a locked-out account
   * all throw UNAUTHORIZED (a locked-out one says until when, without saying whether the password was right).
   */
  signIn(user: string, password: string, client: ClientInfo, kind: ConnectionKind): Promise<SignedIn>;
  /** Creates the first administrator (only while there are no users) and signs them in. */
  setup(admin: FirstAdmin, client: ClientInfo, kind: ConnectionKind): Promise<SignedIn>;
  /** Ends the session this secret belongs to; unknown secrets are ignored. */
  signOut(secret: string): void;
  /** What `auth.status` answers for this connection. */
  status(connection: Connection): AuthStatus;
}

/** One audit entry that is not a contract call (sign-ins over REST, updates, CLI backups…). */
export interface AuditEvent {
  actor: string;
  role: string | null;
  client: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused' | 'failed';
  details: unknown;
}

export interface CallAuditor {
  /** Runs a permitted call; records it (with before/after where the permission says) when it is a write or export. */
  call(method: RequestName, params: unknown, context: CallContext, run: () => Promise<unknown>): Promise<unknown>;
  /** Records a call the access control refused (UNAUTHORIZED, FORBIDDEN) when it was a write or export. */
  refused(method: RequestName, params: unknown, context: CallContext, error: EngineError): void;
  event(event: AuditEvent): void;
}

/** Until the audit trail is wired: runs calls, records nothing. */
export const NO_AUDIT: CallAuditor = {
  call: (_m, _p, _c, run) => run(),
  refused: () => {},
  event: () => {},
};
