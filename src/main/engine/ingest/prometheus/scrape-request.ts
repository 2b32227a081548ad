// One HTTP scrape of a target, as Prometheus makes it: an Accept header preferring OpenMetrics
// 1.0 over the 0.0.4 text format, gzip accepted, basic or bearer auth, the source's TLS files,
// and a deadline for the whole exchange (connect, answer, body). The answer's Content-Type says
// which format the body is in. Anything but a 2xx is a failed scrape with the status in the
// error, so the target is marked down.
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import type { ExpositionFormat } from './exposition-parser';

export const ACCEPT = 'application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** A body larger than this (after gzip) is refused: an exporter that big is a mistake, not telemetry. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface ScrapeAuth {
  type: 'basic' | 'bearer';
  username?: string;
  password?: string;
  token?: string;
}

export interface ScrapeTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

export interface ScrapeOptions {
  timeoutMs: number;
  auth?: ScrapeAuth;
  /** Reused between scrapes of a target (keep-alive, TLS files). */
  agent?: http.Agent;
  signal?: AbortSignal;
}

export interface ScrapeAnswer {
  text: string;
  format: ExpositionFormat;
  /** Bytes on the wire (compressed when gzip). */
  bytes: number;
}

/** The agent a target's scrapes share: one connection kept alive, the TLS files when https. */
export function scrapeAgent(url: string, tls: ScrapeTls | undefined): http.Agent {
  if (url.startsWith('https:')) {
    return new https.Agent({
      keepAlive: true,
      maxSockets: 1,
      ...tls,
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
    });
  }
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

export function formatOf(contentType: string | undefined): ExpositionFormat {
  return contentType?.trim().toLowerCase().startsWith('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

function authHeader(auth: ScrapeAuth | undefined): string | undefined {
  if (!auth) return undefined;
  if (auth.type === 'bearer') return `Bearer ${auth.token ?? ''}`;
  return `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64')}`;
}

export function scrape(url: string, options: ScrapeOptions): Promise<ScrapeAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Accept: ACCEPT,
      'Accept-Encoding': 'gzip',
      'User-Agent': 'Watchfloor',
      'X-Prometheus-Scrape-Timeout-Seconds': String(options.timeoutMs / 1000),
    };
    const authorization = authHeader(options.auth);
    if (authorization) headers.Authorization = authorization;
    const lib = url.startsWith('https:') ? https : http;
    let settled = false;
    const onAbort = () => fail(new Error('stopped'));
    const done = () => {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      if (settled) return;
      done();
      req.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new Error(`no complete answer within ${options.timeoutMs / 1000} s (timeout)`)),
      options.timeoutMs,
    );
    const req = lib.get(url, { headers, agent: options.agent }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        return fail(new Error(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`));
      }
      const gzip = (res.headers['content-encoding'] ?? '').toLowerCase() === 'gzip';
      const body = gzip ? res.pipe(createGunzip()) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      let wire = 0;
      res.on('data', (c: Buffer) => (wire += c.length));
      body.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) fail(new Error(`the answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`));
        else chunks.push(c);
      });
      body.on('error', (err: Error) => fail(new Error(gzip ? `bad gzip body: ${err.message}` : err.message)));
      res.on('aborted', () => fail(new Error('the answer was cut off')));
      body.on('end', () => {
        if (settled) return;
        done();
        resolve({
          text: Buffer.concat(chunks, size).toString('utf8'),
          format: formatOf(res.headers['content-type']),
          bytes: wire,
        });
      });
    });
    req.on('error', (err) => fail(err));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
