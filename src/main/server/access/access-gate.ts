// The engine's front door, for every HTTP request and WebSocket upgrade (docs/administration.md: Security):
// 1. the Host must be one of the engine's own names (DNS rebinding);
// 2. a browser's Origin must be the engine's own page (or server.allowedOrigins);
// 3. what the caller presents: `Authorization: Bearer <secret>` (a session secret, or an API
//    token `wf_…`), the browser's session cookie — taken only where it cannot change anything
//    (GET/HEAD and the WebSocket upgrade, whose Origin is checked), so a cookie alone never
//    writes (no CSRF surface) — or the local key of a command-line tool on the engine's machine
//    (which makes the caller trusted). Whether the credential is valid, and whom it names, is the
//    engine's access control's to say (AccessControl.connect), not the gate's;
// 4. calls per client address and minute, and per user (a user on many machines is one user).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { EngineError } from '../../../shared/errors';
import type { ConnectionKind, Credential } from '../../../shared/rpc/access-control';
import type { CallerIdentity, ClientInfo } from '../../../shared/rpc/call-context';
import { isLoopback } from '../ingest/ingest-auth';
import { HostPolicy } from './host-policy';
import { originAllowed, originSet } from './origin-policy';
import { RateLimiter } from './rate-limiter';
import { cookieValue, sameSecret, SESSION_COOKIE } from './session-cookie';

/** The command line proves it runs as the engine's user by sending the local key in this header. */
export const LOCAL_KEY_HEADER = 'x-watchfloor-local-key';
/** `desktop`: a desktop app attached to this engine (sessions list it as `remote`); else a browser. */
export const CLIENT_HEADER = 'x-watchfloor-client';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
/** API tokens carry this prefix (watchfloor token create); anything else presented is a session secret. */
const API_TOKEN_PREFIX = 'wf_';

export interface RateLimits {
  restWritesPerMinute: number;
  restReadsPerMinute: number;
  wsRequestsPerMinute: number;
}

export interface AccessGateOptions {
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
  /** What it presented, for the engine to judge; undefined: nothing usable here. */
  credential: Credential | undefined;
  /** The credential is the session cookie (a browser sends it unasked: a stale one is ignored, not refused). */
  fromCookie: boolean;
  /** It sent the session cookie on a request where the cookie does not count (a REST write). */
  cookieIgnored: boolean;
  /** Where it says it comes from, as sessions list it. */
  kind: ConnectionKind;
}

function normalAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A presented secret, named by its shape: API tokens start with `wf_`. */
export function credentialOf(secret: string): Credential {
  return secret.startsWith(API_TOKEN_PREFIX) ? { kind: 'token', secret } : { kind: 'session', secret };
}

/** The secret in `Authorization: Bearer`, if the header has that form. */
export function bearerSecret(headers: IncomingHttpHeaders): string | undefined {
  return BEARER.exec(firstHeader(headers, 'authorization') ?? '')?.[1];
}

/** The session cookie's value, if sent. */
export function cookieSecret(headers: IncomingHttpHeaders): string | undefined {
  const value = cookieValue(firstHeader(headers, 'cookie'), SESSION_COOKIE);
  return value ? value : undefined;
}

/** `remote` for a desktop app attached to this engine (it says so in x-watchfloor-client), else `browser`. */
export function connectionKindOf(headers: IncomingHttpHeaders): ConnectionKind {
  return firstHeader(headers, CLIENT_HEADER)?.trim().toLowerCase() === 'desktop' ? 'remote' : 'browser';
}

export class AccessGate {
  readonly hosts: HostPolicy;
  private readonly origins: Set<string>;
  private readonly limiter: RateLimiter;

  constructor(private readonly options: AccessGateOptions) {
    const clock = options.clock ?? Date.now;
    this.hosts = new HostPolicy(options.bindHost, options.allowedHosts, clock);
    this.origins = originSet(options.allowedOrigins);
    this.limiter = new RateLimiter(clock);
  }

  /**
   * Host and Origin checks (throws FORBIDDEN for another site's page), then what the caller
   * presents. `cookie`: whether the session cookie counts on this request (GET/HEAD, upgrades).
   */
  identify(req: Pick<IncomingMessage, 'headers' | 'socket'>, { cookie }: { cookie: boolean }): Caller {
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
    const bearer = bearerSecret(req.headers);
    const fromCookie = cookieSecret(req.headers);
    const secret = bearer ?? (cookie ? fromCookie : undefined);
    return {
      client: {
        address: normalAddress(req.socket.remoteAddress),
        origin: origin ?? null,
        trusted: this.hasLocalKey(req.headers),
      },
      loopback: isLoopback(req.socket.remoteAddress),
      credential: secret === undefined ? undefined : credentialOf(secret),
      fromCookie: bearer === undefined && secret !== undefined,
      cookieIgnored: bearer === undefined && !cookie && fromCookie !== undefined,
      kind: connectionKindOf(req.headers),
    };
  }

  /**
   * Throws RATE_LIMITED (details.retryAfterMs) when the caller's address, or the user it acts
   * for, is over its limit. Trusted callers are not limited.
   */
  limit(kind: CallKind, caller: Caller, user?: CallerIdentity): void {
    if (caller.client.trusted) return;
    const l = this.options.rateLimits;
    const perMinute =
      kind === 'restWrite' ? l.restWritesPerMinute : kind === 'restRead' ? l.restReadsPerMinute : l.wsRequestsPerMinute;
    const what = kind === 'ws' ? 'WebSocket requests' : kind === 'restWrite' ? 'REST writes' : 'REST reads';
    const refuse = (who: string, retryAfterMs: number) =>
      new EngineError(
        'RATE_LIMITED',
        `too many ${what} from ${who} (at most ${perMinute} a minute); try again in ${Math.ceil(retryAfterMs / 1000)} s`,
        { retryAfterMs, limitPerMinute: perMinute },
      );
    const byAddress = this.limiter.take(kind, `address\0${caller.client.address}`, perMinute);
    if (!byAddress.ok) throw refuse(caller.client.address, byAddress.retryAfterMs);
    if (user && (user.kind === 'user' || user.kind === 'token')) {
      const byUser = this.limiter.take(kind, `user\0${user.id.toLowerCase()}`, perMinute);
      if (!byUser.ok) throw refuse(`user ${user.id}`, byUser.retryAfterMs);
    }
  }

  private hasLocalKey(headers: IncomingHttpHeaders): boolean {
    const presented = firstHeader(headers, LOCAL_KEY_HEADER);
    return presented !== undefined && sameSecret(presented.trim(), this.options.localKey.toString('hex'));
  }
}
