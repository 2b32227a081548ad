// What signing in looks like to the screens, whichever way a window signs in
// (sign-in-transport.ts chooses): the transport's shape, and a refusal in words.
import type { AuthStatus } from '../../../shared/contract/auth';
import type { ErrorCode } from '../../../shared/errors';
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
