// The engine's access control: who each connection acts as, and whether it may make each call.
// One object serves both ports — AccessControl (src/shared/rpc/access-control.ts: connections, the
// permission table, the audit hand-off) and Authenticator (access-ports.ts: password sign-in, the
// first administrator) — over the accounts in state.db (accounts.ts).
//
// - A connection's caller is resolved on every call from what it is bound to (a session or an API
//   token), so revoking, expiring, locking or changing a role takes effect on the next call; the
//   connection's onChange fires for each of those (expiry by a timer).
// - Without a credential: a desktop window always signs in (with no users yet: the first-run
//   screen); a trusted caller (in-process, the local key) acts as `local`; any other acts as
//   `local` only while the engine has no users (open mode: `serve` on loopback) — else anonymous.
// - The role rule is checked before parameters are validated (admit: a refused call is refused
//   whatever it sent); the area rule after, on the alarm the call names (its area as alarms.list
//   filters it). Refused writes and exports go to the auditor; permitted calls run through it.
// - With no users, a one-time setup token (memory only, new each start) lets `auth.setup` create
//   the first administrator from a browser; the desktop's own windows need none.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import type { RequestName, StreamName } from '../../../shared/contract';
import { roleAtLeast, ROLES, type AuthStatus, type Role } from '../../../shared/contract/auth';
import type { TokenScope } from '../../../shared/contract/users';
import { EngineError } from '../../../shared/errors';
import { REQUEST_PERMISSIONS, STREAM_PERMISSIONS, type Permission } from '../../../shared/permissions';
import type { AccessControl, ConnectionKind, Credential } from '../../../shared/rpc/access-control';
import {
  ANONYMOUS,
  LOCAL_CALLER,
  type CallContext,
  type CallerIdentity,
  type ClientInfo,
  type Connection,
  type ConnectionSession,
} from '../../../shared/rpc/call-context';
import type { StateDb } from '../state/state-db';
import type { TokenRecord, UserRecord } from './access-store';
import { Accounts, type NewUser } from './accounts';
import type { Authenticator, CallAuditor, FirstAdmin, SignedIn } from './access-ports';
import { auditedSignIn } from './audit-trail';

export interface AccessServiceOptions {
  db: StateDb;
  clock: () => number;
  version: string;
  security: { sessionHours: number; idleLockMinutes: number };
  auditor: CallAuditor;
  /** The plant area of an alarm (as alarms.list's `areas` filter sees it); undefined: no such alarm. */
  alarmArea: (id: number) => string | undefined;
  /** The station's name in auth.status (default: the host name). */
  engineName?: string;
}

/** Calls a locked session may still make besides reading: it can only unlock or leave. */
const WHILE_LOCKED = new Set<string>(['auth.status', 'auth.unlock', 'auth.logout', 'auth.lock']);
const MAX_TIMER_MS = 2 ** 31 - 1;

type Binding = { kind: 'session' | 'token'; id: string } | null;

/** One connection's sign-in, held for the connection's life; the transport calls close() when it ends. */
class Link implements ConnectionSession {
  binding: Binding = null;
  readonly listeners = new Set<() => void>();
  timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly owner: AccessService,
    readonly client: ClientInfo,
    readonly kind: ConnectionKind,
  ) {}

  get id(): string | null {
    return this.binding?.id ?? null;
  }

  bind(sessionId: string | null): void {
    this.owner.bindLink(this, sessionId === null ? null : { kind: 'session', id: sessionId });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    this.owner.watch(this);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.owner.unwatch(this);
    };
  }

  close(): void {
    this.listeners.clear();
    this.owner.unwatch(this);
  }

  changed(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // one listener's failure does not keep the others from hearing of the change
      }
    }
  }
}

function lowerRole(a: Role, b: Role): Role {
  return ROLES[Math.min(ROLES.indexOf(a), ROLES.indexOf(b))]!;
}

/** A token's areas within its owner's: never more than the owner may act in. */
export function narrowAreas(token: readonly string[] | null, owner: readonly string[] | null): string[] | null {
  if (owner === null) return token === null ? null : [...token];
  if (token === null) return [...owner];
  return token.filter((a) => owner.includes(a));
}

export class AccessService implements AccessControl, Authenticator {
  readonly accounts: Accounts;
  private readonly options: AccessServiceOptions;
  private readonly links = new Set<Link>();
  private setup_: string | null;

  constructor(options: AccessServiceOptions) {
    this.options = options;
    this.accounts = new Accounts({
      db: options.db,
      clock: options.clock,
      sessionMs: options.security.sessionHours * 3_600_000,
    });
    this.accounts.onChange = (ids) => {
      const changed = new Set(ids);
      for (const link of this.links) if (link.binding && changed.has(link.binding.id)) link.changed();
    };
    this.setup_ = this.accounts.hasUsers() ? null : randomBytes(18).toString('base64url');
  }

  /** The one-time token that lets a browser create the first administrator; null once there are users. */
  get setupToken(): string | null {
    return this.setup_;
  }

  get engineName(): string {
    return this.options.engineName ?? os.hostname();
  }

  // connections

  connect(client: ClientInfo, credential: Credential | undefined, kind: ConnectionKind): Connection {
    const link = new Link(this, client, kind);
    if (credential?.kind === 'session') {
      const s = this.accounts.sessionBySecret(credential.secret);
      if (!s) throw new EngineError('UNAUTHORIZED', 'this session has ended: sign in again');
      this.bindLink(link, { kind: 'session', id: s.id });
    } else if (credential?.kind === 'token') {
      const t = this.accounts.tokenBySecret(credential.secret);
      if (!t || !t.scopes.includes('api')) {
        throw new EngineError(
          'UNAUTHORIZED',
          'this API token is not valid (unknown, revoked, expired or not for the API)',
        );
      }
      this.bindLink(link, { kind: 'token', id: t.id });
    }
    const callerOf = () => this.callerOf(link);
    return {
      get caller() {
        return callerOf();
      },
      client,
      session: link,
    };
  }

  /** @internal Link.bind */
  bindLink(link: Link, binding: Binding): void {
    link.binding = binding;
    if (link.listeners.size > 0) this.arm(link);
    link.changed();
  }

  /**
   * Only connections someone listens to are held here (a WebSocket, auth.changes): a REST
   * request's connection, never listened to, costs nothing once it is dropped.
   * @internal
   */
  watch(link: Link): void {
    if (this.links.has(link)) return;
    this.links.add(link);
    this.arm(link);
  }

  /** @internal */
  unwatch(link: Link): void {
    this.links.delete(link);
    clearTimeout(link.timer);
    link.timer = undefined;
  }

  /** The timer that tells a listened-to connection its session has run out. */
  private arm(link: Link): void {
    clearTimeout(link.timer);
    link.timer = undefined;
    const s = link.binding?.kind === 'session' ? this.accounts.session(link.binding.id) : undefined;
    if (!s) return;
    link.timer = setTimeout(() => link.changed(), Math.min(MAX_TIMER_MS, s.expiresAt - this.options.clock() + 5));
    link.timer.unref?.();
  }

  /** Whom a connection acts as right now. */
  private callerOf(link: Link): CallerIdentity {
    const b = link.binding;
    if (b?.kind === 'session') {
      const s = this.accounts.session(b.id);
      const u = s && this.accounts.user(s.user);
      if (!s || !u || u.disabled) return ANONYMOUS;
      return { id: u.name, role: u.role, areas: u.areas, kind: 'user', sessionId: s.id, locked: s.locked };
    }
    if (b?.kind === 'token') {
      const t = this.accounts.token(b.id);
      return t ? this.tokenCaller(t) : ANONYMOUS;
    }
    if (link.kind === 'desktop') return ANONYMOUS;
    if (link.client.trusted || !this.accounts.hasUsers()) return LOCAL_CALLER;
    return ANONYMOUS;
  }

  private tokenCaller(t: TokenRecord): CallerIdentity {
    const owner = this.accounts.user(t.user)!;
    return {
      id: owner.name,
      role: lowerRole(t.role, owner.role),
      areas: narrowAreas(t.areas, owner.areas),
      kind: 'token',
      sessionId: t.id,
    };
  }

  /** For the transport's HTTP ingest and REST bearer tokens: the token's caller, or null when it may not. */
  authenticateToken(secret: string, scope: TokenScope): CallerIdentity | null {
    const t = this.accounts.tokenBySecret(secret);
    return t && t.scopes.includes(scope) ? this.tokenCaller(t) : null;
  }

  /**
   * GET /metrics with an API token: one with the `metrics` scope (a scraper's: it can read nothing
   * else) or the `api` scope acts as its user; a valid token with neither is FORBIDDEN, an
   * unknown, revoked or expired one UNAUTHORIZED. The permission table still checks the role.
   */
  metricsCaller(secret: string): CallerIdentity {
    const t = this.accounts.tokenBySecret(secret);
    if (!t) throw new EngineError('UNAUTHORIZED', 'this API token is not valid (unknown, revoked or expired)');
    if (!t.scopes.includes('metrics') && !t.scopes.includes('api')) {
      throw new EngineError(
        'FORBIDDEN',
        `API token ${t.prefix}… may not read /metrics: it needs the metrics scope (watchfloor token create --scope metrics)`,
        { scopes: t.scopes },
      );
    }
    return this.tokenCaller(t);
  }

  // the permission table

  private refusal(method: string, perm: Permission, caller: CallerIdentity, params: unknown, areas: boolean) {
    if (perm.role === 'public') return null;
    if (caller.role === null) return new EngineError('UNAUTHORIZED', `sign in first: ${method} needs a signed-in user`);
    if (caller.locked && !WHILE_LOCKED.has(method) && !(perm.role === 'viewer' && perm.audit === 'none')) {
      return new EngineError('FORBIDDEN', 'this screen is locked: unlock it to change anything', {
        required: perm.role,
        role: caller.role,
        locked: true,
      });
    }
    if (!roleAtLeast(caller.role, perm.role)) {
      return new EngineError(
        'FORBIDDEN',
        `${method} needs the ${perm.role} role; ${caller.id} is ${caller.role === 'admin' || caller.role === 'engineer' || caller.role === 'operator' ? 'an' : 'a'} ${caller.role}`,
        { required: perm.role, role: caller.role },
      );
    }
    if (areas && perm.area && caller.areas !== null) {
      const p = params as { id?: unknown; ids?: unknown };
      const ids = perm.area === 'alarm' ? [p.id] : Array.isArray(p.ids) ? p.ids : [];
      for (const id of ids) {
        if (typeof id !== 'number') continue;
        const area = this.options.alarmArea(id);
        if (area !== undefined && !caller.areas.includes(area)) {
          return new EngineError(
            'FORBIDDEN',
            `alarm ${id} is in area "${area}"; ${caller.id} acts in ${caller.areas.map((a) => `"${a}"`).join(', ') || 'no area'} only`,
            { area, areas: caller.areas },
          );
        }
      }
    }
    return null;
  }

  /** The role rule alone, before the parameters are validated: a refused call is refused whatever it sent. */
  admit(method: RequestName, params: unknown, context: CallContext): void {
    const perm: Permission = REQUEST_PERMISSIONS[method];
    const refused = this.refusal(method, perm, context.caller, params, false);
    if (!refused) return;
    if (perm.audit !== 'none') this.options.auditor.refused(method, params, context, refused);
    throw refused;
  }

  async request(method: RequestName, params: unknown, context: CallContext, run: () => Promise<unknown>) {
    const perm: Permission = REQUEST_PERMISSIONS[method];
    const refused = this.refusal(method, perm, context.caller, params, true);
    if (refused) {
      if (perm.audit !== 'none') this.options.auditor.refused(method, params, context, refused);
      throw refused;
    }
    return await this.options.auditor.call(method, params, context, run);
  }

  stream(name: StreamName, _params: unknown, context: CallContext): void {
    const perm: Permission = STREAM_PERMISSIONS[name];
    if (perm.role !== 'public' && context.caller.role === null) {
      throw new EngineError('UNAUTHORIZED', `sign in first: ${name} needs a signed-in user`);
    }
  }

  // Authenticator

  hasUsers(): boolean {
    return this.accounts.hasUsers();
  }

  async signIn(user: string, password: string, client: ClientInfo, kind: ConnectionKind): Promise<SignedIn> {
    return auditedSignIn(this.options.auditor, 'auth.login', user, client, kind, async () => {
      const u = await this.accounts.checkPassword(user, password);
      const { secret, session } = this.accounts.openSession(u, client, kind);
      return { signed: { secret, sessionId: session.id, expiresAt: session.expiresAt }, role: u.role };
    });
  }

  setup(admin: FirstAdmin, client: ClientInfo, kind: ConnectionKind): Promise<SignedIn> {
    return auditedSignIn(this.options.auditor, 'auth.setup', admin.user, client, kind, async () => ({
      signed: await this.setupFirstAdmin(admin, client, kind),
      role: 'admin',
    }));
  }

  private async setupFirstAdmin(admin: FirstAdmin, client: ClientInfo, kind: ConnectionKind): Promise<SignedIn> {
    if (this.accounts.hasUsers()) throw new EngineError('INVALID_STATE', 'this engine already has users: sign in');
    if (kind !== 'desktop' && !this.setupTokenMatches(admin.setupToken)) {
      throw new EngineError(
        'FORBIDDEN',
        'the setup token is missing or wrong: use the one `watchfloor serve` printed, or run `watchfloor users add NAME --role admin`',
      );
    }
    const u = await this.createUser({
      name: admin.user,
      displayName: admin.displayName ?? null,
      role: 'admin',
      areas: null,
      password: admin.password,
    });
    const { secret, session } = this.accounts.openSession(u, client, kind);
    return { secret, sessionId: session.id, expiresAt: session.expiresAt };
  }

  private setupTokenMatches(given: string | undefined): boolean {
    const expected = this.setup_;
    if (!expected || !given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Creates a user; the first one ends open mode, which every connection hears of. */
  async createUser(input: NewUser): Promise<UserRecord> {
    const first = !this.accounts.hasUsers();
    const u = await this.accounts.createUser(input);
    if (first) {
      this.setup_ = null;
      for (const link of this.links) link.changed();
    }
    return u;
  }

  signOut(secret: string): void {
    const s = this.accounts.sessionBySecret(secret);
    if (s) this.accounts.revokeSession(s.id);
  }

  /** Where a connection's sign-in comes from, when this access control made it; undefined otherwise. */
  kindOf(session: ConnectionSession): ConnectionKind | undefined {
    return session instanceof Link ? session.kind : undefined;
  }

  status(connection: Connection): AuthStatus {
    const link = connection.session instanceof Link ? connection.session : undefined;
    // Now, not as the call began: auth.login and auth.logout answer with what they changed.
    const caller = link ? this.callerOf(link) : connection.caller;
    const hasUsers = this.accounts.hasUsers();
    const user = caller.kind === 'user' ? this.accounts.user(caller.id) : undefined;
    const session = caller.kind === 'user' && caller.sessionId ? this.accounts.session(caller.sessionId) : undefined;
    const idle = this.options.security.idleLockMinutes * 60_000;
    return {
      mode: !hasUsers && caller.kind === 'local' ? 'open' : 'users',
      setup: hasUsers ? 'none' : link?.kind === 'desktop' ? 'required' : 'available',
      user:
        caller.role === null
          ? null
          : {
              name: caller.id,
              displayName: user?.displayName ?? null,
              role: caller.role,
              areas: caller.areas ? [...caller.areas] : null,
            },
      session: session
        ? {
            id: session.id,
            expiresAt: session.expiresAt,
            locked: session.locked,
            idleLockMs: caller.role !== null && roleAtLeast(caller.role, 'engineer') ? idle : null,
          }
        : null,
      engine: { name: this.engineName, version: this.options.version },
    };
  }
}
