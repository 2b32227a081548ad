// Who is signed in where: every open session (user, kind, address, since, last seen, expiry,
// locked), with revoke — its connections close and its next call is refused.
import type { SessionView } from '../../../../../shared/contract/users';
import { useClient } from '../../../app/engine-context';
import { formatLocalTime } from '../../../components/format';
import { useSaveCycle } from '../use-save-cycle';
import { AdminSection, AdminTable } from './AdminSection';
import type { AdminList } from './use-admin-list';

const KIND: Record<SessionView['kind'], string> = {
  browser: 'browser',
  desktop: 'desktop window',
  remote: 'remote desktop',
};

export function SessionsTable({ list, onChanged }: { list: AdminList<SessionView>; onChanged(): void }) {
  const client = useClient();
  const cycle = useSaveCycle();
  const revoke = (s: SessionView) =>
    void cycle
      .run(() => client.request('sessions.revoke', { id: s.id }), {
        done: () => `Signed ${s.user} out of ${KIND[s.kind]} ${s.address}.`,
      })
      .then((ok) => ok && onChanged());

  return (
    <AdminSection
      id="sessions-title"
      title="Sessions"
      testId="sessions-section"
      status={cycle.status}
      error={list.error}
      actions={
        <button type="button" className="button small" onClick={onChanged}>
          Refresh
        </button>
      }
    >
      {list.items &&
        (list.items.length === 0 ? (
          <p className="view-note">Nobody is signed in.</p>
        ) : (
          <AdminTable
            testId="sessions-table"
            columns={['User', 'Kind', 'Address', 'Since', 'Last seen', 'Expires', 'Locked']}
          >
            <tbody>
              {list.items.map((s) => (
                <tr key={s.id} data-testid="session-row" data-user={s.user}>
                  <td>
                    {s.user}
                    {s.current && <span className="view-note"> (this window)</span>}
                  </td>
                  <td>{KIND[s.kind]}</td>
                  <td>{s.address}</td>
                  <td>{formatLocalTime(s.createdAt)}</td>
                  <td>{formatLocalTime(s.lastSeenAt)}</td>
                  <td>{formatLocalTime(s.expiresAt)}</td>
                  <td>{s.locked ? <span className="users-flag">locked</span> : '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      disabled={cycle.busy}
                      title={s.current ? 'This is your own session: revoking it signs this window out.' : undefined}
                      onClick={() => revoke(s)}
                      data-testid="session-revoke"
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </AdminTable>
        ))}
    </AdminSection>
  );
}
