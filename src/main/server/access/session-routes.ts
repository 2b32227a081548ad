// /api/session: how the control room page in a browser learns whether it needs the access
// token, and trades it for the session cookie (the token screen). GET says where the page
// stands, POST { token } signs in, DELETE signs out. The token never stays in the page.
import { EngineError } from '../../../shared/errors';
import type { SessionState } from '../../../shared/session-state';
import { readJsonBody } from '../rest/read-json-body';
import type { Route } from '../rest/router';
import type { AccessGate } from './access-gate';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

export function sessionRoutes(gate: AccessGate): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/session',
      async handle({ req }) {
        const caller = gate.identify(req);
        const data: SessionState = { tokenRequired: gate.tokenRequired, authenticated: caller.authorized };
        return { data };
      },
    },
    {
      method: 'POST',
      pattern: '/api/session',
      async handle({ req, res }) {
        const body = (await readJsonBody(req, 4096)) as { token?: unknown } | undefined;
        const token = typeof body?.token === 'string' ? body.token.trim() : '';
        if (!token) throw new EngineError('BAD_REQUEST', 'send { "token": "<access token>" }', { parameter: 'token' });
        if (!gate.checkToken(token)) {
          throw new EngineError('UNAUTHORIZED', 'that is not the access token of this engine');
        }
        const secure = (req.headers.origin ?? '').startsWith('https:');
        res.setHeader('set-cookie', setSessionCookie(gate.sessionCookie()!, secure));
        const data: SessionState = { tokenRequired: gate.tokenRequired, authenticated: true };
        return { data };
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/session',
      async handle({ res }) {
        res.setHeader('set-cookie', clearSessionCookie());
        const data: SessionState = { tokenRequired: gate.tokenRequired, authenticated: !gate.tokenRequired };
        return { data };
      },
    },
  ];
}
