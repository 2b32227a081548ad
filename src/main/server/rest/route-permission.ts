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

/** Throws UNAUTHORIZED (not signed in) or FORBIDDEN (role too low, or a locked screen). */
export function checkRole(permission: Permission, caller: CallerIdentity): void {
  const required = permission.role;
  if (required === 'public') return;
  if (caller.role === null) throw new EngineError('UNAUTHORIZED', 'sign in first');
  if (caller.locked && required !== 'viewer') {
    throw new EngineError('FORBIDDEN', 'this screen is locked: unlock it to change anything', { locked: true });
  }
  if (!roleAtLeast(caller.role, required)) {
    throw new EngineError('FORBIDDEN', `your role (${caller.role}) may not do this: it needs ${required} or above`, {
      required,
      role: caller.role,
    });
  }
}
