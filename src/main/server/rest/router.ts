// A declarative router for /api: each endpoint is one `{ method, pattern, permission, query,
// handle }` row, so a new endpoint is a new row, not a new branch. The router owns what every
// endpoint shares: the caller's role (route-permission.ts), path parameters, the query-parameter
// allow-list, 404/405 envelopes and error mapping.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EngineError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/rpc/call-context';
import { sendData, sendError, type Meta } from './envelope';
import { checkRole, routePermission, type RoutePermission } from './route-permission';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path parameters, percent-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Who is asking, as the HTTP server established it; handed on to every contract call. */
  context: CallContext;
}

/** What a JSON endpoint answers; the router wraps it in the envelope. */
export interface Reply {
  data: unknown;
  meta?: Meta;
  status?: number;
}

export interface Route {
  method: HttpMethod;
  /** Literal segments and `:name` parameters, e.g. `/api/devices/:id/history`. */
  pattern: string;
  /** Who may call it: the contract method it calls (its entry is inherited), or an entry of its own. */
  permission: RoutePermission;
  /** Query parameters the endpoint understands; any other is rejected, so a typo is not silently ignored. */
  query?: readonly string[];
  /** Returns a Reply, or nothing when it wrote the response itself (file downloads). */
  handle(ctx: RouteContext): Promise<Reply | void>;
}

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
}

export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string[] };

function compile(route: Route): CompiledRoute {
  if (!route.pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${route.pattern}`);
  const segments = route.pattern
    .slice(1)
    .split('/')
    .map((s): Segment => {
      if (!s.startsWith(':')) return { literal: s };
      const param = s.slice(1);
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(param)) throw new Error(`bad parameter "${s}" in ${route.pattern}`);
      return { param };
    });
  return { route, segments };
}

/** Matches against the raw (still percent-encoded) path, so an encoded "/" stays inside its segment. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const part = parts[i]!;
    if ('literal' in seg) {
      if (seg.literal !== part) return undefined;
      continue;
    }
    if (part === '') return undefined;
    try {
      params[seg.param] = decodeURIComponent(part);
    } catch {
      throw new EngineError('BAD_REQUEST', `path parameter "${seg.param}" is not valid percent-encoding`);
    }
  }
  return params;
}

export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    const seen = new Set<string>();
    for (const r of routes) {
      const key = `${r.method} ${r.pattern}`;
      if (seen.has(key)) throw new Error(`route declared twice: ${key}`);
      seen.add(key);
    }
    this.compiled = routes.map(compile);
  }

  /** HEAD is answered by the GET route; Node drops the body of a HEAD response. */
  match(method: string, rawPath: string): Match {
    const parts = rawPath.slice(1).split('/');
    const wanted = method === 'HEAD' ? 'GET' : method;
    const allow = new Set<string>();
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      if (c.route.method === wanted) return { kind: 'found', route: c.route, params };
      allow.add(c.route.method);
      if (c.route.method === 'GET') allow.add('HEAD');
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
  }
}

function checkQuery(query: URLSearchParams, allowed: readonly string[]): void {
  for (const name of new Set(query.keys())) {
    if (allowed.includes(name)) continue;
    const expected = allowed.length > 0 ? `; this endpoint takes ${allowed.join(', ')}` : '; this endpoint takes none';
    throw new EngineError('BAD_REQUEST', `unknown query parameter "${name}"${expected}`, { parameter: name });
  }
}

/** Builds the request listener for everything under /api that is not served elsewhere. */
export function createRouter(
  routes: readonly Route[],
  log: (message: string) => void,
  /** Told of each role refusal of a write or export route, for the audit trail. */
  onRefused?: (
    permission: RoutePermission,
    what: string,
    params: Readonly<Record<string, string>>,
    context: CallContext,
    error: EngineError,
  ) => void,
): (req: IncomingMessage, res: ServerResponse, context: CallContext) => Promise<void> {
  const table = new RouteTable(routes);
  return async (req, res, context) => {
    const method = req.method ?? 'GET';
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = table.match(method, url.pathname);
      if (match.kind === 'not-found') {
        throw new EngineError('UNKNOWN_METHOD', `no endpoint ${method} ${url.pathname}`);
      }
      if (match.kind === 'method-not-allowed') {
        const allow = match.allow.join(', ');
        const err = new EngineError('UNKNOWN_METHOD', `${method} is not allowed on ${url.pathname}; use ${allow}`, {
          allow: match.allow,
        });
        return sendError(res, err, log, { status: 405, headers: { allow } });
      }
      const what = `${method} ${match.route.pattern}`;
      const permission = routePermission(match.route.permission);
      try {
        checkRole(permission, context.caller, what);
      } catch (err) {
        if (permission.audit !== 'none' && err instanceof EngineError)
          onRefused?.(match.route.permission, what, match.params, context, err);
        throw err;
      }
      checkQuery(url.searchParams, match.route.query ?? []);
      const reply = await match.route.handle({ req, res, params: match.params, query: url.searchParams, context });
      if (reply) sendData(res, reply.data, reply.meta, reply.status);
    } catch (err) {
      sendError(res, err, log);
    }
  };
}
