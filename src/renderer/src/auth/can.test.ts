import { describe, expect, it } from 'vitest';
import type { AuthStatus, Role } from '../../../shared/contract/auth';
import { can } from './can';

function signedIn(role: Role, areas: string[] | null = null, locked = false): AuthStatus {
  return {
    mode: 'users',
    setup: 'none',
    user: { name: 'kim', displayName: 'Kim', role, areas },
    session: { id: 's1', expiresAt: Date.now() + 3_600_000, locked, idleLockMs: null },
    engine: { name: 'plant-1', version: '0.1.0' },
  };
}

const OPEN: AuthStatus = {
  mode: 'open',
  setup: 'available',
  user: { name: 'local', displayName: null, role: 'admin', areas: null },
  session: null,
  engine: { name: 'plant-1', version: '0.1.0' },
};

describe('can', () => {
  it('a viewer may read but not acknowledge, and is told why', () => {
    const viewer = signedIn('viewer');
    expect(can(viewer, 'alarms.list').ok).toBe(true);
    const ack = can(viewer, 'alarms.acknowledge', 'hall-a');
    expect(ack).toEqual({
      ok: false,
      reason: 'Your role (viewer) cannot acknowledge alarms: that needs an operator or above.',
    });
  });

  it('lets a viewer open saved analytics views but not save them, and says why', () => {
    expect(can(signedIn('viewer'), 'trendGroups.list').ok).toBe(true);
    expect(can(signedIn('viewer'), 'trendGroups.save').reason).toBe(
      'Your role (viewer) cannot save analytics views: that needs an operator or above.',
    );
    expect(can(signedIn('operator'), 'trendGroups.delete').ok).toBe(true);
  });

  it('follows the order of roles for every kind of work', () => {
    expect(can(signedIn('operator'), 'alarms.shelve', 'x').ok).toBe(true);
    expect(can(signedIn('operator'), 'alarms.removeFromService', 'x').reason).toBe(
      'Your role (operator) cannot take alarms out of service: that needs an engineer or above.',
    );
    expect(can(signedIn('engineer'), 'alarms.removeFromService', 'x').ok).toBe(true);
    expect(can(signedIn('engineer'), 'sources.save').ok).toBe(true);
    expect(can(signedIn('engineer'), 'users.list').reason).toBe(
      'Your role (engineer) cannot manage users: that needs an administrator.',
    );
    expect(can(signedIn('admin'), 'users.create').ok).toBe(true);
  });

  it('scopes alarm actions to the user’s areas, and only those', () => {
    const areaA = signedIn('operator', ['hall-a']);
    expect(can(areaA, 'alarms.acknowledge', 'hall-a').ok).toBe(true);
    expect(can(areaA, 'alarms.acknowledge', 'hall-b').reason).toBe(
      'Alarms of area hall-b are outside your areas (hall-a).',
    );
    // Reading is never scoped, and a call without an area rule ignores the area.
    expect(can(areaA, 'alarms.get', 'hall-b').ok).toBe(true);
    expect(can(areaA, 'annotations.create', 'hall-b').ok).toBe(true);
    // The role is judged before the area.
    expect(can(signedIn('viewer', ['hall-a']), 'alarms.acknowledge', 'hall-b').reason).toMatch(/^Your role \(viewer\)/);
    // Every area: null.
    expect(can(signedIn('operator', null), 'alarms.acknowledge', 'hall-b').ok).toBe(true);
  });

  it('a locked session changes nothing, whatever its role, but still reads', () => {
    const locked = signedIn('admin', null, true);
    expect(can(locked, 'alarms.acknowledge', 'x').reason).toBe('This screen is locked: unlock it to change anything.');
    expect(can(locked, 'users.list').ok).toBe(false);
    expect(can(locked, 'alarms.list').ok).toBe(true);
    expect(can(locked, 'auth.unlock').ok).toBe(true);
    expect(can(locked, 'auth.logout').ok).toBe(true);
    expect(can(locked, 'auth.changePassword').ok).toBe(false);
  });

  it('signed out: only the sign-in calls', () => {
    const out: AuthStatus = { ...signedIn('admin'), user: null, session: null };
    expect(can(out, 'alarms.list')).toEqual({ ok: false, reason: 'Sign in first.' });
    expect(can(out, 'auth.login').ok).toBe(true);
  });

  it('open mode acts as the local administrator; an engine that says nothing is not second-guessed', () => {
    expect(can(OPEN, 'users.create').ok).toBe(true);
    expect(can(OPEN, 'alarms.acknowledge', 'any').ok).toBe(true);
    expect(can(null, 'alarms.acknowledge', 'any').ok).toBe(true);
  });
});
