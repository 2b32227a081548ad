// The third way a window signs in (sign-in-transport.ts chooses): a desktop attached to a central
// engine (issue 14, desktop attach). Fetched only by a desktop, so a browser's first view does not
// carry it.
//
// Remote desktop: the page never holds the session secret. It asks the shell
// (window.watchfloor.engine), which asks the engine host, which signs in to the central engine
// over the pinned connection and keeps the secret for the windows' WebSockets. The page opens its
// channel after signing in, as a browser does; a 4401 from the engine arrives as onSignedOut.
import type { ErrorPayload } from '../../../shared/errors';
import type { EngineTargetView } from '../../../shared/engine-target';
import type { SessionStatus } from '../../../shared/session-state';
import { engineBridge, engineCall } from '../api/engine-target';

export type RemoteSignInResult =
  { ok: true; status: SessionStatus } | { ok: false; message: string; error?: ErrorPayload };

export interface RemoteSignInTransport {
  readonly kind: 'remote';
  /** Where the central engine is, for the header and the sign-in screen. */
  readonly engineUrl: string;
  status(): Promise<SessionStatus | undefined>;
  signIn(user: string, password: string): Promise<RemoteSignInResult>;
  signOut(): Promise<void>;
  /** The engine ended the session (revoked, expired, signed out elsewhere). */
  onSignedOut(listener: () => void): () => void;
}

/** The words for a refused sign-in; the codes come from the engine, the text is ours where it helps. */
export function signInMessage(error: ErrorPayload): string {
  const details = error.details as { certificateChanged?: boolean } | undefined;
  if (details?.certificateChanged) return error.message;
  if (error.code === 'UNAVAILABLE') return `The central engine is not answering: ${error.message}`;
  return error.message;
}

/** The remote branch: undefined unless this is a desktop attached to a central engine. */
export async function remoteSignInTransport(): Promise<RemoteSignInTransport | undefined> {
  const bridge = engineBridge();
  if (!bridge) return undefined;
  const target = await engineCall('target');
  if (!target.ok || target.data.target.kind !== 'remote') return undefined;
  const view: EngineTargetView = target.data;
  return {
    kind: 'remote',
    engineUrl: view.target.kind === 'remote' ? view.target.url : '',
    async status() {
      const answer = await engineCall('status');
      return answer.ok ? answer.data : undefined;
    },
    async signIn(user, password) {
      const answer = await engineCall('signIn', user, password);
      return answer.ok
        ? { ok: true, status: answer.data }
        : { ok: false, message: signInMessage(answer.error), error: answer.error };
    },
    async signOut() {
      await engineCall('signOut');
    },
    onSignedOut: (listener) => bridge.onSignedOut(listener),
  };
}
