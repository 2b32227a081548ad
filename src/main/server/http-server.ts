// The headless transport: HTTP (or HTTPS, server.tls) for the renderer, REST and ingest (/ingest),
// WebSocket (/ws) for the contract. Knows nothing of the domain beyond the handlers it is given.
// Every request and upgrade passes the access gate first (access/access-gate.ts: Host, Origin,
// what the caller presents, rate limits); the engine's access control then names the caller
// (access/client-connections.ts), and every REST call and WebSocket message runs as that caller.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type ServerOptions as TlsServerOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { Health } from '../../shared/domain';
import { EngineError } from '../../shared/errors';
import { callContext, type CallContext, type Connection } from '../../shared/rpc/call-context';
import { serveContract, type ContractHandlers } from '../../shared/rpc/server';
import type { Authenticator, CallAuditor } from '../engine/access/access-ports';
import { AccessGate, credentialOf, type AccessGateOptions, type Caller, type CallKind } from './access/access-gate';
import { createClientConnections } from './access/client-connections';
import { createRefusalLog } from './access/refusal-log';
import { applySecurityHeaders, SECURITY_HEADERS } from './access/security-headers';
import { sessionRoutes } from './access/session-routes';
import { cutUploadAfterAnswer } from './ingest/cut-upload';
import { createHttpIngest, type HttpIngestOptions } from './ingest/http-ingest';
import { sendError, STATUS_BY_CODE } from './rest/envelope';
import { createRestApi } from './rest/rest-api';
import { METRICS_PATH, metricsConnection, serveMetrics, type MetricsEndpointOptions } from './metrics-endpoint';
import { serveStatic } from './static-files';
import { createWsServerChannel } from './ws-channel';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Built renderer; when missing, the API still works and / explains how to build. */
  rendererDir: string | undefined;
  handlers: ContractHandlers;
  health: () => Health;
  log: (message: string) => void;
  /** The engine's data directory: exports are downloaded from <dataDir>/exports. */
  dataDir: string;
  /** Who may call (docs/administration.md: Security); the bind host comes from `host`. */
  access: Omit<AccessGateOptions, 'bindHost'>;
  /**
   * The engine's sign-in (engine.access): /api/session, and whether the engine has users (then
   * every browser and REST client signs in). Without it the engine is open, as before users.
   */
  auth?: Authenticator;
  /** PEM certificate and key (server.tls, read by serve.ts): HTTPS and WSS on the same port. */
  tls?: Pick<TlsServerOptions, 'cert' | 'key' | 'ca'>;
  /** POST /api/import/upload takes files up to this size. */
  maxUploadBytes: number;
  /** POST /ingest/*: the pipeline and sources.http; without it, /ingest answers 404. */
  ingest?: HttpIngestOptions;
  /** The engine's audit trail (services.audit): REST writes refused for the caller's role. */
  auditor?: CallAuditor;
  /** GET /metrics (server.metrics.enabled); without it, /metrics answers 404 saying it is off. */
  metrics?: MetricsEndpointOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Area = 'health' | 'session' | 'api' | 'ingest' | 'metrics' | 'app';

function areaOf(path: string): Area {
  if (path === '/api/health') return 'health';
  if (path === METRICS_PATH) return 'metrics';
  if (path === '/api/session' || path.startsWith('/api/session/')) return 'session';
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

export function refusalHeaders(err: unknown): Record<string, string> {
  if (!(err instanceof EngineError)) return {};
  if (err.code === 'UNAUTHORIZED') return { 'www-authenticate': 'Bearer realm="watchfloor"' };
  if (err.code === 'RATE_LIMITED') {
    const ms = (err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 1000;
    return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
  }
  return {};
}

/**
 * A REST request's context: its signal aborts when the client goes away before the answer; the
 * connection ends with the request.
 */
export function requestContext(connection: Connection, res: ServerResponse): CallContext {
  const call = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) call.abort(new EngineError('CANCELLED', 'the client closed the connection'));
    connection.session?.close();
  });
  return callContext(connection, call.signal);
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
  const gate = new AccessGate({ ...options.access, bindHost: options.host });
  const auth = options.auth;
  const clients = createClientConnections(options.handlers, () => auth?.hasUsers() ?? false);
  const logRefusal = createRefusalLog(log);
  const rest = createRestApi({
    handlers: options.handlers,
    exportsDir: () => join(options.dataDir, 'exports'),
    log,
    maxUploadBytes: options.maxUploadBytes,
    auditor: options.auditor,
    extraRoutes: sessionRoutes({
      handlers: options.handlers,
      auth,
      connect: (req, secret) =>
        clients.connect({
          ...gate.identify(req, { cookie: false }),
          credential: secret ? credentialOf(secret) : undefined,
        }),
    }),
  });
  const ingest = createHttpIngest(options.ingest, log);

  const refused = (req: IncomingMessage, what: string, err: unknown) => {
    if (!(err instanceof EngineError) || err.code === 'BAD_REQUEST') return;
    const who = `${req.socket.remoteAddress ?? 'unknown'}${req.headers.origin ? ` (page ${req.headers.origin})` : ''}`;
    logRefusal(
      `${err.code}:${what}:${req.socket.remoteAddress}:${req.headers.origin}`,
      `refused ${what} from ${who}: ${err.message}`,
    );
  };

  /**
   * Host, Origin, who is calling and the rate limits for one HTTP request; the Caller (and, under
   * /api, its Connection) when it may go on.
   */
  const admit = (req: IncomingMessage, area: Area): { caller: Caller; connection?: Connection } => {
    const read = req.method === 'GET' || req.method === 'HEAD';
    const caller = gate.identify(req, { cookie: read });
    if (area === 'health') gate.limit('restRead', caller);
    if (area === 'metrics') {
      // Never the app's page: a scraper pointed at an engine with metrics off is told so.
      if (!options.metrics)
        throw new EngineError('NOT_FOUND', 'GET /metrics is off on this engine (server.metrics.enabled)');
      return { caller, connection: metricsConnection(caller, gate, clients, options.metrics) };
    }
    if (area !== 'api' && area !== 'session') return { caller };
    const connection = clients.connect(caller, area === 'session');
    try {
      if (area === 'api') clients.requireSignedIn(caller, connection, !read);
      const kind: CallKind = read ? 'restRead' : 'restWrite';
      gate.limit(kind, caller, connection.caller);
    } catch (err) {
      connection.session?.close();
      throw err;
    }
    return { caller, connection };
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    applySecurityHeaders(res);
    let admitted: ReturnType<typeof admit>;
    let path: string;
    try {
      path = requestUrl(req.url).pathname;
      admitted = admit(req, areaOf(path));
    } catch (err) {
      refused(req, `${req.method} ${(req.url ?? '').slice(0, 200)}`, err);
      if (req.method !== 'GET' && req.method !== 'HEAD') cutUploadAfterAnswer(req, res);
      return sendError(res, err, log, { headers: refusalHeaders(err) });
    }
    const area = areaOf(path);
    const { caller, connection } = admitted;
    if (area === 'metrics') return serveMetrics(req, res, requestContext(connection!, res), options.handlers, log);
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
    if (connection) return rest(req, res, requestContext(connection, res));
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

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`request ${req.url} failed: ${(err as Error).message}`);
      if (!res.headersSent) sendError(res, new EngineError('INTERNAL', 'internal error'), log);
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);

  server.on('upgrade', (req, socket, head) => {
    let caller: Caller;
    let connection: Connection | undefined;
    try {
      if (requestUrl(req.url).pathname !== '/ws') throw new EngineError('NOT_FOUND', 'WebSocket connections go to /ws');
      caller = gate.identify(req, { cookie: true });
      connection = clients.connect(caller);
      clients.requireSignedIn(caller, connection, false);
    } catch (err) {
      connection?.session?.close();
      refused(req, 'a WebSocket', err);
      refuseUpgrade(socket, err instanceof EngineError ? err : new EngineError('INTERNAL', 'internal error'));
      return;
    }
    const conn = connection;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const detach = serveContract(createWsServerChannel(ws), options.handlers, {
        context: conn,
        admit: () => gate.limit('ws', caller, conn.caller),
      });
      // Signed out, revoked, expired, the user removed: the socket closes with 4401.
      const unwatch = clients.watch(ws, caller, conn);
      ws.on('close', () => {
        unwatch();
        detach();
        conn.session?.close();
      });
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : options.port);
    });
  });

  const hostForUrl = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${port}`,
    port,
    async close() {
      clients.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
