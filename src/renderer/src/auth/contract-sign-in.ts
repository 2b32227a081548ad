// A desktop window signs in over the contract on its own MessagePort (auth.status, auth.login,
// auth.setup, auth.logout): the session belongs to that connection.
import { EngineError } from '../../../shared/errors';
import type { ContractClient } from '../../../shared/rpc/client';
import { describeRefusal, type SignInResult, type SignInTransport } from './sign-in-result';
import type { AuthStatus } from '../../../shared/contract/auth';

export function contractSignIn(client: ContractClient): SignInTransport {
  const call = async (work: () => Promise<AuthStatus>): Promise<SignInResult> => {
    try {
      return { ok: true, status: await work() };
    } catch (err) {
      if (err instanceof EngineError)
        return { ok: false, code: err.code, message: describeRefusal(err.code, err.message, err.details) };
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  };
  return {
    status: async () => {
      try {
        return await client.request('auth.status', {});
      } catch {
        return undefined;
      }
    },
    signIn: (user, password) => call(() => client.request('auth.login', { user, password })),
    setUp: (p) =>
      call(() =>
        client.request('auth.setup', {
          user: p.user,
          password: p.password,
          ...(p.displayName ? { displayName: p.displayName } : {}),
          ...(p.setupToken ? { setupToken: p.setupToken } : {}),
        }),
      ),
    signOut: async () => {
      await client.request('auth.logout', {}).catch(() => undefined);
    },
  };
}
