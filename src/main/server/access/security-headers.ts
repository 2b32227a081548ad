// Headers every answer carries, whatever produced it (renderer, REST, ingest, health, a
// refused WebSocket): no MIME sniffing, no framing by other sites, and no Referer beyond the
// engine. `same-origin` rather than `no-referrer`: under no-referrer Chromium sends
// "Origin: null" on the page's own POSTs, which the origin check must refuse.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export const SECURITY_HEADERS: Readonly<OutgoingHttpHeaders> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
});

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value as string);
}
