// /api/session: a browser (or a desktop attaching to this engine) signs in with a password and
// gets a session (shapes in src/shared/session-state.ts):
// - GET → SessionStatus for what the request presents (a stale cookie reads as signed out);
// - POST { user, password } → Authenticator.signIn: the session cookie (HttpOnly, SameSite=Strict,
//   Secure over HTTPS, as long as the session) and the same secret once as `token`, which the page
//   sends in `Authorization: Bearer` on REST writes;
// - POST /api/session/setup { setupToken, user, displayName?, password } → the first administrator;
// - DELETE → the session is revoked (signOut) and the cookie cleared.
// Failed and successful sign-ins are audited by the engine's Authenticator, which also counts
// failures towards the lockout; the access gate counts every attempt against the REST write
// limit of the address.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { z } from 'zod';
import { authRequests } from '../../../shared/contract/auth';
import { EngineError } from '../../../shared/errors';
import { callContext, type Connection } from '../../../shared/rpc/call-context';
import type { SessionStatus, SignInAnswer } from '../../../shared/session-state';
import type { Authenticator, SignedIn } from '../../engine/access/access-ports';
import { callContract } from '../rest/contract-call';
import { readJsonBody } from '../rest/read-json-body';
import type { Route, RouteContext } from '../rest/router';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { bearerSecret, connectionKindOf, cookieSecret } from './access-gate';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

export interface SessionRouteDeps {
  handlers: ContractHandlers;
  /** The engine's sign-in (engine.access); without it the engine has no users to sign in as. */
  auth: Authenticator | undefined;
  /** A connection for this request's client presenting `secret` (or nothing): the status is its. */
  connect(req: IncomingMessage, secret: string | undefined): Connection;
  clock?: () => number;
}

/** HTTPS to this server, or to a TLS proxy in front of it (the page's Origin says so). */
export function isSecure(req: IncomingMessage): boolean {
  return (req.socket as Partial<TLSSocket>).encrypted === true || (req.headers.origin ?? '').startsWith('https:');
}

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 10)
    .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  throw new EngineError(
    'BAD_REQUEST',
    `${what}: ${first?.message ?? 'invalid'}${first?.path ? ` at "${first.path}"` : ''}`,
    {
      issues,
    },
  );
}

function needUsers(auth: Authenticator | undefined): Authenticator {
  if (!auth) throw new EngineError('UNAVAILABLE', 'this engine has no users to sign in as');
  return auth;
}

export function sessionRoutes({ handlers, auth, connect, clock = Date.now }: SessionRouteDeps): Route[] {
  /** The status for a new session, the cookie, and the secret once. */
  const signedIn = (ctx: RouteContext, signed: SignedIn): { data: SignInAnswer } => {
    const connection = connect(ctx.req, signed.secret);
    try {
      const status = needUsers(auth).status(connection);
      ctx.res.setHeader('set-cookie', setSessionCookie(signed.secret, signed.expiresAt - clock(), isSecure(ctx.req)));
      return { data: { status, token: signed.secret } };
    } finally {
      connection.session?.close();
    }
  };

  return [
    {
      method: 'GET',
      pattern: '/api/session',
      permission: 'auth.status',
      async handle({ req, res, context }) {
        const data: SessionStatus = await callContract(handlers, context, 'auth.status', {});
        // A cookie that no longer signs anyone in goes, so the browser stops sending it.
        if (data.user === null && cookieSecret(req.headers) !== undefined) {
          res.setHeader('set-cookie', clearSessionCookie(isSecure(req)));
        }
        return { data };
      },
    },
    {
      method: 'POST',
      pattern: '/api/session',
      permission: 'auth.login',
      async handle(ctx) {
        const body = parse(authRequests['auth.login'].params, await readJsonBody(ctx.req, 4096), 'sign in');
        const signed = await needUsers(auth).signIn(
          body.user,
          body.password,
          ctx.context.client,
          connectionKindOf(ctx.req.headers),
        );
        return signedIn(ctx, signed);
      },
    },
    {
      method: 'POST',
      pattern: '/api/session/setup',
      permission: 'auth.setup',
      async handle(ctx) {
        const body = parse(authRequests['auth.setup'].params, await readJsonBody(ctx.req, 4096), 'setup');
        const signed = await needUsers(auth).setup(
          { setupToken: body.setupToken, user: body.user, displayName: body.displayName, password: body.password },
          ctx.context.client,
          connectionKindOf(ctx.req.headers),
        );
        return signedIn(ctx, signed);
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/session',
      // Signing out needs no role: an expired session must still be able to clear its cookie.
      permission: { role: 'public', audit: 'write' },
      async handle({ req, res }) {
        const secret = bearerSecret(req.headers) ?? cookieSecret(req.headers);
        if (secret !== undefined) auth?.signOut(secret);
        res.setHeader('set-cookie', clearSessionCookie(isSecure(req)));
        const connection = connect(req, undefined);
        try {
          const data: SessionStatus = await callContract(handlers, callContext(connection), 'auth.status', {});
          return { data };
        } finally {
          connection.session?.close();
        }
      },
    },
  ];
}
