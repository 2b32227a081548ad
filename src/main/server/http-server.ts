// The headless transport: HTTP for the renderer, REST and ingest (/ingest), WebSocket (/ws) for the contract.
// Knows nothing of the domain beyond the handlers it is given.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { Health } from '../../shared/domain';
import { serveContract, type ContractHandlers } from '../../shared/rpc/server';
import { createHttpIngest, type HttpIngestOptions } from './ingest/http-ingest';
import { createRestApi } from './rest/rest-api';
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
  /** Where exports are downloaded from (`<dataDir>/exports`); defaults to the engine's data directory. */
  dataDir?: string;
  /** POST /ingest/*: the pipeline and sources.http; without it, /ingest answers 404. */
  ingest?: HttpIngestOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const rest = createRestApi({
    handlers: options.handlers,
    exportsDir: () => join(options.dataDir ?? options.health().dataDir, 'exports'),
    log: options.log,
  });
  const ingest = createHttpIngest(options.ingest, options.log);

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/api/health') {
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
      const health = options.health();
      return sendJson(res, health.status === 'ok' || health.status === 'degraded' ? 200 : 503, health);
    }
    if (path.startsWith('/api/')) return rest(req, res);
    if (path === '/ingest' || path.startsWith('/ingest/')) return ingest(req, res);
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
      options.log(`request ${req.url} failed: ${(err as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/ws') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const detach = serveContract(createWsServerChannel(ws), options.handlers);
      ws.on('close', detach);
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
  return {
    url: `http://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${port}`,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
