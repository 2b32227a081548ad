// API tokens for machine clients (REST and WebSocket as a user, or HTTP ingest): name, user,
// role, scopes, prefix, created, last used, expiry, revoked — with create and revoke. A new
// token is shown once, with Copy: the engine keeps only its hash. Ingest tokens of the
// configuration file are listed too, and are changed in the file.
import { useState } from 'react';
import type { ApiTokenView, TokenScope, UserView } from '../../../../../shared/contract/users';
import { useClient } from '../../../app/engine-context';
import { formatLocalTime } from '../../../components/format';
import { useSaveCycle } from '../use-save-cycle';
import { areasText, when, type AdminList } from './use-admin-list';
import { AdminSection, AdminTable } from './AdminSection';
import { NewTokenForm } from './NewTokenForm';

export function TokensTable({
  list,
  users,
  onChanged,
}: {
  list: AdminList<ApiTokenView>;
  users: readonly UserView[];
  onChanged(): void;
}) {
  const client = useClient();
  const cycle = useSaveCycle();
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);

  const revoke = (t: ApiTokenView) =>
    void cycle
      .run(() => client.request('tokens.revoke', { id: t.id }), { done: () => `Token ${t.name} is revoked.` })
      .then((ok) => ok && onChanged());
  const copy = (token: string) =>
    void navigator.clipboard?.writeText(token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  const scopes = (s: readonly TokenScope[]) => s.join(', ');

  return (
    <AdminSection
      id="tokens-title"
      title="API tokens"
      testId="tokens-section"
      status={cycle.status}
      error={list.error}
      actions={
        <button
          type="button"
          className="button"
          onClick={() => setCreating(true)}
          disabled={creating}
          data-testid="token-add"
        >
          New token
        </button>
      }
    >
      {made && (
        <div className="token-once" role="status" data-testid="token-once">
          <span>
            Token <b>{made.name}</b>:
          </span>
          <code data-testid="token-secret">{made.token}</code>
          <p>Copy it now: it cannot be shown again. The engine keeps only its hash.</p>
          <div className="users-form-buttons">
            <button type="button" className="button primary" onClick={() => copy(made.token)} data-testid="token-copy">
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setMade(null);
                setCopied(false);
              }}
            >
              Done
            </button>
          </div>
        </div>
      )}
      {creating && (
        <NewTokenForm
          users={users}
          onCancel={() => setCreating(false)}
          onCreated={(token, name) => {
            setCreating(false);
            setMade({ token, name });
            onChanged();
          }}
        />
      )}
      {list.items &&
        (list.items.length === 0 ? (
          <p className="view-note">No API tokens. Machine clients (scripts, gateways) use one instead of a password.</p>
        ) : (
          <AdminTable
            testId="tokens-table"
            columns={['Name', 'User', 'Role', 'Scopes', 'Prefix', 'Created', 'Last used', 'Expires', 'Revoked']}
          >
            <tbody>
              {list.items.map((t) => (
                <tr key={t.id} data-testid="token-row" data-token={t.name} data-inactive={t.revokedAt !== null}>
                  <td>{t.name}</td>
                  <td>{t.user}</td>
                  <td title={`areas ${areasText(t.areas)}`}>{t.role}</td>
                  <td>{scopes(t.scopes)}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>
                    {formatLocalTime(t.createdAt)} by {t.createdBy}
                  </td>
                  <td>{when(t.lastUsedAt, formatLocalTime)}</td>
                  <td>{when(t.expiresAt, formatLocalTime)}</td>
                  <td>
                    {t.revokedAt !== null ? <span className="users-flag">{formatLocalTime(t.revokedAt)}</span> : '—'}
                  </td>
                  <td>
                    {t.origin === 'config' ? (
                      <span className="view-note" title="Listed in sources.http.tokens of the configuration file">
                        configuration file
                      </span>
                    ) : (
                      t.revokedAt === null && (
                        <button
                          type="button"
                          className="button small"
                          disabled={cycle.busy}
                          onClick={() => revoke(t)}
                          data-testid="token-revoke"
                        >
                          Revoke
                        </button>
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </AdminTable>
        ))}
    </AdminSection>
  );
}
