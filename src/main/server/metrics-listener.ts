// GET /metrics for the desktop app's engine, which has no HTTP server of its own: with
// server.metrics.desktop set, the engine host listens on that address for /metrics and nothing
// else. The same gate (Host, rate limits), the same sessions and API tokens and the same checks as
// `serve` (metrics-endpoint.ts); no cookie is taken here (no page of ours is served from it). Like
// `serve`, a listener other machines can reach needs users first.
import { createServer, type Server } from 'node:http';
import { EngineError } from '../../shared/errors';
import type { CallerIdentity } from '../../shared/rpc/call-context';
import type { ContractHandlers } from '../../shared/rpc/server';
import { AccessGate, type RateLimits } from './access/access-gate';
import { createClientConnections } from './access/client-connections';
import { isLoopbackBind } from './access/host-policy';
import { applySecurityHeaders } from './access/security-headers';
import { refusalHeaders, requestContext, requestUrl } from './http-server';
import { METRICS_PATH, metricsConnection, serveMetrics } from './metrics-endpoint';
import { sendError } from './rest/envelope';

export interface MetricsListenerOptions {
  host: string;
  port: number;
  handlers: ContractHandlers;
  access: { hasUsers(): boolean; metricsCaller(secret: string): CallerIdentity };
  server: { allowedHosts: readonly string[]; allowedOrigins: readonly string[]; rateLimits: RateLimits };
  /** The data directory's local key (a tool on this machine holding it acts as `local`). */
  localKey: Buffer;
  log: (message: string) => void;
}

export interface MetricsListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startMetricsListener(options: MetricsListenerOptions): Promise<MetricsListener> {
  const { host, log, handlers } = options;
  if (!isLoopbackBind(host) && !options.access.hasUsers()) {
    throw new EngineError(
      'INVALID_STATE',
      `server.metrics.desktop on ${host} makes the metrics reachable from other machines, so the engine needs users first`,
    );
  }
  const gate = new AccessGate({ ...options.server, bindHost: host, localKey: options.localKey });
  const clients = createClientConnections(handlers, () => options.access.hasUsers());
  const tokenCaller = (secret: string) => options.access.metricsCaller(secret);
  const server: Server = createServer((req, res) => {
    applySecurityHeaders(res);
    let connection;
    try {
      if (requestUrl(req.url).pathname !== METRICS_PATH) {
        throw new EngineError('NOT_FOUND', 'this port serves GET /metrics only');
      }
      connection = metricsConnection(gate.identify(req, { cookie: false }), gate, clients, { tokenCaller });
    } catch (err) {
      return sendError(res, err, log, { headers: refusalHeaders(err) });
    }
    serveMetrics(req, res, requestContext(connection, res), handlers, log).catch((err: unknown) =>
      sendError(res, err, log),
    );
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}${METRICS_PATH}`,
    port,
    async close() {
      clients.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
