// Which pages may drive the engine. A browser names the page behind every WebSocket and every
// write in the Origin header; the engine accepts its own origin — the scheme and host the page
// was served from, which is the request's own (already checked) Host — and the origins listed
// in `server.allowedOrigins` (a reverse proxy's public address). "null" (sandboxed frames,
// data: and file: pages) is refused: any site can produce it. The desktop app's windows reach
// the engine over a MessagePort, never over HTTP, so they need no origin here. A request
// without an Origin is not from a browser page (curl, scripts, the CLI): the token rule decides.

/** True when the request may go on as far as its origin is concerned. */
export function originAllowed(
  origin: string | undefined,
  hostHeader: string | undefined,
  allowedOrigins: ReadonlySet<string>,
): boolean {
  if (origin === undefined) return true;
  const text = origin.trim().toLowerCase();
  if (allowedOrigins.has(text)) return true;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.origin !== text) return false; // a path, credentials or a query: not an origin
  if (hostHeader === undefined) return false;
  try {
    return url.host === new URL(`${url.protocol}//${hostHeader.toLowerCase()}`).host;
  } catch {
    return false;
  }
}

/** `server.allowedOrigins` as a set of serialised origins, so lookups ignore case and a trailing slash. */
export function originSet(origins: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const o of origins) {
    try {
      out.add(new URL(o).origin.toLowerCase());
    } catch {
      out.add(o.toLowerCase());
    }
  }
  return out;
}
