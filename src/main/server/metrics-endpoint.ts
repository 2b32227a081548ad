// GET /metrics: the engine's own metrics in the Prometheus text format, for the site's monitoring
// (docs/administration.md: Monitoring Watchfloor). Protected like the REST API — the same gate
// (Host, Origin, rate limits), the same sessions and API tokens, the contract's permission entry
// (`metrics.prometheus`, viewer) — with one addition for scrapers, which cannot sign in: an API
// token with the `metrics` scope, which opens this endpoint and nothing else. The text itself is
// the contract call's answer, so the desktop's metrics listener (metrics-listener.ts) serves the
// same figures with the same checks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EngineError } from '../../shared/errors';
import type { CallContext, CallerIdentity, Connection } from '../../shared/rpc/call-context';
import type { ContractHandlers } from '../../shared/rpc/server';
import type { AccessGate, Caller } from './access/access-gate';
import type { ClientConnections } from './access/client-connections';
import { callContract } from './rest/contract-call';
import { sendError } from './rest/envelope';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  /** The caller an API token acts as here (AccessService.metricsCaller); throws when it may not. */
  tokenCaller?: (secret: string) => CallerIdentity;
}

/**
 * Who scrapes: a token judged by tokenCaller, else whatever the REST API would make of the
 * caller (session, cookie, `local` on an engine without users); then the REST read limit.
 */
export function metricsConnection(
  caller: Caller,
  gate: AccessGate,
  clients: ClientConnections,
  options: MetricsEndpointOptions,
): Connection {
  const credential = caller.credential;
  const scraper =
    credential?.kind === 'token' && options.tokenCaller ? options.tokenCaller(credential.secret) : undefined;
  const connection: Connection = scraper ? { caller: scraper, client: caller.client } : clients.connect(caller);
  try {
    if (!scraper) clients.requireSignedIn(caller, connection, false);
    gate.limit('restRead', caller, connection.caller);
  } catch (err) {
    connection.session?.close();
    throw err;
  }
  return connection;
}

/** Answers one admitted request: the exposition text, or an error envelope with its status. */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  context: CallContext,
  handlers: ContractHandlers,
  log: (message: string) => void,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, new EngineError('UNKNOWN_METHOD', `${req.method} is not allowed on /metrics; use GET`), log, {
      status: 405,
      headers: { allow: 'GET, HEAD' },
    });
  }
  try {
    const { contentType, text } = await callContract(handlers, context, 'metrics.prometheus', {});
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(text);
  } catch (err) {
    sendError(res, err, log);
  }
}
