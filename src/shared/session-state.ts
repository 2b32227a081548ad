// What /api/session answers (inside the REST envelope), shared by the server and the browser's
// sign-in screens:
// - GET /api/session → SessionStatus: where this browser stands (signed in or not, first-run setup).
// - POST /api/session { user, password } → SignInAnswer; POST /api/session/setup { setupToken,
//   user, displayName?, password } → SignInAnswer (the first administrator);
//   DELETE /api/session → SessionStatus (signed out; the session is revoked).
// A sign-in sets the HttpOnly, SameSite=Strict session cookie (the WebSocket upgrade and plain
// GETs such as downloads use it) and answers the same secret once as `token`: REST writes must
// send it in `Authorization: Bearer`, so a cookie alone never changes anything (no CSRF surface).
import { z } from 'zod';
import { AuthStatus } from './contract/auth';

export const SessionStatus = AuthStatus;
export type SessionStatus = AuthStatus;

export const SignInAnswer = z.object({ status: AuthStatus, token: z.string() });
export type SignInAnswer = z.infer<typeof SignInAnswer>;

/** The header a machine client or a page sends its session secret or API token in. */
export const BEARER_PREFIX = 'Bearer ';
