// The contract's sign-in and administration calls (auth.*, users.*, sessions.*, tokens.*, audit.*).
// Placeholder until the users service lands: the engine has no users, every caller acts as
// `local`, and the administration calls answer UNAVAILABLE.
import os from 'node:os';
import { EngineError } from '../../../shared/errors';
import type { AuthStatus } from '../../../shared/contract/auth';
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';
import type { EngineServices } from '../engine-services';
import { auditRequestHandlers } from './audit-handlers';

type AccessRequestName = Extract<
  keyof RequestHandlers,
  `auth.${string}` | `users.${string}` | `sessions.${string}` | `tokens.${string}` | `audit.${string}`
>;

function openStatus(services: EngineServices): AuthStatus {
  return {
    mode: 'open',
    setup: 'none',
    user: { name: 'local', displayName: null, role: 'admin', areas: null },
    session: null,
    engine: { name: os.hostname(), version: services.version },
  };
}

export function accessRequestHandlers(services: EngineServices): Pick<RequestHandlers, AccessRequestName> {
  const notYet = (): never => {
    throw new EngineError('UNAVAILABLE', 'this engine has no users yet');
  };
  return {
    'auth.status': () => openStatus(services),
    'auth.login': notYet,
    'auth.logout': notYet,
    'auth.lock': notYet,
    'auth.unlock': notYet,
    'auth.changePassword': notYet,
    'auth.setup': notYet,
    'users.list': notYet,
    'users.create': notYet,
    'users.update': notYet,
    'users.setPassword': notYet,
    'users.unlock': notYet,
    'users.delete': notYet,
    'sessions.list': notYet,
    'sessions.revoke': notYet,
    'tokens.list': notYet,
    'tokens.create': notYet,
    'tokens.revoke': notYet,
    ...auditRequestHandlers(services.auditLog),
  };
}

export function accessStreamHandlers(services: EngineServices): Pick<StreamHandlers, 'auth.changes'> {
  return {
    'auth.changes': (_p, emit) => {
      emit(openStatus(services));
      return () => {};
    },
  };
}
