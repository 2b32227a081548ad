// The browser's proof of the access token: after the token screen, POST /api/session sets an
// HttpOnly, SameSite=Strict cookie, so pages of other sites can neither read nor send it and
// the page's own scripts never hold the token. Its value is an HMAC of the stored token digest
// under the data directory's local key: it survives engine restarts, and creating a new token
// (or revoking it) invalidates every cookie issued for the old one.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'watchfloor_session';
/** Wall displays stay signed in; a new token is how an administrator signs everyone out. */
const MAX_AGE_S = 365 * 24 * 3600;

export function sessionValue(localKey: Buffer, tokenSha256: string): string {
  return createHmac('sha256', localKey).update(`session\0${tokenSha256}`).digest('base64url');
}

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Set-Cookie for a signed-in browser; Secure when the page itself came over HTTPS (a TLS proxy). */
export function setSessionCookie(value: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${MAX_AGE_S}${secure ? '; Secure' : ''}`;
}

export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
