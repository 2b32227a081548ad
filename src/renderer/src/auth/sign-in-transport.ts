// How this window signs in, chosen once at boot. A browser page signs in over REST
// (/api/session: the answer sets the session cookie its WebSocket then carries); a desktop
// window over the contract on its MessagePort (contract-sign-in.ts). The screens above never
// know which. A desktop attached to a remote engine is a third branch here.
import type { ContractClient } from '../../../shared/rpc/client';
import { sessionStatus, setUp, signInWithPassword, signOut } from '../api/session';
import { describeRefusal, type SignInResult, type SignInTransport } from './sign-in-result';

export type { SetupParams, SignInResult, SignInTransport } from './sign-in-result';

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

/**
 * The transport of this window: the contract inside Electron, REST in a browser. The contract's
 * side is fetched only where it is used, so a browser's first view does not carry it.
 */
export async function signInTransportFor(
  runtime: 'electron' | 'browser',
  client: ContractClient | null,
): Promise<SignInTransport> {
  if (runtime === 'electron' && client) return (await import('./contract-sign-in')).contractSignIn(client);
  return restSignIn();
}
