// How this window signs in, chosen once at boot. A browser page signs in over REST
// (/api/session: the answer sets the session cookie its WebSocket then carries); a desktop
// window over the contract on its MessagePort (auth.status, auth.login, auth.setup,
// auth.logout). The screens above never know which. A desktop attached to a remote engine is
// a third branch here.
import type { AuthStatus } from '../../../shared/contract/auth';
import { EngineError, type ErrorCode } from '../../../shared/errors';
import type { ContractClient } from '../../../shared/rpc/client';
import { sessionStatus, setUp, signInWithPassword, signOut } from '../api/session';

export type SignInResult = { ok: true; status: AuthStatus } | { ok: false; message: string; code?: ErrorCode };

export interface SetupParams {
  /** The one-time token `serve` printed; the desktop's own windows need none. */
  setupToken?: string;
  user: string;
  displayName?: string;
  password: string;
}

export interface SignInTransport {
  /** Where this window stands; undefined when the engine does not answer. */
  status(): Promise<AuthStatus | undefined>;
  signIn(user: string, password: string): Promise<SignInResult>;
  setUp(params: SetupParams): Promise<SignInResult>;
  signOut(): Promise<void>;
}

const NOT_ANSWERING = 'The engine does not answer. Check the connection and try again.';

function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** The words for a refused sign-in: the engine's own, a lockout with its end in local time. */
export function describeRefusal(code: ErrorCode | undefined, message: string, details?: unknown): string {
  const until = (details as { lockedUntil?: unknown } | undefined)?.lockedUntil;
  if (typeof until === 'number' && until > Date.now())
    return `This account is locked after too many failed sign-ins, until ${clockTime(until)}. Try again then, or ask an administrator to unlock it.`;
  if (code === 'UNAVAILABLE' || code === 'TIMEOUT') return NOT_ANSWERING;
  if (code === 'RATE_LIMITED') {
    const ms = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    return typeof ms === 'number' ? `Too many attempts. Try again in ${Math.ceil(ms / 1000)} s.` : message;
  }
  return message;
}

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

/** Desktop window: the contract on its own MessagePort. */
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

/** The transport of this window: the contract inside Electron, REST in a browser. */
export function signInTransportFor(runtime: 'electron' | 'browser', client: ContractClient | null): SignInTransport {
  if (runtime === 'electron' && client) return contractSignIn(client);
  return restSignIn();
}
