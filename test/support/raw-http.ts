// HTTP and WebSocket requests with every header under the test's control (Host, Origin,
// Cookie…), which fetch() and browsers will not forge: what a DNS-rebinding page, another
// site's page or a hand-written client would send. Over HTTPS too (`ca`: the certificate the
// client trusts), and from a chosen loopback address (`localAddress`: 127.0.0.2 is "another machine"
// to the per-address rate limits).
import { request } from 'node:http';
import { request as tlsRequest } from 'node:https';
import WebSocket from 'ws';

export interface ClientOptions {
  /** The certificate (or CA) this client trusts, for https:// and wss://. */
  ca?: string | Buffer;
  /** The local address to connect from. */
  localAddress?: string;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    path?: string;
  } & ClientOptions = {},
): Promise<RawAnswer> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? tlsRequest : request;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
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
  client: ClientOptions = {},
): Promise<{ ws: WebSocket } | { refused: RawAnswer }> {
  return new Promise((resolve, reject) => {
    const { origin, ...rest } = headers;
    const ws = new WebSocket(url, { headers: rest, ...(origin ? { origin } : {}), ...client });
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
