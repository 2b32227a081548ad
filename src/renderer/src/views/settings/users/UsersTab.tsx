// Settings → Users (administrators): the users, their sessions and the API tokens, each a table
// with its actions; a change in one reloads the others it touches (a disabled user's sessions
// end, a deleted user's tokens go). Users with another role see why instead (SettingsView).
import { useCallback } from 'react';
import { useClient } from '../../../app/engine-context';
import { SessionsTable } from './SessionsTable';
import { TokensTable } from './TokensTable';
import { useAdminList } from './use-admin-list';
import { UsersTable } from './UsersTable';
import './users.css';

export function UsersTab() {
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
