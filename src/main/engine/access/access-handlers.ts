// The contract's sign-in and administration calls (auth.*, users.*, sessions.*, tokens.*), on the
// engine's access service. Who may call each is the permission table's business (the access
// control checked it before the handler runs); what is left here is what the call does to the
// connection it came on (auth.login binds it to the new session, auth.logout unbinds it) and the
// rules of the accounts themselves (a token never above its user, the last administrator stays).
// audit.* answers UNAVAILABLE until the audit trail lands (its own handlers).
import { createHash } from 'node:crypto';
import { roleAtLeast } from '../../../shared/contract/auth';
import type { ApiTokenView, SessionView, UserView } from '../../../shared/contract/users';
import { EngineError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/rpc/call-context';
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';
import type { EngineServices } from '../engine-services';
import type { SessionRecord, TokenRecord, UserRecord } from './access-store';
import { passwordScheme } from './passwords';
import { auditRequestHandlers } from './audit-handlers';

type AccessRequestName = Extract<
  keyof RequestHandlers,
  `auth.${string}` | `users.${string}` | `sessions.${string}` | `tokens.${string}` | `audit.${string}`
>;

const DAY_MS = 86_400_000;
/** Ids of the configuration file's ingest tokens in tokens.list: `config-` and the token's fingerprint. */
const CONFIG_TOKEN = 'config-';

export function userView(u: UserRecord, now: number): UserView {
  return {
    name: u.name,
    displayName: u.displayName,
    role: u.role,
    areas: u.areas,
    disabled: u.disabled,
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
    failedLogins: u.failedLogins,
    lockedUntil: u.lockedUntil !== null && u.lockedUntil > now ? u.lockedUntil : null,
    passwordScheme: passwordScheme(u.passwordHash),
  };
}

function sessionView(s: SessionRecord, current: string | undefined): SessionView {
  return {
    id: s.id,
    user: s.user,
    kind: s.kind,
    address: s.address,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    locked: s.locked,
    current: s.id === current,
  };
}

export function tokenView(t: TokenRecord): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    user: t.user,
    role: t.role,
    areas: t.areas,
    scopes: t.scopes,
    prefix: t.prefix,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    lastUsedAt: t.lastUsedAt,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    origin: 'engine',
  };
}

/** sources.http.tokens of the configuration file: listed (by fingerprint), removed only there. */
function configTokenViews(tokens: readonly string[]): ApiTokenView[] {
  return tokens.map((secret) => {
    const fingerprint = createHash('sha256').update(secret).digest('hex').slice(0, 12);
    return {
      id: `${CONFIG_TOKEN}${fingerprint}`,
      name: 'sources.http.tokens (configuration file)',
      user: 'config',
      role: 'viewer',
      areas: null,
      scopes: ['ingest'],
      prefix: fingerprint,
      createdAt: 0,
      createdBy: 'configuration file',
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      origin: 'config',
    };
  });
}

export function accessRequestHandlers(services: EngineServices): Pick<RequestHandlers, AccessRequestName> {
  const { access, clock } = services;
  const { accounts } = access;
  /** The connection's sign-in, where the access control made the connection (not in-process calls). */
  const linkOf = (context: CallContext) => {
    const link = context.session;
    const kind = link && access.kindOf(link);
    if (!link || !kind) {
      throw new EngineError('INVALID_STATE', 'this connection acts as the engine’s own user and cannot sign in or out');
    }
    return { link, kind };
  };
  /** The caller's own session, for the calls that change it. */
  const ownSession = (context: CallContext) => {
    const { caller } = context;
    if (caller.kind !== 'user' || !caller.sessionId) {
      throw new EngineError('INVALID_STATE', 'only a signed-in user’s session can do this');
    }
    return { user: caller.id, sessionId: caller.sessionId };
  };
  const view = (u: UserRecord) => userView(u, clock());

  return {
    'auth.status': (_p, context) => access.status(context),
    'auth.login': async (p, context) => {
      const { link, kind } = linkOf(context);
      const signed = await access.signIn(p.user, p.password, context.client, kind);
      link.bind(signed.sessionId);
      return access.status(context);
    },
    'auth.setup': async (p, context) => {
      const { link, kind } = linkOf(context);
      const signed = await access.setup(
        { setupToken: p.setupToken, user: p.user, displayName: p.displayName, password: p.password },
        context.client,
        kind,
      );
      link.bind(signed.sessionId);
      return access.status(context);
    },
    'auth.logout': (_p, context) => {
      const { link } = linkOf(context);
      if (context.caller.kind === 'user' && context.caller.sessionId) accounts.revokeSession(context.caller.sessionId);
      link.bind(null);
      return access.status(context);
    },
    'auth.lock': (_p, context) => {
      accounts.setLocked(ownSession(context).sessionId, true);
      return access.status(context);
    },
    'auth.unlock': async (p, context) => {
      const own = ownSession(context);
      await accounts.checkPassword(own.user, p.password);
      accounts.setLocked(own.sessionId, false);
      return access.status(context);
    },
    'auth.changePassword': async (p, context) => {
      const own = ownSession(context);
      await accounts.checkPassword(own.user, p.current);
      await accounts.setPassword(own.user, p.next, own.sessionId);
      return { changed: true as const };
    },

    'users.list': () => accounts.listUsers().map(view),
    'users.create': async (p) =>
      view(
        await access.createUser({
          name: p.name,
          displayName: p.displayName ?? null,
          role: p.role,
          areas: p.areas,
          password: p.password,
        }),
      ),
    'users.update': (p) =>
      view(
        accounts.updateUser(p.name, {
          displayName: p.displayName,
          role: p.role,
          areas: p.areas,
          disabled: p.disabled,
        }),
      ),
    'users.setPassword': async (p) => view(await accounts.setPassword(p.name, p.password)),
    'users.unlock': (p) => view(accounts.unlockUser(p.name)),
    'users.delete': (p) => {
      accounts.deleteUser(p.name);
      return { deleted: true as const };
    },

    'sessions.list': (_p, { caller }) => accounts.liveSessions().map((s) => sessionView(s, caller.sessionId)),
    'sessions.revoke': (p, { caller }) => {
      const s = accounts.revokeSession(p.id);
      if (!s) throw new EngineError('NOT_FOUND', `no session ${p.id}`);
      return sessionView(s, caller.sessionId);
    },

    'tokens.list': () => [
      ...accounts.listTokens().map(tokenView),
      ...configTokenViews(services.config.sources.http.tokens),
    ],
    'tokens.create': (p, { caller }) => {
      const ownerName = p.user ?? (caller.kind === 'user' || caller.kind === 'token' ? caller.id : undefined);
      if (!ownerName) throw new EngineError('BAD_REQUEST', 'name the user the token acts for (user)');
      const owner = accounts.mustUser(ownerName);
      const role = p.role ?? owner.role;
      if (!roleAtLeast(owner.role, role)) {
        throw new EngineError(
          'BAD_REQUEST',
          `a token acts for ${owner.name}, who is ${owner.role === 'viewer' ? 'a' : 'an'} ${owner.role}: its role cannot be ${role}`,
        );
      }
      const areas = p.areas === undefined ? owner.areas : p.areas;
      if (owner.areas !== null && (areas === null || areas.some((a) => !owner.areas!.includes(a)))) {
        throw new EngineError(
          'BAD_REQUEST',
          `${owner.name} acts in ${owner.areas.join(', ') || 'no area'} only: a token for them cannot reach further`,
        );
      }
      const { secret, token } = accounts.createToken({
        name: p.name,
        user: owner.name,
        role,
        areas,
        scopes: [...new Set(p.scopes)],
        expiresAt: p.expiresInDays ? clock() + p.expiresInDays * DAY_MS : null,
        createdBy: caller.id,
      });
      return { token: secret, view: tokenView(token) };
    },
    'tokens.revoke': (p) => {
      if (p.id.startsWith(CONFIG_TOKEN)) {
        throw new EngineError(
          'INVALID_STATE',
          'this token is in the configuration file (sources.http.tokens): remove it there, or in Settings → Sources',
        );
      }
      return tokenView(accounts.revokeToken(p.id));
    },

    ...auditRequestHandlers(services.auditLog),
  };
}

export function accessStreamHandlers(services: EngineServices): Pick<StreamHandlers, 'auth.changes'> {
  const { access } = services;
  return {
    'auth.changes': (_p, emit, context) => {
      emit(access.status(context));
      return context.session?.onChange(() => emit(access.status(context))) ?? (() => {});
    },
  };
}
