// May the signed-in user make this call? The renderer's reading of the engine's own permission
// table (src/shared/permissions.ts): role, the lock, and the area rule for alarm actions. Views
// use it to disable what would be refused, with the reason as a tooltip ("Your role (viewer)
// cannot acknowledge alarms"). It never grants anything: the engine checks every call again.
import { useCallback } from 'react';
import type { RequestName } from '../../../shared/contract';
import { roleAtLeast, type AuthStatus, type Role } from '../../../shared/contract/auth';
import { REQUEST_PERMISSIONS } from '../../../shared/permissions';
import { useAppStore } from '../store/app-store';

export type Verdict = { ok: true; reason?: undefined } | { ok: false; reason: string };

const ALLOWED: Verdict = { ok: true };

/** What a call does, in words that finish "Your role (viewer) cannot …". */
const DOING: Partial<Record<RequestName, string>> = {
  'alarms.acknowledge': 'acknowledge alarms',
  'alarms.acknowledgeMany': 'acknowledge alarms',
  'alarms.shelve': 'shelve alarms',
  'alarms.unshelve': 'unshelve alarms',
  'alarms.resolve': 'resolve alarms',
  'trendGroups.save': 'save analytics views',
  'trendGroups.delete': 'delete saved analytics views',
  'alarms.removeFromService': 'take alarms out of service',
  'alarms.returnToService': 'return alarms to service',
  'sources.settings': 'see the source settings',
  'sources.save': 'change sources',
  'rules.save': 'change detection rules',
  'models.activate': 'train, activate or retire models',
  'notifications.settings.get': 'see the notification settings',
  'notifications.settings.set': 'change notifications',
  'assistant.settings.set': 'change the assistant’s settings',
  'annotations.setCauses': 'change the list of causes',
  'users.list': 'manage users',
  'users.create': 'manage users',
  'station.check': 'check for updates',
  'station.install': 'install updates',
  'station.cancelInstall': 'cancel an update’s install',
  'station.settings': 'change update settings',
  'station.importBundle': 'import update bundles',
};

const ROLE_NAME: Record<Role, string> = {
  viewer: 'a viewer',
  operator: 'an operator',
  engineer: 'an engineer',
  admin: 'an administrator',
};

/** What a locked session may still do besides reading (the engine's rule). */
const WHILE_LOCKED: readonly RequestName[] = ['auth.unlock', 'auth.logout', 'auth.lock'];

/** Calls a locked session may still make: viewer-level reading, and unlocking or signing out. */
function allowedWhileLocked(method: RequestName): boolean {
  const { role, audit } = REQUEST_PERMISSIONS[method];
  return role === 'public' || (role === 'viewer' && audit === 'none') || WHILE_LOCKED.includes(method);
}

/**
 * The verdict for one call. `area` is the alarm's area for calls with an area rule. Without a
 * status (an engine that does not say) everything is allowed: the engine decides.
 */
export function can(status: AuthStatus | null, method: RequestName, area?: string): Verdict {
  const permission = REQUEST_PERMISSIONS[method];
  if (permission.role === 'public' || !status) return ALLOWED;
  const user = status.user;
  if (!user) return { ok: false, reason: 'Sign in first.' };
  if (status.session?.locked && !allowedWhileLocked(method))
    return { ok: false, reason: 'This screen is locked: unlock it to change anything.' };
  const doing = DOING[method] ?? 'do this';
  if (!roleAtLeast(user.role, permission.role))
    return {
      ok: false,
      reason: `Your role (${user.role}) cannot ${doing}: that needs ${ROLE_NAME[permission.role]}${permission.role === 'admin' ? '' : ' or above'}.`,
    };
  if (permission.area && area !== undefined && user.areas !== null && !user.areas.includes(area))
    return {
      ok: false,
      reason: `Alarms of area ${area} are outside your areas (${user.areas.join(', ') || 'none'}).`,
    };
  return ALLOWED;
}

/** `can` for the signed-in user of this page, re-rendering when their role, areas or lock change. */
export function useCan(method: RequestName, area?: string): Verdict {
  const status = useAppStore((s) => s.auth);
  return can(status, method, area);
}

/** `can` as a function of the method, for lists (rows of alarms). */
export function useCanFn(): (method: RequestName, area?: string) => Verdict {
  const status = useAppStore((s) => s.auth);
  return useCallback((method, area) => can(status, method, area), [status]);
}
