// The engine's CallAuditor: every write and export call (permission `audit` in
// src/shared/permissions.ts) becomes one audit entry — who (the caller from the session, never a
// parameter), from where, what, on what, the outcome, the parameters with secrets removed, and,
// where the permission names a reading call as `snapshot`, what that call answered before and
// after (as a diff). Reads are never recorded. Entries go to audit_log only: nothing here reaches
// the alarm queue, notifications or live streams.
// Recording never breaks the call it records: a snapshot or append that fails is logged and the
// call's own answer or error stands.
import { requests, type RequestName } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import { REQUEST_PERMISSIONS } from '../../../shared/permissions';
import type { Role } from '../../../shared/contract/auth';
import type { ConnectionKind } from '../../../shared/rpc/access-control';
import type { CallContext, ClientInfo } from '../../../shared/rpc/call-context';
import type { AuditEvent, CallAuditor, SignedIn } from './access-ports';
import { diff, redact, targetOf } from './audit-details';
import type { AuditLog } from './audit-log';

/** Runs a reading call in-process (the handlers themselves, as the engine's own caller). */
export type SnapshotReader = (method: RequestName, params: unknown) => Promise<unknown>;

/** The parameters of the call that also apply to the reading call (`{}` when none do). */
export function snapshotParams(method: RequestName, params: unknown): unknown {
  const schema = requests[method].params as unknown as {
    shape?: Record<string, unknown>;
    safeParse(v: unknown): { success: boolean; data?: unknown };
  };
  const shape = schema.shape;
  if (shape && params && typeof params === 'object') {
    const picked = Object.fromEntries(Object.entries(params as Record<string, unknown>).filter(([k]) => k in shape));
    const parsed = schema.safeParse(picked);
    if (parsed.success) return parsed.data;
  }
  const empty = schema.safeParse({});
  return empty.success ? empty.data : {};
}

function errorOf(err: unknown): { code: string; message: string } {
  return err instanceof EngineError
    ? { code: err.code, message: err.message }
    : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** Recorded by the Authenticator itself (every sign-in path, REST included), not as calls. */
const RECORDED_ELSEWHERE: ReadonlySet<RequestName> = new Set(['auth.login', 'auth.setup']);

export class AuditTrail implements CallAuditor {
  constructor(
    private readonly log: AuditLog,
    private readonly read: SnapshotReader,
    private readonly report: (message: string) => void,
  ) {}

  async call(
    method: RequestName,
    params: unknown,
    context: CallContext,
    run: () => Promise<unknown>,
  ): Promise<unknown> {
    const permission = REQUEST_PERMISSIONS[method];
    if (!permission || permission.audit === 'none' || RECORDED_ELSEWHERE.has(method)) return run();
    const snapshot = permission.snapshot;
    const before = snapshot ? await this.snapshot(snapshot, params) : undefined;
    let result: unknown;
    try {
      result = await run();
    } catch (err) {
      this.record(method, params, context, 'failed', { params: redact(params), error: errorOf(err) });
      throw err;
    }
    const details: Record<string, unknown> = { params: redact(params) };
    if (snapshot) {
      const after = await this.snapshot(snapshot, params);
      if (before !== undefined && after !== undefined) {
        const { changes, more } = diff(before, after);
        details.changes = changes;
        if (more > 0) details.moreChanges = more;
      }
    }
    this.record(method, params, context, 'ok', details);
    return result;
  }

  refused(method: RequestName, params: unknown, context: CallContext, error: EngineError): void {
    const permission = REQUEST_PERMISSIONS[method];
    if (!permission || permission.audit === 'none') return;
    this.record(method, params, context, 'refused', { params: redact(params), error: errorOf(error) });
  }

  event(event: AuditEvent): void {
    this.append({ ...event, details: redact(event.details) });
  }

  private record(
    method: RequestName,
    params: unknown,
    context: CallContext,
    outcome: AuditEvent['outcome'],
    details: unknown,
  ): void {
    const { caller, client } = context;
    // Before signing in the caller is anonymous: the name it gave is who tried.
    const named = (params as { user?: unknown } | null)?.user;
    const actor = caller.kind === 'anonymous' && typeof named === 'string' ? named : caller.id;
    this.append({
      actor,
      role: caller.role,
      client: client.address,
      action: method,
      target: targetOf(params),
      outcome,
      details,
    });
  }

  private append(event: AuditEvent): void {
    try {
      this.log.append(event);
    } catch (err) {
      this.report(`audit: could not record ${event.action} by ${event.actor}: ${(err as Error).message}`);
    }
  }

  private async snapshot(method: RequestName, params: unknown): Promise<unknown> {
    try {
      return await this.read(method, snapshotParams(method, params));
    } catch {
      return undefined; // no before/after for this call; the call itself is still recorded
    }
  }
}

/**
 * A sign-in (or the first administrator's setup) as one audit entry, whatever path it took — the
 * contract's auth.login or a browser's POST /api/session: who tried, from where, and the outcome
 * (a failure with its code; the password is never seen here). The Authenticator wraps its work in it.
 */
export async function auditedSignIn(
  auditor: CallAuditor,
  action: 'auth.login' | 'auth.setup',
  user: string,
  client: ClientInfo,
  kind: ConnectionKind,
  run: () => Promise<{ signed: SignedIn; role: Role }>,
): Promise<SignedIn> {
  const base = { actor: user, client: client.address, action, target: user };
  try {
    const { signed, role } = await run();
    auditor.event({ ...base, role, outcome: 'ok', details: { kind, session: signed.sessionId } });
    return signed;
  } catch (err) {
    auditor.event({ ...base, role: null, outcome: 'failed', details: { kind, error: errorOf(err) } });
    throw err;
  }
}
