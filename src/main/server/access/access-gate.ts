// The engine's front door, for every HTTP request and WebSocket upgrade (docs/administration.md: Security):
// 1. the Host must be one of the engine's own names (DNS rebinding);
// 2. a browser's Origin must be the engine's own page (or server.allowedOrigins);
// 3. the access token, when one is required (always with a non-loopback bind, and whenever one
//    is configured): `Authorization: Bearer`, the browser's session cookie, or the local key of
//    a command-line tool on the engine's machine (which also makes the caller trusted);
// 4. calls per client and minute.
// It answers with the caller's ClientInfo, which the transport hands to every handler.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { EngineError } from '../../../shared/errors';
import type { ClientInfo } from '../../../shared/rpc/call-context';
import { isLoopback } from '../ingest/ingest-auth';
import { HostPolicy, isLoopbackBind } from './host-policy';
import { originAllowed, originSet } from './origin-policy';
import { RateLimiter } from './rate-limiter';
import { AccessTokenFile, tokenDigest } from './secret-files';
import { cookieValue, sameSecret, SESSION_COOKIE, sessionValue } from './session-cookie';

/** The command line proves it runs as the engine's user by sending the local key in this header. */
export const LOCAL_KEY_HEADER = 'x-watchfloor-local-key';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export interface RateLimits {
  restWritesPerMinute: number;
  restReadsPerMinute: number;
  wsRequestsPerMinute: number;
}

export interface AccessGateOptions {
  dataDir: string;
  /** The address `serve` binds (server.host). */
  bindHost: string;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  rateLimits: RateLimits;
  /** The data directory's local key (secret-files.ts). */
  localKey: Buffer;
  clock?: () => number;
}

export type CallKind = 'restWrite' | 'restRead' | 'ws';

/** What the gate knows of one request or connection. */
export interface Caller {
  client: ClientInfo;
  /** The peer is on this machine's loopback: it may see local details such as the data directory. */
  loopback: boolean;
  /** It presented the access token, or is trusted, or no token is required. */
  authorized: boolean;
  /** The token digest it was authorized with, to end its connection when the token changes. */
  credential: string | undefined;
}

function normalAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class AccessGate {
  readonly hosts: HostPolicy;
  private readonly origins: Set<string>;
  private readonly tokens: AccessTokenFile;
  private readonly limiter: RateLimiter;
  /** With a non-loopback bind a token is required even before one is created (fail closed). */
  private readonly exposed: boolean;

  constructor(private readonly options: AccessGateOptions) {
    const clock = options.clock ?? Date.now;
    this.hosts = new HostPolicy(options.bindHost, options.allowedHosts, clock);
    this.origins = originSet(options.allowedOrigins);
    this.tokens = new AccessTokenFile(options.dataDir, clock);
    this.limiter = new RateLimiter(clock);
    this.exposed = !isLoopbackBind(options.bindHost);
  }

  /** Whether clients must present the access token now. */
  get tokenRequired(): boolean {
    return this.exposed || this.tokens.current() !== undefined;
  }

  /** Host and Origin checks, then who the caller is; throws FORBIDDEN for another site's page. */
  identify(req: Pick<IncomingMessage, 'headers' | 'socket'>): Caller {
    const host = firstHeader(req.headers, 'host');
    if (!this.hosts.allows(host)) {
      throw new EngineError(
        'FORBIDDEN',
        `this engine does not answer to the host name ${JSON.stringify(host ?? '')}; use its own name or address, or add the name to server.allowedHosts`,
        { reason: 'host' },
      );
    }
    const origin = firstHeader(req.headers, 'origin');
    if (!originAllowed(origin, host, this.origins)) {
      throw new EngineError(
        'FORBIDDEN',
        `requests from pages of ${JSON.stringify(origin)} are refused: only the engine's own page may call it (or server.allowedOrigins)`,
        { reason: 'origin' },
      );
    }
    const address = normalAddress(req.socket.remoteAddress);
    const trusted = this.hasLocalKey(req.headers);
    const stored = this.tokens.current();
    let credential: string | undefined;
    if (stored && !trusted && this.presentsToken(req.headers, stored.sha256)) credential = stored.sha256;
    return {
      client: { address, origin: origin ?? null, trusted },
      loopback: isLoopback(req.socket.remoteAddress),
      authorized: trusted || credential !== undefined || !this.tokenRequired,
      credential,
    };
  }

  /** Throws UNAUTHORIZED unless the caller may use the API. */
  requireToken(caller: Caller): void {
    if (caller.authorized) return;
    const message = this.tokens.current()
      ? 'this engine needs its access token: send "Authorization: Bearer <token>", or sign in on the control room page'
      : 'this engine is reachable from the network and has no access token yet: run `watchfloor token create` on its machine';
    throw new EngineError('UNAUTHORIZED', message);
  }

  /** Throws RATE_LIMITED (details.retryAfterMs) when the caller is over its limit. Trusted callers are not limited. */
  limit(kind: CallKind, caller: Caller): void {
    if (caller.client.trusted) return;
    const l = this.options.rateLimits;
    const perMinute =
      kind === 'restWrite' ? l.restWritesPerMinute : kind === 'restRead' ? l.restReadsPerMinute : l.wsRequestsPerMinute;
    const verdict = this.limiter.take(kind, caller.client.address, perMinute);
    if (verdict.ok) return;
    const what = kind === 'ws' ? 'WebSocket requests' : kind === 'restWrite' ? 'REST writes' : 'REST reads';
    throw new EngineError(
      'RATE_LIMITED',
      `too many ${what} from ${caller.client.address} (at most ${perMinute} a minute); try again in ${Math.ceil(verdict.retryAfterMs / 1000)} s`,
      { retryAfterMs: verdict.retryAfterMs, limitPerMinute: perMinute },
    );
  }

  /** False once the token a connection was authorized with has been replaced or revoked. */
  stillAuthorized(caller: Caller): boolean {
    if (caller.client.trusted) return true;
    if (caller.credential !== undefined) return this.tokens.current()?.sha256 === caller.credential;
    return !this.tokenRequired;
  }

  /** True when `token` is the configured access token. */
  checkToken(token: string): boolean {
    const stored = this.tokens.current();
    return stored !== undefined && timingSafeEqual(tokenDigest(token), Buffer.from(stored.sha256, 'hex'));
  }

  /** The session cookie's value for the current token, once one is configured. */
  sessionCookie(): string | undefined {
    const stored = this.tokens.current();
    return stored && sessionValue(this.options.localKey, stored.sha256);
  }

  private hasLocalKey(headers: IncomingHttpHeaders): boolean {
    const presented = firstHeader(headers, LOCAL_KEY_HEADER);
    return presented !== undefined && sameSecret(presented.trim(), this.options.localKey.toString('hex'));
  }

  private presentsToken(headers: IncomingHttpHeaders, sha256: string): boolean {
    const bearer = BEARER.exec(firstHeader(headers, 'authorization') ?? '')?.[1];
    if (bearer !== undefined && timingSafeEqual(tokenDigest(bearer), Buffer.from(sha256, 'hex'))) return true;
    const cookie = cookieValue(firstHeader(headers, 'cookie'), SESSION_COOKIE);
    return cookie !== undefined && sameSecret(cookie, sessionValue(this.options.localKey, sha256));
  }
}
