// HTTP and WebSocket requests with every header under the test's control (Host, Origin,
// Cookie…), which fetch() and browsers will not forge: what a DNS-rebinding page, another
// site's page or a hand-written client would send.
import { request } from 'node:http';
import WebSocket from 'ws';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; path?: string } = {},
): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: options.method ?? 'GET',
        // A path given as is, so malformed percent-encoding reaches the server untouched.
        path: options.path ?? `${u.pathname}${u.search}`,
        headers: options.headers,
        // A connection per request: refusals close theirs, which a pooled socket would trip over.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A WebSocket that either opens (and is returned) or is refused (with the HTTP answer). */
export function openWebSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket } | { refused: RawAnswer }> {
  return new Promise((resolve, reject) => {
    const { origin, ...rest } = headers;
    const ws = new WebSocket(url, { headers: rest, ...(origin ? { origin } : {}) });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          refused: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() },
        }),
      );
    });
    ws.once('error', reject);
  });
}

/** Sends one contract request over an open WebSocket and waits for its answer. */
export function wsRequest(
  ws: WebSocket,
  id: number,
  method: string,
  params: unknown,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if (msg.t === 'res' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'req', id, method, params }));
  });
}
