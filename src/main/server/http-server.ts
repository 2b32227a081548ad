// The headless transport: HTTP for the renderer, REST and ingest (/ingest), WebSocket (/ws) for the contract.
// Knows nothing of the domain beyond the handlers it is given. Every request and upgrade passes
// the access gate first (access/access-gate.ts): Host, Origin, access token, rate limits.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Health } from '../../shared/domain';
import { EngineError } from '../../shared/errors';
import { callContext, LOCAL_CALLER, type CallContext, type Connection } from '../../shared/rpc/call-context';
import { serveContract, type ContractHandlers } from '../../shared/rpc/server';
import { AccessGate, type AccessGateOptions, type Caller, type CallKind } from './access/access-gate';
import { createRefusalLog } from './access/refusal-log';
import { applySecurityHeaders, SECURITY_HEADERS } from './access/security-headers';
import { sessionRoutes } from './access/session-routes';
import { cutUploadAfterAnswer } from './ingest/cut-upload';
import { createHttpIngest, type HttpIngestOptions } from './ingest/http-ingest';
import { sendError, STATUS_BY_CODE } from './rest/envelope';
import { createRestApi } from './rest/rest-api';
import { serveStatic } from './static-files';
import { createWsServerChannel } from './ws-channel';

/** How often open WebSockets are checked against the current access token (revocation). */
const REVOKE_CHECK_MS = 5000;

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Built renderer; when missing, the API still works and / explains how to build. */
  rendererDir: string | undefined;
  handlers: ContractHandlers;
  health: () => Health;
  log: (message: string) => void;
  /** The engine's data directory: exports are downloaded from <dataDir>/exports, secrets live there. */
  dataDir: string;
  /** Who may call (docs/administration.md: Security); the bind host comes from `host`. */
  access: Omit<AccessGateOptions, 'bindHost' | 'dataDir'>;
  /** POST /api/import/upload takes files up to this size. */
  maxUploadBytes: number;
  /** POST /ingest/*: the pipeline and sources.http; without it, /ingest answers 404. */
  ingest?: HttpIngestOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Area = 'health' | 'session' | 'api' | 'ingest' | 'app';

function areaOf(path: string): Area {
  if (path === '/api/health') return 'health';
  if (path === '/api/session') return 'session';
  if (path.startsWith('/api/')) return 'api';
  if (path === '/ingest' || path.startsWith('/ingest/')) return 'ingest';
  return 'app';
}

/** The request's path and query; malformed percent-encoding (or a NUL) anywhere is the client's error. */
export function requestUrl(raw: string | undefined): URL {
  const text = raw ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    throw new EngineError('BAD_REQUEST', 'the request URL is not valid: malformed percent-encoding');
  }
  if (decoded.includes('\0')) throw new EngineError('BAD_REQUEST', 'the request URL is not valid: it holds a NUL');
  try {
    return new URL(text, 'http://localhost');
  } catch {
    throw new EngineError('BAD_REQUEST', 'the request URL is not valid');
  }
}

function refusalHeaders(err: unknown): Record<string, string> {
  if (!(err instanceof EngineError)) return {};
  if (err.code === 'UNAUTHORIZED') return { 'www-authenticate': 'Bearer realm="watchfloor"' };
  if (err.code === 'RATE_LIMITED') {
    const ms = (err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 1000;
    return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
  }
  return {};
}

/**
 * Who a caller acts as, for the handlers: `local` for everyone until the engine has users
 * (a session will name one); the client as the access gate identified it.
 */
function connectionOf(caller: Caller): Connection {
  return { caller: LOCAL_CALLER, client: caller.client };
}

/** A REST request's context: its signal aborts when the client goes away before the answer. */
function requestContext(caller: Caller, res: ServerResponse): CallContext {
  const call = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) call.abort(new EngineError('CANCELLED', 'the client closed the connection'));
  });
  return callContext(connectionOf(caller), call.signal);
}

/** A refused upgrade: a plain HTTP answer on the raw socket, then the socket closes. */
function refuseUpgrade(socket: Duplex, err: EngineError): void {
  const status = STATUS_BY_CODE[err.code];
  const body = JSON.stringify({ success: false, error: err.toPayload() });
  const headers: Record<string, string | number> = {
    ...(SECURITY_HEADERS as Record<string, string>),
    ...refusalHeaders(err),
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { log } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const gate = new AccessGate({ ...options.access, dataDir: options.dataDir, bindHost: options.host });
  const logRefusal = createRefusalLog(log);
  const rest = createRestApi({
    handlers: options.handlers,
    exportsDir: () => join(options.dataDir, 'exports'),
    log,
    maxUploadBytes: options.maxUploadBytes,
    extraRoutes: sessionRoutes(gate),
  });
  const ingest = createHttpIngest(options.ingest, log);
  const connections = new Map<WebSocket, Caller>();

  const refused = (req: IncomingMessage, what: string, err: unknown) => {
    if (!(err instanceof EngineError) || err.code === 'BAD_REQUEST') return;
    const who = `${req.socket.remoteAddress ?? 'unknown'}${req.headers.origin ? ` (page ${req.headers.origin})` : ''}`;
    logRefusal(
      `${err.code}:${what}:${req.socket.remoteAddress}:${req.headers.origin}`,
      `refused ${what} from ${who}: ${err.message}`,
    );
  };

  /** Host, Origin, token and rate limit for one HTTP request; the Caller when it may go on. */
  const admit = (req: IncomingMessage, area: Area): Caller => {
    const caller = gate.identify(req);
    if (area === 'api') gate.requireToken(caller);
    if (area === 'health' || area === 'session' || area === 'api') {
      const kind: CallKind = req.method === 'GET' || req.method === 'HEAD' ? 'restRead' : 'restWrite';
      gate.limit(kind, caller);
    }
    return caller;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    applySecurityHeaders(res);
    let caller: Caller;
    let path: string;
    try {
      path = requestUrl(req.url).pathname;
      caller = admit(req, areaOf(path));
    } catch (err) {
      refused(req, `${req.method} ${(req.url ?? '').slice(0, 200)}`, err);
      if (req.method !== 'GET' && req.method !== 'HEAD') cutUploadAfterAnswer(req, res);
      return sendError(res, err, log, { headers: refusalHeaders(err) });
    }
    const area = areaOf(path);
    if (area === 'health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendError(res, new EngineError('UNKNOWN_METHOD', 'use GET'), log, {
          status: 405,
          headers: { allow: 'GET' },
        });
      }
      const health = options.health();
      // Where the data lives is nobody's business off this machine.
      const shown: Health = caller.loopback || caller.client.trusted ? health : { ...health, dataDir: undefined };
      res.writeHead(health.status === 'ok' || health.status === 'degraded' ? 200 : 503, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(shown));
      return;
    }
    if (area === 'api' || area === 'session') return rest(req, res, requestContext(caller, res));
    if (area === 'ingest') return ingest(req, res);
    if (options.rendererDir && (await serveStatic(options.rendererDir, req, res))) return;
    if (!options.rendererDir && path === '/') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The control room is not built. Run `npm run build`, then restart `watchfloor serve`.\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  };

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`request ${req.url} failed: ${(err as Error).message}`);
      if (!res.headersSent) sendError(res, new EngineError('INTERNAL', 'internal error'), log);
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    let caller: Caller;
    try {
      if (requestUrl(req.url).pathname !== '/ws') throw new EngineError('NOT_FOUND', 'WebSocket connections go to /ws');
      caller = gate.identify(req);
      gate.requireToken(caller);
    } catch (err) {
      refused(req, 'a WebSocket', err);
      refuseUpgrade(socket, err instanceof EngineError ? err : new EngineError('INTERNAL', 'internal error'));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections.set(ws, caller);
      const detach = serveContract(createWsServerChannel(ws), options.handlers, {
        context: connectionOf(caller),
        admit: () => gate.limit('ws', caller),
      });
      ws.on('close', () => {
        connections.delete(ws);
        detach();
      });
    });
  });

  // A new or revoked token ends the connections it authorized (close code 4401: sign in again).
  const revokeTimer = setInterval(() => {
    for (const [ws, caller] of connections) {
      if (!gate.stillAuthorized(caller)) ws.close(4401, 'the access token changed; sign in again');
    }
  }, REVOKE_CHECK_MS);
  revokeTimer.unref();

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : options.port);
    });
  });

  const hostForUrl = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${port}`,
    port,
    async close() {
      clearInterval(revokeTimer);
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
