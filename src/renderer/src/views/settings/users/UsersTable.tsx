// The users of this engine: name, display name, role, areas, last sign-in, lockout, disabled —
// with create, edit (role, areas, display name), disable and enable, a new password, unlock
// after failed sign-ins, and delete (confirmed). One form is open at a time, under its row.
import { Fragment, useMemo, useState } from 'react';
import type { UserView } from '../../../../../shared/contract/users';
import { useClient } from '../../../app/engine-context';
import { formatLocalTime } from '../../../components/format';
import { useAppStore } from '../../../store/app-store';
import { useSaveCycle } from '../use-save-cycle';
import { areasText, when, type AdminList } from './use-admin-list';
import { AdminSection, AdminTable } from './AdminSection';
import { DeleteUserForm, EditUserForm, NewUserForm, SetPasswordForm } from './UserForms';

type Open = { name: string; form: 'edit' | 'password' | 'delete' } | { name: null; form: 'new' } | null;

const COLUMNS = 8;

export function UsersTable({ list, onChanged }: { list: AdminList<UserView>; onChanged(): void }) {
  const client = useClient();
  const me = useAppStore((s) => s.auth?.user?.name);
  const devices = useAppStore((s) => s.devices);
  const known = useMemo(() => [...new Set(devices.map((d) => d.location || 'default'))].sort(), [devices]);
  const [open, setOpen] = useState<Open>(null);
  const cycle = useSaveCycle();
  const now = list.loadedAt;

  const done = () => {
    setOpen(null);
    onChanged();
  };
  const quick = (work: () => Promise<unknown>, words: string) =>
    void cycle.run(work, { done: () => words }).then((ok) => ok && onChanged());

  return (
    <AdminSection
      id="users-title"
      title="Users"
      testId="users-table-section"
      status={cycle.status}
      statusTestId="users-status"
      error={list.error}
      actions={
        <button
          type="button"
          className="button"
          onClick={() => setOpen({ name: null, form: 'new' })}
          data-testid="user-add"
          disabled={open?.form === 'new'}
        >
          Add user
        </button>
      }
    >
      {open?.form === 'new' && <NewUserForm known={known} onDone={done} onCancel={() => setOpen(null)} />}
      {list.items && (
        <AdminTable
          testId="users-table"
          columns={['Name', 'Display name', 'Role', 'Areas', 'Last sign-in', 'Locked out', 'Disabled']}
        >
          <tbody>
            {list.items.map((u) => {
              const lockedOut = u.lockedUntil !== null && u.lockedUntil > now;
              const form = open?.name === u.name ? open.form : null;
              return (
                <Fragment key={u.name}>
                  <tr data-testid="user-row" data-user={u.name} data-inactive={u.disabled}>
                    <td>
                      {u.name}
                      {u.name === me && <span className="view-note"> (you)</span>}
                    </td>
                    <td>{u.displayName ?? '—'}</td>
                    <td data-testid="user-row-role">{u.role}</td>
                    <td>{areasText(u.areas)}</td>
                    <td>{when(u.lastLoginAt, formatLocalTime)}</td>
                    <td>
                      {lockedOut ? (
                        <span className="users-flag">until {formatLocalTime(u.lockedUntil!)}</span>
                      ) : u.failedLogins > 0 ? (
                        `${u.failedLogins} failed`
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{u.disabled ? <span className="users-flag">disabled</span> : '—'}</td>
                    <td>
                      <div className="users-actions">
                        <button
                          type="button"
                          className="button small"
                          onClick={() => setOpen({ name: u.name, form: 'edit' })}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button small"
                          onClick={() => setOpen({ name: u.name, form: 'password' })}
                        >
                          Set password
                        </button>
                        {(lockedOut || u.failedLogins > 0) && (
                          <button
                            type="button"
                            className="button small"
                            data-testid="user-unlock"
                            onClick={() =>
                              quick(
                                () => client.request('users.unlock', { name: u.name }),
                                `${u.name} can sign in again.`,
                              )
                            }
                          >
                            Unlock
                          </button>
                        )}
                        <button
                          type="button"
                          className="button small"
                          disabled={cycle.busy}
                          onClick={() =>
                            quick(
                              () => client.request('users.update', { name: u.name, disabled: !u.disabled }),
                              u.disabled ? `${u.name} is enabled.` : `${u.name} is disabled: their sessions ended.`,
                            )
                          }
                        >
                          {u.disabled ? 'Enable' : 'Disable'}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          data-testid="user-delete-open"
                          onClick={() => setOpen({ name: u.name, form: 'delete' })}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                  {form && (
                    <tr>
                      <td colSpan={COLUMNS}>
                        {form === 'edit' ? (
                          <EditUserForm user={u} known={known} onDone={done} onCancel={() => setOpen(null)} />
                        ) : form === 'password' ? (
                          <SetPasswordForm user={u} onDone={done} onCancel={() => setOpen(null)} />
                        ) : (
                          <DeleteUserForm user={u} onDone={done} onCancel={() => setOpen(null)} />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </AdminTable>
      )}
    </AdminSection>
  );
}
