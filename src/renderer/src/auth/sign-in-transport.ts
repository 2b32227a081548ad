// How this window signs in, chosen once at boot. A browser page signs in over REST
// (/api/session: the answer sets the session cookie its WebSocket then carries); a desktop
// window over the contract on its MessagePort (contract-sign-in.ts); a desktop attached to a
// central engine through its shell (remote-sign-in.ts: the shell holds the session). The screens
// above never know which.
import type { ContractClient } from '../../../shared/rpc/client';
import { sessionStatus, setUp, signInWithPassword, signOut } from '../api/session';
import type { RemoteSignInTransport } from './remote-sign-in';
import { describeRefusal, type SignInResult, type SignInTransport } from './sign-in-result';

/** Browser: /api/session. */
export function restSignIn(): SignInTransport {
  const answer = (r: Awaited<ReturnType<typeof signInWithPassword>>): SignInResult =>
    r.ok
      ? { ok: true, status: r.state }
      : { ok: false, code: r.code, message: describeRefusal(r.code, r.message, r.details) };
  return {
    status: sessionStatus,
    signIn: async (user, password) => answer(await signInWithPassword(user, password)),
    setUp: async (p) => answer(await setUp(p.setupToken ?? '', p.user, p.password, p.displayName)),
    signOut,
  };
}

/** A desktop attached to a central engine: the first administrator is made on that engine. */
function remoteSignIn(remote: RemoteSignInTransport): SignInTransport {
  return {
    status: () => remote.status(),
    signIn: async (user, password) => {
      const r = await remote.signIn(user, password);
      return r.ok ? r : { ok: false, code: r.error?.code, message: r.message };
    },
    setUp: async () => ({
      ok: false,
      message:
        'Create the first administrator on the central engine itself (the link its console printed, or `watchfloor users add`).',
    }),
    signOut: () => remote.signOut(),
  };
}

/**
 * The transport of this window: the shell's for a desktop attached to a central engine, the
 * contract inside Electron, REST in a browser. The contract's side is fetched only where it is
 * used, so a browser's first view does not carry it.
 */
export async function signInTransportFor(
  runtime: 'electron' | 'browser',
  client: ContractClient | null,
  remote?: RemoteSignInTransport,
): Promise<SignInTransport> {
  if (remote) return remoteSignIn(remote);
  if (runtime === 'electron' && client) return (await import('./contract-sign-in')).contractSignIn(client);
  return restSignIn();
}
