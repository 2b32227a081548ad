// A new API token: its name, the user it acts for (role and areas default to theirs and never
// exceed them), scopes (REST and WebSocket `api`, HTTP `ingest`, Prometheus `metrics`: GET /metrics
// only) and an optional expiry.
import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../../shared/contract/auth';
import type { TokenScope, UserView } from '../../../../../shared/contract/users';
import { useClient } from '../../../app/engine-context';
import { useAppStore } from '../../../store/app-store';
import { useSaveCycle } from '../use-save-cycle';

export function NewTokenForm({
  users,
  onCreated,
  onCancel,
}: {
  users: readonly UserView[];
  onCreated(token: string, name: string): void;
  onCancel(): void;
}) {
  const client = useClient();
  const me = useAppStore((s) => s.auth?.user?.name ?? '');
  const cycle = useSaveCycle();
  const [name, setName] = useState('');
  const [user, setUser] = useState(me);
  const [role, setRole] = useState<Role | ''>('');
  const [scopes, setScopes] = useState<Record<TokenScope, boolean>>({ api: true, ingest: false, metrics: false });
  const [days, setDays] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (cycle.busy) return;
    const chosen = (Object.keys(scopes) as TokenScope[]).filter((s) => scopes[s]);
    if (!name.trim()) return cycle.setStatus({ ok: false, text: 'Give the token a name (what uses it).' });
    if (chosen.length === 0) return cycle.setStatus({ ok: false, text: 'Choose at least one scope.' });
    const expires = days.trim() ? Number(days) : undefined;
    if (expires !== undefined && !(Number.isInteger(expires) && expires >= 1 && expires <= 3650))
      return cycle.setStatus({ ok: false, text: 'Expiry: a whole number of days from 1 to 3650, or empty.' });
    void cycle.run(async () => {
      const made = await client.request('tokens.create', {
        name: name.trim(),
        scopes: chosen,
        ...(user ? { user } : {}),
        ...(role ? { role } : {}),
        ...(expires !== undefined ? { expiresInDays: expires } : {}),
      });
      onCreated(made.token, made.view.name);
    });
  };

  return (
    <form className="users-form" aria-label="New API token" onSubmit={submit} data-testid="token-new">
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="gateway-hall-a"
          data-testid="token-name"
        />
      </label>
      <label>
        Acts for
        <select value={user} onChange={(e) => setUser(e.target.value)} data-testid="token-user">
          {users
            .filter((u) => !u.disabled)
            .map((u) => (
              <option key={u.name} value={u.name}>
                {u.name} ({u.role})
              </option>
            ))}
        </select>
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role | '')} data-testid="token-role">
          <option value="">the user’s</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <div className="users-checks" role="group" aria-label="Scopes">
        <label>
          <input
            type="checkbox"
            checked={scopes.api}
            onChange={(e) => setScopes({ ...scopes, api: e.target.checked })}
            data-testid="token-scope-api"
          />
          REST and WebSocket
        </label>
        <label>
          <input
            type="checkbox"
            checked={scopes.ingest}
            onChange={(e) => setScopes({ ...scopes, ingest: e.target.checked })}
            data-testid="token-scope-ingest"
          />
          HTTP ingest
        </label>
        <label>
          <input
            type="checkbox"
            checked={scopes.metrics}
            onChange={(e) => setScopes({ ...scopes, metrics: e.target.checked })}
            data-testid="token-scope-metrics"
          />
          Metrics (GET /metrics only)
        </label>
      </div>
      <label>
        Expires after (days)
        <input
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          placeholder="never"
          size={8}
          data-testid="token-days"
        />
      </label>
      <div className="users-form-buttons">
        <button type="submit" className="button primary" disabled={cycle.busy} data-testid="token-new-submit">
          Create token
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {cycle.status && !cycle.status.ok && (
        <p className="users-problem" role="alert" data-testid="token-new-problem">
          {cycle.status.text}
        </p>
      )}
    </form>
  );
}
