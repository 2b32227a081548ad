// Signing the desktop in to a central engine: POST /api/session { user, password } over the
// pinned connection, as a desktop (`x-watchfloor-client: desktop`, so the engine lists the session
// as `remote`). The session secret it answers lives in this object only — in the engine host's
// memory, never on disk, never in the main process or a window: every window's WebSocket presents
// it (remote-link.ts) and a restart of the app asks for the password again.
//
// Decision: no "remember me". Keeping the secret would mean keeping a live session to the central
// engine in the profile (safeStorage protects it from other users, not from someone at the
// unlocked station or a copied profile), while the engine's own session expiry and lock already
// decide how long a station stays signed in. A control-room desktop restarts rarely.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type z } from 'zod';
import { EngineError, type ErrorCode } from '../../../shared/errors';
import { restAnswer, RestFailure } from '../../../shared/rest-envelope';
import { SessionStatus, SignInAnswer } from '../../../shared/session-state';
import type { EngineAddress } from './engine-url';
import type { StationCaller } from './local-station';
import { pinnedConnection } from './pinned-connection';

export const DESKTOP_CLIENT_HEADER = 'x-watchfloor-client';
export const DESKTOP_CLIENT_VALUE = 'desktop';

const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/** One JSON request over the pinned connection. */
export function requestJson(
  address: EngineAddress,
  fingerprint: string | null,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; secret?: string | null } = {},
): Promise<RawAnswer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const request = address.secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      `${address.origin}${path}`,
      {
        method,
        createConnection: pinnedConnection(address, fingerprint) as never,
        headers: {
          accept: 'application/json',
          [DESKTOP_CLIENT_HEADER]: DESKTOP_CLIENT_VALUE,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.secret ? { authorization: `Bearer ${options.secret}` } : {}),
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error('the engine’s answer is too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // not JSON: the caller words the status
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${address.origin} did not answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

const CODE_BY_STATUS: Record<number, ErrorCode> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 429: 'RATE_LIMITED' };

function refusal(answer: RawAnswer): EngineError {
  const failed = RestFailure.safeParse(answer.json);
  if (failed.success) return EngineError.from(failed.data.error);
  if (answer.status === 429) {
    const wait = Number(answer.headers['retry-after']) || 60;
    return new EngineError('RATE_LIMITED', `too many attempts: try again in ${wait} s`, { retryAfterMs: wait * 1000 });
  }
  if (answer.status === 404) {
    return new EngineError(
      'UNAVAILABLE',
      'this engine does not offer password sign-in (is it a Watchfloor engine, and up to date?)',
    );
  }
  return new EngineError(CODE_BY_STATUS[answer.status] ?? 'UNAVAILABLE', `the engine answered HTTP ${answer.status}`);
}

function parsed<T extends z.ZodType>(answer: RawAnswer, schema: T): z.infer<T> {
  const envelope = restAnswer(schema).safeParse(answer.json);
  if (answer.status >= 300 || !envelope.success) throw refusal(answer);
  const body = envelope.data as { success: boolean; data?: unknown };
  if (!body.success) throw refusal(answer);
  return body.data as z.infer<T>;
}

/** A failure to reach the engine at all, as an EngineError the window can show. */
function unreachable(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code === 'CERTIFICATE_CHANGED' ? 'FORBIDDEN' : 'UNAVAILABLE';
  return new EngineError(code, message, code === 'FORBIDDEN' ? { certificateChanged: true } : undefined);
}

function callerOf(status: SessionStatus): StationCaller {
  if (status.user) return { user: status.user.name, role: status.user.role, locked: status.session?.locked ?? false };
  if (status.mode === 'open') return { user: 'local', role: 'admin', locked: false };
  return { user: 'anonymous', role: null, locked: false };
}

/** The desktop's session with one central engine. */
export class RemoteSession {
  private secret: string | null = null;
  /** Who the session was, as the engine last said (station calls fall back on it while it cannot be reached). */
  private known: StationCaller | null = null;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  constructor(
    readonly address: EngineAddress,
    readonly fingerprint: string | null,
  ) {}

  /** The secret every WebSocket presents, or null before signing in (or after being signed out). */
  get current(): string | null {
    return this.secret;
  }

  onChange(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async status(): Promise<SessionStatus> {
    const secret = this.secret;
    let status: SessionStatus;
    try {
      status = parsed(
        await requestJson(this.address, this.fingerprint, 'GET', '/api/session', { secret }),
        SessionStatus,
      );
    } catch (err) {
      throw unreachable(err);
    }
    if (secret === this.secret) this.known = callerOf(status);
    return status;
  }

  /**
   * Who this desktop acts as on the engine now, for the station's own calls (local-station.ts):
   * asked of the engine each time, so a demoted, locked or revoked session counts at once; while
   * the engine cannot be reached, what it said last about the same session.
   */
  async caller(): Promise<StationCaller> {
    try {
      await this.status();
    } catch (err) {
      if (!this.known) throw err;
    }
    return this.known ?? { user: 'anonymous', role: null, locked: false };
  }

  async signIn(user: string, password: string): Promise<SessionStatus> {
    let answer: SignInAnswer;
    try {
      answer = parsed(
        await requestJson(this.address, this.fingerprint, 'POST', '/api/session', { body: { user, password } }),
        SignInAnswer,
      );
    } catch (err) {
      throw unreachable(err);
    }
    this.set(answer.token);
    this.known = callerOf(answer.status);
    return answer.status;
  }

  /** Revokes the session on the engine (best effort) and forgets it here. */
  async signOut(): Promise<void> {
    const secret = this.secret;
    this.set(null);
    if (!secret) return;
    await requestJson(this.address, this.fingerprint, 'DELETE', '/api/session', { secret }).catch(() => {});
  }

  /** The engine said the session is over (a WebSocket closed with 4401, or an upgrade got 401). */
  expired(): void {
    this.set(null);
  }

  private set(secret: string | null): void {
    const changed = secret !== this.secret;
    this.secret = secret;
    if (changed) this.known = null;
    if (changed) for (const l of this.listeners) l(secret !== null);
  }
}
