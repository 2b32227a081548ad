// Signing in, in the contract: who this connection acts as, and the calls that change it (sign
// in, sign out, lock and unlock, change one's own password, create the first administrator).
// Part of the first view: the header shows the engine and the user from `auth.status`, and a
// locked or signed-out screen is decided before anything else is drawn. The administration of
// users, sessions, API tokens and the audit trail lives in users.ts (admins only).
import { z } from 'zod';

/** Roles in ascending order of what they may do (src/shared/permissions.ts says what exactly). */
export const ROLES = ['viewer', 'operator', 'engineer', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** True when `role` may do at least what `min` may. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** A user's name: what journals and the audit trail record as "by". Fixed once created. */
export const UserName = z
  .string()
  .trim()
  .min(1, 'a user name is required')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits and . _ @ - only, starting with a letter or digit');

/** Plant areas a user acts in (device `location`s as the alarm queue shows them); null: every area. */
export const AreaScope = z.array(z.string().trim().min(1).max(200)).max(200).nullable();
export type AreaScope = z.infer<typeof AreaScope>;

/** At least 10 characters; the engine keeps only a memory-hard hash of it. */
export const NewPassword = z.string().min(10, 'at least 10 characters').max(1024);
const Password = z.string().min(1, 'the password is required').max(1024);

export const SessionUser = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  role: Role,
  areas: AreaScope,
});
export type SessionUser = z.infer<typeof SessionUser>;

export const AuthStatus = z.object({
  /**
   * `open`: the engine has no users yet and this caller may use it without signing in (loopback
   * `serve`, a trusted local tool); it acts as `local` with the admin role. `users`: every caller
   * signs in.
   */
  mode: z.enum(['open', 'users']),
  /**
   * `required`: nothing works until the first administrator is created (the desktop's first run);
   * `available`: no users yet, and this caller may create the first administrator (with the setup
   * token the engine printed, unless it is the desktop); `none`: users exist.
   */
  setup: z.enum(['none', 'available', 'required']),
  /** Whom this connection acts as; null when it has not signed in. */
  user: SessionUser.nullable(),
  session: z
    .object({
      id: z.string(),
      /** Epoch ms when it ends whatever happens (sign in again). */
      expiresAt: z.number(),
      /** Locked: alarms still show and sound, nothing can be changed until the user unlocks. */
      locked: z.boolean(),
      /** Idle time after which the screen locks itself (engineer and admin), or null. */
      idleLockMs: z.number().int().nullable(),
    })
    .nullable(),
  /** The engine this client talks to: its station name and version (the header shows them). */
  engine: z.object({ name: z.string(), version: z.string() }),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

const NoParams = z.object({}).strict();

export const authRequests = {
  /** Always allowed, also before signing in. */
  'auth.status': { params: NoParams, result: AuthStatus },
  /**
   * Signs this connection in (the desktop's MessagePort, a WebSocket). A browser page signs in
   * with POST /api/session instead, before it opens its WebSocket. Five failures in a row lock
   * the account for 15 minutes; the message never says whether the name exists.
   */
  'auth.login': {
    params: z.object({ user: UserName, password: Password }).strict(),
    result: AuthStatus,
  },
  /** Ends this connection's session (it is revoked, not only forgotten). */
  'auth.logout': { params: NoParams, result: AuthStatus },
  /** Locks this session now: alarms keep showing and sounding; changes need `auth.unlock`. */
  'auth.lock': { params: NoParams, result: AuthStatus },
  'auth.unlock': { params: z.object({ password: Password }).strict(), result: AuthStatus },
  'auth.changePassword': {
    params: z.object({ current: Password, next: NewPassword }).strict(),
    result: z.object({ changed: z.literal(true) }),
  },
  /**
   * Creates the first administrator on an engine without users, and signs this connection in
   * as them. `setupToken` is the one-time token `serve` printed on its console; the desktop's own
   * windows need none.
   */
  'auth.setup': {
    params: z
      .object({
        setupToken: z.string().trim().min(1).max(200).optional(),
        user: UserName,
        displayName: z.string().trim().max(200).optional(),
        password: NewPassword,
      })
      .strict(),
    result: AuthStatus,
  },
} as const;

export const authStreams = {
  /** This connection's sign-in state whenever it changes (locked, unlocked, expired, revoked). */
  'auth.changes': { params: NoParams, event: AuthStatus },
} as const;
