// Keeps the store's sign-in state in step with the engine while the control room runs: the
// auth.changes stream, which starts with the current status on every (re)connect (the client
// subscribes again) and follows with each change (locked, unlocked, role changed, revoked,
// expired). Not a separate auth.status request as well: its answer could arrive after a newer
// event and undo it. A status without a user in users mode means the session is gone.
// A browser's WebSocket that the engine closes (signed out, 4401) may never reopen, so on each
// close the page also asks /api/session where it stands.
import type { AuthStatus } from '../../../shared/contract/auth';
import type { ContractClient } from '../../../shared/rpc/client';

export const SESSION_ENDED = 'Your session has ended. Sign in again to carry on where you were.';

export function signedOut(status: AuthStatus): boolean {
  return status.mode === 'users' && !status.user;
}

export function startAuthSync(
  client: ContractClient,
  setAuth: (status: AuthStatus) => void,
  onSignedOut: (notice: string) => void,
  /** Asks outside the closed connection (browser: GET /api/session). */
  recheck?: () => Promise<AuthStatus | undefined>,
): () => void {
  let stopped = false;
  let checking = false;
  const apply = (status: AuthStatus) => {
    if (stopped) return;
    if (signedOut(status)) onSignedOut(SESSION_ENDED);
    else setAuth(status);
  };
  const onStatus = (status: 'open' | 'closed') => {
    if (status === 'open' || !recheck || checking) return;
    checking = true;
    void recheck()
      .then((s) => s && signedOut(s) && apply(s))
      .finally(() => (checking = false));
  };
  const offStatus = client.channel.onStatus(onStatus);
  const unsubscribe = client.subscribe('auth.changes', {}, apply, () => {});
  return () => {
    stopped = true;
    offStatus();
    unsubscribe();
  };
}
