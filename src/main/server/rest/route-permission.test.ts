// Every REST route has one entry in the permission table: the test walks every route the server
// serves (the API and the browser's session) and fails for one whose entry is missing, or that
// calls the contract but names a method it does not call. The router then holds each caller to
// the entry's role: signed out → UNAUTHORIZED, a role below it or a locked screen → FORBIDDEN.
import { describe, expect, it } from 'vitest';
import { isRequestName, type RequestName } from '../../../shared/contract';
import { REQUEST_PERMISSIONS } from '../../../shared/permissions';
import { ANONYMOUS, LOCAL_CALLER, type CallerIdentity } from '../../../shared/rpc/call-context';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { sessionRoutes } from '../access/session-routes';
import { restRoutes } from './rest-api';
import { checkRole, routePermission } from './route-permission';

const handlers = { requests: {}, streams: {} } as unknown as ContractHandlers;

function everyRoute() {
  return restRoutes({
    handlers,
    exportsDir: () => '/nowhere/exports',
    log: () => {},
    extraRoutes: sessionRoutes({
      handlers,
      auth: undefined,
      connect: () => ({ caller: LOCAL_CALLER, client: { address: 'test', origin: null, trusted: false } }),
    }),
  });
}

/** The contract methods a route's code names (string literals such as 'alarms.acknowledge'). */
function methodsNamed(code: string): RequestName[] {
  return [...code.matchAll(/['"]([a-z][A-Za-z]*\.[A-Za-z.]+)['"]/g)].map((m) => m[1]!).filter(isRequestName);
}

const user = (role: CallerIdentity['role'], locked = false): CallerIdentity => ({
  id: 'ada',
  role,
  areas: null,
  kind: 'user',
  locked,
});

describe('REST route permissions', () => {
  it('gives every route exactly one entry, and a contract route the entry of a method it calls', () => {
    const routes = everyRoute();
    expect(routes.length).toBeGreaterThan(20);
    let checked = 0;
    for (const route of routes) {
      const name = `${route.method} ${route.pattern}`;
      expect(route.permission, name).toBeDefined();
      expect(routePermission(route.permission), name).toMatchObject({ role: expect.any(String) });
      if (typeof route.permission === 'string') {
        expect(REQUEST_PERMISSIONS, name).toHaveProperty([route.permission]);
        const called = methodsNamed(route.handle.toString());
        if (called.length > 0) expect(called, name).toContain(route.permission);
        checked += called.length > 0 ? 1 : 0;
      }
    }
    // Most routes name the method they call in their own code (the rest call it through a helper).
    expect(checked).toBeGreaterThan(15);
  });

  it('holds callers to the entry: signed out, role below it, a locked screen', () => {
    const ack = routePermission('alarms.acknowledge');
    expect(() => checkRole(ack, ANONYMOUS)).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(() => checkRole(ack, user('viewer'))).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', details: { required: 'operator', role: 'viewer' } }),
    );
    expect(() => checkRole(ack, user('operator'))).not.toThrow();
    expect(() => checkRole(ack, user('admin', true))).toThrow(/locked/);
    expect(() => checkRole(routePermission('alarms.list'), user('viewer', true))).not.toThrow();
    expect(() => checkRole(routePermission('auth.login'), ANONYMOUS)).not.toThrow();
    expect(() => checkRole(routePermission('import.start'), user('operator'))).toThrow(
      'this needs the engineer role; ada is an operator',
    );
  });
});
