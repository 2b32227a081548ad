// The browser's side of signing in (src/shared/session-state.ts): where this page stands, signing
// in and out over /api/session, and creating the first administrator. The session secret comes
// back once; the page keeps it in sessionStorage (this tab only, gone when the tab closes) for the
// few REST writes it makes (file upload), which must carry it in a header. Inside Electron none of
// this applies: windows sign in over their MessagePort (auth.login).
import { restAnswer, RestFailure } from '../../../shared/rest-envelope';
import { SessionStatus, SignInAnswer } from '../../../shared/session-state';

const URL_PATH = '/api/session';
const SECRET_KEY = 'watchfloor.session';

const StatusAnswer = restAnswer(SessionStatus);
const SignedInAnswer = restAnswer(SignInAnswer);

/** Where this page stands; undefined when the engine does not answer (the app shows that itself). */
export async function sessionStatus(): Promise<SessionStatus | undefined> {
  try {
    const res = await fetch(URL_PATH, { cache: 'no-store', credentials: 'same-origin', headers: authHeaders() });
    const parsed = StatusAnswer.safeParse(await res.json());
    return parsed.success && parsed.data.success ? parsed.data.data : undefined;
  } catch {
    return undefined;
  }
}

export type SignInResult = { ok: true; state: SessionStatus } | { ok: false; message: string };

async function post(path: string, body: unknown): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: 'The engine does not answer. Check the connection and try again.' };
  }
  const json: unknown = await res.json().catch(() => null);
  const answer = SignedInAnswer.safeParse(json);
  if (res.ok && answer.success && answer.data.success) {
    sessionStorage.setItem(SECRET_KEY, answer.data.data.token);
    return { ok: true, state: answer.data.data.status };
  }
  if (res.status === 429) {
    const wait = Number(res.headers.get('retry-after')) || 60;
    return { ok: false, message: `Too many attempts. Try again in ${wait} s.` };
  }
  const refused = RestFailure.safeParse(json);
  return {
    ok: false,
    message: refused.success ? refused.data.error.message : `The engine refused (HTTP ${res.status}).`,
  };
}

export function signInWithPassword(user: string, password: string): Promise<SignInResult> {
  return post(URL_PATH, { user, password });
}

/** Creates the first administrator with the setup token `serve` printed, and signs in as them. */
export function setUp(setupToken: string, user: string, password: string, displayName?: string): Promise<SignInResult> {
  return post(`${URL_PATH}/setup`, { setupToken, user, password, ...(displayName ? { displayName } : {}) });
}

export async function signOut(): Promise<void> {
  try {
    await fetch(URL_PATH, { method: 'DELETE', credentials: 'same-origin', headers: authHeaders() });
  } finally {
    sessionStorage.removeItem(SECRET_KEY);
  }
}

/** `Authorization: Bearer <session>` for REST writes from this page, when it has signed in. */
export function authHeaders(): Record<string, string> {
  const secret = sessionStorage.getItem(SECRET_KEY);
  return secret ? { authorization: `Bearer ${secret}` } : {};
}
