// Settings → Users (administrators): the users, their sessions and the API tokens, each a table
// with its actions; a change in one reloads the others it touches (a disabled user's sessions
// end, a deleted user's tokens go). Users with another role see why instead (SettingsView). On
// an engine without users (open mode) the first one made must be the administrator, with the
// setup token: the tab offers that screen rather than a user list that would end open mode with
// whatever was created first.
import { useCallback } from 'react';
import { useClient } from '../../../app/engine-context';
import { useAuthActions } from '../../../auth/auth-actions';
import { useAppStore } from '../../../store/app-store';
import { SessionsTable } from './SessionsTable';
import { TokensTable } from './TokensTable';
import { useAdminList } from './use-admin-list';
import { UsersTable } from './UsersTable';
import './users.css';

export function UsersTab() {
  const open = useAppStore((s) => s.auth?.mode === 'open');
  return open ? <NoUsersYet /> : <UserAdministration />;
}

function NoUsersYet() {
  const actions = useAuthActions();
  return (
    <div className="users-settings" data-testid="settings-users-open">
      <p className="view-note">
        This engine has no users: anyone on this machine can operate it, as the local administrator. Create the
        administrator first, with the setup token <code>watchfloor serve</code> printed on the engine’s console (or run{' '}
        <code>watchfloor users add NAME --role admin</code>); then sign in as them and add everyone else here.
      </p>
      <div>
        <button type="button" className="button primary" onClick={() => actions?.openSetup()} data-testid="users-setup">
          Create the administrator…
        </button>
      </div>
    </div>
  );
}

function UserAdministration() {
  const client = useClient();
  const users = useAdminList(
    useCallback(() => client.request('users.list', {}), [client]),
    'users',
  );
  const sessions = useAdminList(
    useCallback(() => client.request('sessions.list', {}), [client]),
    'sessions',
  );
  const tokens = useAdminList(
    useCallback(() => client.request('tokens.list', {}), [client]),
    'API tokens',
  );
  const reloadAll = useCallback(() => {
    users.reload();
    sessions.reload();
    tokens.reload();
  }, [users, sessions, tokens]);

  return (
    <div className="users-settings" data-testid="settings-users">
      <UsersTable list={users} onChanged={reloadAll} />
      <SessionsTable list={sessions} onChanged={reloadAll} />
      <TokensTable list={tokens} users={users.items ?? []} onChanged={reloadAll} />
    </div>
  );
}
