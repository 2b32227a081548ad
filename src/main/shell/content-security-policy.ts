// The page's Content-Security-Policy, sent as a response header for the app's own
// resources. The built page gets the strict policy; the dev server needs inline scripts
// (the React refresh preamble) and its HMR WebSocket, and gets only those two relaxations.
import type { AppLocation } from './app-location';
import type { SessionLike } from './electron-api';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function contentSecurityPolicy(location: AppLocation): string {
  if (!location.isDevServer) return CONTENT_SECURITY_POLICY;
  const ws = new URL(location.url);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws.origin}`,
  );
}

/** Replaces any CSP the response carried with ours, for the app's responses only. */
export function installContentSecurityPolicy(session: SessionLike, location: AppLocation): void {
  const policy = contentSecurityPolicy(location);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!location.servesResource(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}
