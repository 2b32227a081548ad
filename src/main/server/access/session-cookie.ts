// The browser's session cookie, `watchfloor_session=<session secret>`: HttpOnly (the page's
// scripts never read it), SameSite=Strict (other sites' pages never send it), Secure over HTTPS,
// and it lives no longer than the session. The access gate takes it only on GET/HEAD and the
// WebSocket upgrade: a REST write must carry the secret in `Authorization: Bearer`, so a cookie
// alone never changes anything.
import { timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'watchfloor_session';

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

/** Set-Cookie for a signed-in browser, until the session expires; Secure over HTTPS (also behind a TLS proxy). */
export function setSessionCookie(secret: string, maxAgeMs: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor(maxAgeMs / 1000));
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
