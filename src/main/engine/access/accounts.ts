// Users, their sessions and API tokens, held in memory over state.db (access-store.ts), so that
// resolving the caller of a call is a map lookup, never a query: every call resolves its session
// again (revoked, expired, locked, role changed take effect on the next call). Writes go through
// to the database at once, except a session's or token's "last seen", written at most once a
// minute. Password checks keep the lockout rule: five failed sign-ins in a row lock the account
// for 15 minutes; during the lockout the answer is the same whether or not the password was right.
import { createHash, randomBytes } from 'node:crypto';
import { EngineError } from '../../../shared/errors';
import type { Role } from '../../../shared/contract/auth';
import type { TokenScope } from '../../../shared/contract/users';
import type { ConnectionKind } from '../../../shared/rpc/access-control';
import type { ClientInfo } from '../../../shared/rpc/call-context';
import type { StateDb } from '../state/state-db';
import { AccessStore, type SessionRecord, type TokenRecord, type UserRecord } from './access-store';
import { hashPassword, verifyNobody, verifyPassword } from './passwords';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** A session's and a token's last use is written at most this often. */
const SEEN_WRITE_MS = 60_000;
/** Ended sessions are kept this long for the record, then forgotten. */
const ENDED_KEPT_MS = 7 * 86_400_000;

export const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');
const newId = () => randomBytes(6).toString('base64url');
const key = (name: string) => name.toLowerCase();

export interface SignedInSession {
  secret: string;
  session: SessionRecord;
}

export interface AccountsOptions {
  db: StateDb;
  clock: () => number;
  /** Absolute lifetime of a session (security.sessionHours). */
  sessionMs: number;
}

export interface NewUser {
  name: string;
  displayName?: string | null;
  role: Role;
  areas: string[] | null;
  password: string;
}

export interface UserPatch {
  displayName?: string | null;
  role?: Role;
  areas?: string[] | null;
  disabled?: boolean;
}

export interface NewToken {
  name: string;
  user: string;
  role: Role;
  areas: string[] | null;
  scopes: TokenScope[];
  expiresAt: number | null;
  createdBy: string;
}

export class Accounts {
  private readonly store: AccessStore;
  private readonly clock: () => number;
  private readonly sessionMs: number;
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly sessionsBySecret = new Map<string, SessionRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly tokensBySecret = new Map<string, TokenRecord>();
  /** Told which sessions and tokens changed (revoked, locked, their user changed). */
  onChange: (ids: readonly string[]) => void = () => {};

  constructor(options: AccountsOptions) {
    this.store = new AccessStore(options.db);
    this.clock = options.clock;
    this.sessionMs = options.sessionMs;
    const now = this.clock();
    this.store.pruneSessions(now - ENDED_KEPT_MS);
    for (const u of this.store.users()) this.users.set(key(u.name), u);
    for (const s of this.store.liveSessions(now)) this.remember(s);
    for (const t of this.store.tokens()) {
      this.tokens.set(t.id, t);
      this.tokensBySecret.set(t.secretSha256, t);
    }
  }

  // users

  hasUsers(): boolean {
    return this.users.size > 0;
  }

  user(name: string): UserRecord | undefined {
    return this.users.get(key(name));
  }

  listUsers(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  mustUser(name: string): UserRecord {
    const u = this.user(name);
    if (!u) throw new EngineError('NOT_FOUND', `no user named ${name}`);
    return u;
  }

  async createUser(input: NewUser): Promise<UserRecord> {
    if (this.user(input.name))
      throw new EngineError('INVALID_STATE', `a user named ${this.user(input.name)!.name} exists`);
    const passwordHash = await hashPassword(input.password);
    if (this.user(input.name)) throw new EngineError('INVALID_STATE', `a user named ${input.name} exists`);
    const u: UserRecord = {
      name: input.name,
      displayName: input.displayName ?? null,
      role: input.role,
      areas: input.areas,
      passwordHash,
      disabled: false,
      createdAt: this.clock(),
      lastLoginAt: null,
      failedLogins: 0,
      lockedUntil: null,
    };
    this.store.insertUser(u);
    this.users.set(key(u.name), u);
    return u;
  }

  /** Applies the change; the last active administrator may not be demoted or disabled. */
  updateUser(name: string, patch: UserPatch): UserRecord {
    const u = this.mustUser(name);
    const demoted = patch.role !== undefined && patch.role !== 'admin';
    if ((demoted || patch.disabled === true) && this.isLastAdmin(u)) {
      throw new EngineError(
        'INVALID_STATE',
        `${u.name} is the last active administrator: make another user an admin first`,
      );
    }
    if (patch.displayName !== undefined) u.displayName = patch.displayName;
    if (patch.role !== undefined) u.role = patch.role;
    if (patch.areas !== undefined) u.areas = patch.areas;
    if (patch.disabled !== undefined) u.disabled = patch.disabled;
    this.store.saveUser(u);
    if (u.disabled) this.revokeUserSessions(u.name);
    else this.onChange(this.idsOf(u.name));
    return u;
  }

  /** Sets a new password; every session of the user ends, except `keep` (one's own). */
  async setPassword(name: string, password: string, keep?: string): Promise<UserRecord> {
    const passwordHash = await hashPassword(password);
    const u = this.mustUser(name);
    u.passwordHash = passwordHash;
    u.failedLogins = 0;
    u.lockedUntil = null;
    this.store.saveUser(u);
    this.revokeUserSessions(u.name, keep);
    return u;
  }

  unlockUser(name: string): UserRecord {
    const u = this.mustUser(name);
    u.failedLogins = 0;
    u.lockedUntil = null;
    this.store.saveUser(u);
    return u;
  }

  deleteUser(name: string): void {
    const u = this.mustUser(name);
    if (this.isLastAdmin(u)) {
      throw new EngineError(
        'INVALID_STATE',
        `${u.name} is the last active administrator: make another user an admin first`,
      );
    }
    const ids = this.idsOf(u.name);
    this.store.deleteUser(u.name);
    this.users.delete(key(u.name));
    for (const id of ids) {
      const s = this.sessions.get(id);
      if (s) {
        this.sessions.delete(id);
        this.sessionsBySecret.delete(s.secretSha256);
      }
      const t = this.tokens.get(id);
      if (t) {
        this.tokens.delete(id);
        this.tokensBySecret.delete(t.secretSha256);
      }
    }
    this.onChange(ids);
  }

  private isLastAdmin(u: UserRecord): boolean {
    if (u.role !== 'admin' || u.disabled) return false;
    return ![...this.users.values()].some((o) => o !== u && o.role === 'admin' && !o.disabled);
  }

  /**
   * The user when the password is right and the account may sign in; UNAUTHORIZED otherwise,
   * counting the failure. Every path spends one argon2 verification.
   */
  async checkPassword(name: string, password: string): Promise<UserRecord> {
    const u = this.user(name);
    if (!u) {
      await verifyNobody(password);
      throw new EngineError('UNAUTHORIZED', 'wrong user name or password');
    }
    const right = await verifyPassword(u.passwordHash, password);
    const now = this.clock();
    if (u.lockedUntil !== null && u.lockedUntil > now) {
      throw new EngineError(
        'UNAUTHORIZED',
        `too many failed sign-ins: ${u.name} is locked until ${new Date(u.lockedUntil).toISOString()} (or until an administrator unlocks it)`,
        { lockedUntil: u.lockedUntil },
      );
    }
    if (!right) {
      // A lockout that has run out starts a new count.
      if (u.lockedUntil !== null) u.failedLogins = 0;
      u.lockedUntil = null;
      u.failedLogins += 1;
      if (u.failedLogins >= MAX_FAILED_LOGINS) u.lockedUntil = now + LOCKOUT_MS;
      this.store.saveUser(u);
      throw new EngineError('UNAUTHORIZED', 'wrong user name or password');
    }
    if (u.disabled) throw new EngineError('UNAUTHORIZED', `${u.name} is disabled: ask an administrator`);
    if (u.failedLogins > 0 || u.lockedUntil !== null) {
      u.failedLogins = 0;
      u.lockedUntil = null;
      this.store.saveUser(u);
    }
    return u;
  }

  // sessions

  openSession(u: UserRecord, client: ClientInfo, kind: ConnectionKind): SignedInSession {
    const now = this.clock();
    const secret = newSecret();
    const session: SessionRecord = {
      id: newId(),
      secretSha256: sha256(secret),
      user: u.name,
      kind,
      address: client.address,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.sessionMs,
      locked: false,
      revokedAt: null,
    };
    this.store.insertSession(session);
    this.remember(session);
    u.lastLoginAt = now;
    this.store.saveUser(u);
    return { secret, session };
  }

  private remember(s: SessionRecord): void {
    this.sessions.set(s.id, s);
    this.sessionsBySecret.set(s.secretSha256, s);
  }

  /** A session that may still be used (not revoked, not expired, its user enabled), by id. */
  session(id: string): SessionRecord | undefined {
    const s = this.sessions.get(id);
    if (!s || s.revokedAt !== null) return undefined;
    const now = this.clock();
    if (s.expiresAt <= now) return undefined;
    if (now - s.lastSeenAt >= SEEN_WRITE_MS) {
      s.lastSeenAt = now;
      this.store.saveSession(s);
    }
    return s;
  }

  sessionBySecret(secret: string): SessionRecord | undefined {
    const s = this.sessionsBySecret.get(sha256(secret));
    return s && this.session(s.id);
  }

  liveSessions(): SessionRecord[] {
    const now = this.clock();
    return [...this.sessions.values()].filter((s) => s.revokedAt === null && s.expiresAt > now);
  }

  setLocked(id: string, locked: boolean): void {
    const s = this.sessions.get(id);
    if (!s || s.locked === locked) return;
    s.locked = locked;
    this.store.saveSession(s);
    this.onChange([id]);
  }

  revokeSession(id: string): SessionRecord | undefined {
    const s = this.sessions.get(id);
    if (!s || s.revokedAt !== null) return s;
    s.revokedAt = this.clock();
    this.store.saveSession(s);
    this.onChange([id]);
    return s;
  }

  revokeUserSessions(name: string, keep?: string): void {
    const ended: string[] = [];
    for (const s of this.sessions.values()) {
      if (key(s.user) !== key(name) || s.id === keep || s.revokedAt !== null) continue;
      s.revokedAt = this.clock();
      this.store.saveSession(s);
      ended.push(s.id);
    }
    this.onChange([...ended, ...[...this.tokens.values()].filter((t) => key(t.user) === key(name)).map((t) => t.id)]);
  }

  /** Session and token ids of a user. */
  private idsOf(name: string): string[] {
    return [
      ...[...this.sessions.values()].filter((s) => key(s.user) === key(name)).map((s) => s.id),
      ...[...this.tokens.values()].filter((t) => key(t.user) === key(name)).map((t) => t.id),
    ];
  }

  // API tokens

  createToken(input: NewToken): { secret: string; token: TokenRecord } {
    const secret = `wf_${randomBytes(32).toString('base64url')}`;
    const token: TokenRecord = {
      id: `t_${newId()}`,
      name: input.name,
      secretSha256: sha256(secret),
      prefix: secret.slice(0, 9),
      user: this.mustUser(input.user).name,
      role: input.role,
      areas: input.areas,
      scopes: input.scopes,
      createdAt: this.clock(),
      createdBy: input.createdBy,
      lastUsedAt: null,
      expiresAt: input.expiresAt,
      revokedAt: null,
    };
    this.store.insertToken(token);
    this.tokens.set(token.id, token);
    this.tokensBySecret.set(token.secretSha256, token);
    return { secret, token };
  }

  /** A token that may still be used (not revoked or expired, its user there and enabled), by id. */
  token(id: string): TokenRecord | undefined {
    const t = this.tokens.get(id);
    if (!t || t.revokedAt !== null) return undefined;
    const now = this.clock();
    if (t.expiresAt !== null && t.expiresAt <= now) return undefined;
    const owner = this.user(t.user);
    if (!owner || owner.disabled) return undefined;
    if (t.lastUsedAt === null || now - t.lastUsedAt >= SEEN_WRITE_MS) {
      t.lastUsedAt = now;
      this.store.saveToken(t);
    }
    return t;
  }

  tokenBySecret(secret: string): TokenRecord | undefined {
    const t = this.tokensBySecret.get(sha256(secret));
    return t && this.token(t.id);
  }

  listTokens(): TokenRecord[] {
    return [...this.tokens.values()];
  }

  revokeToken(id: string): TokenRecord {
    const t = this.tokens.get(id);
    if (!t) throw new EngineError('NOT_FOUND', `no API token ${id}`);
    if (t.revokedAt === null) {
      t.revokedAt = this.clock();
      this.store.saveToken(t);
      this.onChange([id]);
    }
    return t;
  }
}
