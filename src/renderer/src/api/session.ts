// The browser's side of the engine's access token (docs/administration.md: Security): whether this page must
// sign in, and trading the token once for the engine's HttpOnly session cookie. The token is
// never kept by the page. Inside Electron none of this applies: windows talk to their own engine.
import { restAnswer, RestFailure } from '../../../shared/rest-envelope';
import { SessionState } from '../../../shared/session-state';

const URL_PATH = '/api/session';

const SessionAnswer = restAnswer(SessionState);

function stateOf(body: unknown): SessionState | undefined {
  const parsed = SessionAnswer.safeParse(body);
  return parsed.success && parsed.data.success ? parsed.data.data : undefined;
}

/** Where this page stands; undefined when the engine does not answer (the app shows that itself). */
export async function sessionState(): Promise<SessionState | undefined> {
  try {
    const res = await fetch(URL_PATH, { cache: 'no-store', credentials: 'same-origin' });
    return stateOf(await res.json());
  } catch {
    return undefined;
  }
}

export type SignInResult = { ok: true } | { ok: false; message: string };

export async function signIn(token: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch(URL_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
  } catch {
    return { ok: false, message: 'The engine does not answer. Check the connection and try again.' };
  }
  if (res.ok) return { ok: true };
  if (res.status === 401) return { ok: false, message: 'That is not the access token of this engine.' };
  if (res.status === 429) {
    const wait = Number(res.headers.get('retry-after')) || 60;
    return { ok: false, message: `Too many attempts. Try again in ${wait} s.` };
  }
  const refused = RestFailure.safeParse(await res.json().catch(() => null));
  return {
    ok: false,
    message: refused.success ? refused.data.error.message : `The engine refused (HTTP ${res.status}).`,
  };
}
