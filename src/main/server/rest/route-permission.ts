// Every REST route has one entry in the permission table (src/shared/permissions.ts): a route that
// is a contract call names that method and inherits its entry (the engine's access control checks
// the call again, with its area rule, when the route makes it); a route that is not a contract
// call (downloads, the upload, the browser's session) declares its own. The router checks the
// role before the route runs, so a viewer's upload is refused before a byte is stored.
import { roleAtLeast } from '../../../shared/contract/auth';
import type { RequestName } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import { permissionOf, type Permission } from '../../../shared/permissions';
import type { CallerIdentity } from '../../../shared/rpc/call-context';

/** A contract method whose entry the route inherits, or an entry of its own. */
export type RoutePermission = RequestName | Permission;

/** The route's entry; throws for a method the table does not know (a route declared wrongly). */
export function routePermission(permission: RoutePermission): Permission {
  if (typeof permission !== 'string') return permission;
  const entry = permissionOf('request', permission);
  if (!entry) throw new Error(`no permission entry for ${permission}`);
  return entry;
}

/**
 * Throws UNAUTHORIZED (not signed in) or FORBIDDEN (role too low, or a locked screen, which may
 * only read), worded as the engine's access control words the same refusal over the contract.
 */
export function checkRole(permission: Permission, caller: CallerIdentity, what = 'this'): void {
  const required = permission.role;
  if (required === 'public') return;
  if (caller.role === null) throw new EngineError('UNAUTHORIZED', `sign in first: ${what} needs a signed-in user`);
  if (caller.locked && !(required === 'viewer' && permission.audit === 'none')) {
    throw new EngineError('FORBIDDEN', 'this screen is locked: unlock it to change anything', {
      required,
      role: caller.role,
      locked: true,
    });
  }
  if (!roleAtLeast(caller.role, required)) {
    const article = caller.role === 'viewer' ? 'a' : 'an';
    throw new EngineError(
      'FORBIDDEN',
      `${what} needs the ${required} role; ${caller.id} is ${article} ${caller.role}`,
      {
        required,
        role: caller.role,
      },
    );
  }
}
