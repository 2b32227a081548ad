// Users, sessions and API tokens in state.db (migration 11): the rows and the statements that
// read and write them, nothing else. Secrets are never stored: a password as its argon2id PHC
// string, a session secret and an API token as their SHA-256. Names compare without case
// (COLLATE NOCASE), so "Ada" and "ada" are one user.
import type { Role } from '../../../shared/contract/auth';
import type { TokenScope } from '../../../shared/contract/users';
import type { ConnectionKind } from '../../../shared/rpc/access-control';
import type { StateDb } from '../state/state-db';

export interface UserRecord {
  name: string;
  displayName: string | null;
  role: Role;
  areas: string[] | null;
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
  lastLoginAt: number | null;
  failedLogins: number;
  lockedUntil: number | null;
}

export interface SessionRecord {
  id: string;
  secretSha256: string;
  user: string;
  kind: ConnectionKind;
  address: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  locked: boolean;
  revokedAt: number | null;
}

export interface TokenRecord {
  id: string;
  name: string;
  secretSha256: string;
  prefix: string;
  user: string;
  role: Role;
  areas: string[] | null;
  scopes: TokenScope[];
  createdAt: number;
  createdBy: string;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

type Row = Record<string, unknown>;

function userOf(r: Row): UserRecord {
  return {
    name: r.name as string,
    displayName: (r.display_name as string | null) ?? null,
    role: r.role as Role,
    areas: json<string[]>(r.areas as string | null),
    passwordHash: r.password_hash as string,
    disabled: r.disabled === 1,
    createdAt: r.created_at as number,
    lastLoginAt: (r.last_login_at as number | null) ?? null,
    failedLogins: r.failed_logins as number,
    lockedUntil: (r.locked_until as number | null) ?? null,
  };
}

function sessionOf(r: Row): SessionRecord {
  return {
    id: r.id as string,
    secretSha256: r.secret_sha256 as string,
    user: r.user as string,
    kind: r.kind as ConnectionKind,
    address: r.address as string,
    createdAt: r.created_at as number,
    lastSeenAt: r.last_seen_at as number,
    expiresAt: r.expires_at as number,
    locked: r.locked === 1,
    revokedAt: (r.revoked_at as number | null) ?? null,
  };
}

function tokenOf(r: Row): TokenRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    secretSha256: r.secret_sha256 as string,
    prefix: r.prefix as string,
    user: r.user as string,
    role: r.role as Role,
    areas: json<string[]>(r.areas as string | null),
    scopes: json<TokenScope[]>(r.scopes as string) ?? [],
    createdAt: r.created_at as number,
    createdBy: r.created_by as string,
    lastUsedAt: (r.last_used_at as number | null) ?? null,
    expiresAt: (r.expires_at as number | null) ?? null,
    revokedAt: (r.revoked_at as number | null) ?? null,
  };
}

export class AccessStore {
  constructor(private readonly db: StateDb) {}

  // users

  users(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as Row[]).map(userOf);
  }

  insertUser(u: UserRecord): void {
    this.db
      .prepare(
        `INSERT INTO users (name, display_name, role, areas, password_hash, disabled, created_at, last_login_at, failed_logins, locked_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        u.name,
        u.displayName,
        u.role,
        text(u.areas),
        u.passwordHash,
        u.disabled ? 1 : 0,
        u.createdAt,
        u.lastLoginAt,
        u.failedLogins,
        u.lockedUntil,
      );
  }

  /** Writes every field but the name and creation time (the caller changed its cached record). */
  saveUser(u: UserRecord): void {
    this.db
      .prepare(
        `UPDATE users SET display_name = ?, role = ?, areas = ?, password_hash = ?, disabled = ?, last_login_at = ?,
         failed_logins = ?, locked_until = ? WHERE name = ?`,
      )
      .run(
        u.displayName,
        u.role,
        text(u.areas),
        u.passwordHash,
        u.disabled ? 1 : 0,
        u.lastLoginAt,
        u.failedLogins,
        u.lockedUntil,
        u.name,
      );
  }

  /** The user, their sessions and their tokens, in one transaction. */
  deleteUser(name: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sessions WHERE user = ?').run(name);
      this.db.prepare('DELETE FROM api_tokens WHERE user = ?').run(name);
      this.db.prepare('DELETE FROM users WHERE name = ?').run(name);
    })();
  }

  // sessions

  /** Sessions that may still be used: not revoked, not expired. */
  liveSessions(now: number): SessionRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM sessions WHERE revoked_at IS NULL AND expires_at > ? ORDER BY created_at')
        .all(now) as Row[]
    ).map(sessionOf);
  }

  insertSession(s: SessionRecord): void {
    this.db
      .prepare(
        `INSERT INTO sessions (id, secret_sha256, user, kind, address, created_at, last_seen_at, expires_at, locked, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.id,
        s.secretSha256,
        s.user,
        s.kind,
        s.address,
        s.createdAt,
        s.lastSeenAt,
        s.expiresAt,
        s.locked ? 1 : 0,
        s.revokedAt,
      );
  }

  saveSession(s: SessionRecord): void {
    this.db
      .prepare('UPDATE sessions SET last_seen_at = ?, locked = ?, revoked_at = ? WHERE id = ?')
      .run(s.lastSeenAt, s.locked ? 1 : 0, s.revokedAt, s.id);
  }

  /** Forgets sessions that ended more than `before` (epoch ms): the list stays short. */
  pruneSessions(before: number): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?').run(before, before);
  }

  // API tokens

  tokens(): TokenRecord[] {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY created_at').all() as Row[]).map(tokenOf);
  }

  insertToken(t: TokenRecord): void {
    this.db
      .prepare(
        `INSERT INTO api_tokens (id, name, secret_sha256, prefix, user, role, areas, scopes, created_at, created_by,
         last_used_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        t.id,
        t.name,
        t.secretSha256,
        t.prefix,
        t.user,
        t.role,
        text(t.areas),
        JSON.stringify(t.scopes),
        t.createdAt,
        t.createdBy,
        t.lastUsedAt,
        t.expiresAt,
        t.revokedAt,
      );
  }

  saveToken(t: TokenRecord): void {
    this.db
      .prepare('UPDATE api_tokens SET last_used_at = ?, revoked_at = ? WHERE id = ?')
      .run(t.lastUsedAt, t.revokedAt, t.id);
  }
}
