// Administration of people and machines, in the contract (admins only; see permissions.ts):
// users with their roles and areas, the sessions they hold, API tokens for machine clients
// (REST and HTTP ingest), and the audit trail with its chain check.
import { z } from 'zod';
import { AreaScope, NewPassword, Role, UserName } from './auth';

const NoParams = z.object({}).strict();

export const UserView = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  role: Role,
  areas: AreaScope,
  disabled: z.boolean(),
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
  /** Failed sign-ins since the last success. */
  failedLogins: z.number().int(),
  /** Locked out after too many failures until this time (epoch ms), or null. */
  lockedUntil: z.number().nullable(),
  /** How the password is hashed (e.g. `argon2id m=19456 t=2 p=1`): never the hash itself. */
  passwordScheme: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const SessionView = z.object({
  id: z.string(),
  user: z.string(),
  /** Where it signed in: a browser page, a desktop window, a remote desktop attached to this engine. */
  kind: z.enum(['browser', 'desktop', 'remote']),
  address: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  expiresAt: z.number(),
  locked: z.boolean(),
  /** The caller's own session. */
  current: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;

/** `api`: REST and WebSocket; `ingest`: POST /ingest/*; `metrics`: GET /metrics only (a scraper's token). */
export const TokenScope = z.enum(['api', 'ingest', 'metrics']);
export type TokenScope = z.infer<typeof TokenScope>;

export const ApiTokenView = z.object({
  id: z.string(),
  name: z.string(),
  /** The user it acts for; its role never exceeds theirs. */
  user: z.string(),
  role: Role,
  areas: AreaScope,
  scopes: z.array(TokenScope),
  /** The first characters of the token, to tell tokens apart in a list. */
  prefix: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  lastUsedAt: z.number().nullable(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  /** `config`: an ingest token from sources.http.tokens in the configuration file (listed, not revocable here). */
  origin: z.enum(['engine', 'config']),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;

export const AuditOutcome = z.enum(['ok', 'refused', 'failed']);

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.number(),
  /** User name, `local`, `system`, or the name given at a failed sign-in. */
  actor: z.string(),
  role: z.string().nullable(),
  /** Network address or `desktop` / `in-process`. */
  client: z.string(),
  /** A contract method (`alarms.acknowledge`), a REST route, or an event (`auth.login.failed`). */
  action: z.string(),
  /** What it acted on (an alarm id, a user, a source), when there is one. */
  target: z.string().nullable(),
  outcome: AuditOutcome,
  /** Parameters (secrets removed), and before/after for settings, rules, sources and users. */
  details: z.unknown(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const auditFilters = {
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  /** A method or event name, or its prefix ending in a dot (`alarms.`). */
  action: z.string().trim().min(1).max(200).optional(),
  outcome: AuditOutcome.optional(),
  /** Words anywhere in target and details. */
  text: z.string().trim().min(1).max(200).optional(),
};

export const AuditVerdict = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The first entry whose hash, link or place in the sequence does not hold, with why. */
  broken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
export type AuditVerdict = z.infer<typeof AuditVerdict>;

export const usersRequests = {
  'users.list': { params: NoParams, result: z.array(UserView) },
  'users.create': {
    params: z
      .object({
        name: UserName,
        displayName: z.string().trim().max(200).optional(),
        role: Role,
        areas: AreaScope.default(null),
        password: NewPassword,
      })
      .strict(),
    result: UserView,
  },
  /** Changes role, areas, display name or disabled; their sessions pick the change up at once. */
  'users.update': {
    params: z
      .object({
        name: UserName,
        displayName: z.string().trim().max(200).nullable().optional(),
        role: Role.optional(),
        areas: AreaScope.optional(),
        disabled: z.boolean().optional(),
      })
      .strict(),
    result: UserView,
  },
  /** Sets a new password and ends the user's sessions. */
  'users.setPassword': { params: z.object({ name: UserName, password: NewPassword }).strict(), result: UserView },
  /** Lifts a lockout after failed sign-ins. */
  'users.unlock': { params: z.object({ name: UserName }).strict(), result: UserView },
  /** Removes the user, their sessions and tokens; what they did stays in journals and the audit trail. */
  'users.delete': { params: z.object({ name: UserName }).strict(), result: z.object({ deleted: z.literal(true) }) },
  'sessions.list': { params: NoParams, result: z.array(SessionView) },
  /** Ends a session now: its connections close and its next call is refused. */
  'sessions.revoke': { params: z.object({ id: z.string().min(1).max(100) }).strict(), result: SessionView },
  'tokens.list': { params: NoParams, result: z.array(ApiTokenView) },
  /** Creates a token; the token itself is in this answer only. */
  'tokens.create': {
    params: z
      .object({
        name: z.string().trim().min(1).max(100),
        /** Acts for this user (default: the caller); role and areas default to theirs and never exceed them. */
        user: UserName.optional(),
        role: Role.optional(),
        areas: AreaScope.optional(),
        scopes: z.array(TokenScope).min(1).default(['api']),
        expiresInDays: z.number().int().min(1).max(3650).optional(),
      })
      .strict(),
    result: z.object({ token: z.string(), view: ApiTokenView }),
  },
  'tokens.revoke': { params: z.object({ id: z.string().min(1).max(100) }).strict(), result: ApiTokenView },
  /** Newest first, a page at a time: `before` is the `next` cursor of the page before. */
  'audit.list': {
    params: z
      .object({
        ...auditFilters,
        limit: z.number().int().min(1).max(1000).default(200),
        before: z.number().int().positive().optional(),
      })
      .strict(),
    result: z.object({ items: z.array(AuditEntry), next: z.number().int().nullable(), total: z.number().int() }),
  },
  /** The filtered entries as CSV (oldest first), at most 100,000 rows. The export itself is audited. */
  'audit.export': {
    params: z.object(auditFilters).strict(),
    result: z.object({ fileName: z.string(), content: z.string(), count: z.number().int(), truncated: z.boolean() }),
  },
  /** Walks the whole chain: any edited, inserted or deleted entry breaks it. */
  'audit.verify': { params: NoParams, result: AuditVerdict },
} as const;
