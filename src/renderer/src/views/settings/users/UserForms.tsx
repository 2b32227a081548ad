// The forms of the users table: a new user (name, display name, role, areas, password twice),
// an edit of role, areas and display name, a new password, and the confirmation of a delete.
// Each checks what it can before sending (the contract's own rules for names and passwords) and
// shows the engine's refusal in words beside its buttons.
import { useState, type FormEvent, type ReactNode } from 'react';
import { NewPassword, ROLES, UserName, type Role } from '../../../../../shared/contract/auth';
import type { UserView } from '../../../../../shared/contract/users';
import { useClient } from '../../../app/engine-context';
import { useSaveCycle } from '../use-save-cycle';
import { areasText, parseAreas } from './use-admin-list';

const ROLE_HELP: Record<Role, string> = {
  viewer: 'viewer — sees everything, changes nothing',
  operator: 'operator — acknowledges, shelves, labels',
  engineer: 'engineer — also rules, sources, models, settings',
  admin: 'admin — also users, sessions, tokens, audit',
};

function passwordProblem(password: string, repeat: string): string | null {
  const valid = NewPassword.safeParse(password);
  if (!valid.success) return `The password needs ${valid.error.issues[0]?.message ?? 'more'}.`;
  return password === repeat ? null : 'The two passwords differ.';
}

function Shell({
  label,
  testId,
  onSubmit,
  busy,
  submit,
  onCancel,
  problem,
  children,
}: {
  label: string;
  testId: string;
  onSubmit(): void;
  busy: boolean;
  submit: string;
  onCancel(): void;
  problem: string | null;
  children: ReactNode;
}) {
  return (
    <form
      className="users-form"
      aria-label={label}
      data-testid={testId}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      {children}
      <div className="users-form-buttons">
        <button type="submit" className="button primary" disabled={busy} data-testid={`${testId}-submit`}>
          {submit}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {problem && (
        <p className="users-problem" role="alert" data-testid={`${testId}-problem`}>
          {problem}
        </p>
      )}
    </form>
  );
}

function RoleSelect({ value, onChange }: { value: Role; onChange(role: Role): void }) {
  return (
    <label>
      Role
      <select value={value} onChange={(e) => onChange(e.target.value as Role)} data-testid="user-role">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_HELP[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

function AreasInput({ value, onChange, known }: { value: string; onChange(text: string): void; known: string[] }) {
  return (
    <label>
      Areas (comma-separated; empty: every area)
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={known.slice(0, 3).join(', ') || 'every area'}
        data-testid="user-areas"
      />
    </label>
  );
}

interface Profile {
  displayName: string;
  role: Role;
  areas: string;
}

/** Display name, role and areas: what creating and editing a user both ask. */
function ProfileFields<T extends Profile>({
  draft,
  onChange,
  known,
}: {
  draft: T;
  onChange(next: T): void;
  known: string[];
}) {
  return (
    <>
      <label>
        Display name
        <input
          value={draft.displayName}
          onChange={(e) => onChange({ ...draft, displayName: e.target.value })}
          data-testid="user-display"
        />
      </label>
      <RoleSelect value={draft.role} onChange={(role) => onChange({ ...draft, role })} />
      <AreasInput value={draft.areas} onChange={(areas) => onChange({ ...draft, areas })} known={known} />
    </>
  );
}

export function NewUserForm({ known, onDone, onCancel }: { known: string[]; onDone(): void; onCancel(): void }) {
  const client = useClient();
  const cycle = useSaveCycle();
  const [d, setD] = useState({
    name: '',
    displayName: '',
    role: 'operator' as Role,
    areas: '',
    password: '',
    repeat: '',
  });
  const submit = () => {
    const name = UserName.safeParse(d.name);
    if (!name.success) return cycle.setStatus({ ok: false, text: `User name: ${name.error.issues[0]?.message}` });
    const pw = passwordProblem(d.password, d.repeat);
    if (pw) return cycle.setStatus({ ok: false, text: pw });
    void cycle
      .run(() =>
        client.request('users.create', {
          name: name.data,
          role: d.role,
          areas: parseAreas(d.areas),
          password: d.password,
          ...(d.displayName.trim() ? { displayName: d.displayName.trim() } : {}),
        }),
      )
      .then((ok) => ok && onDone());
  };
  return (
    <Shell
      label="New user"
      testId="user-new"
      onSubmit={submit}
      busy={cycle.busy}
      submit="Create user"
      onCancel={onCancel}
      problem={cycle.status && !cycle.status.ok ? cycle.status.text : null}
    >
      <label>
        User name
        <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} data-testid="user-name" />
      </label>
      <ProfileFields draft={d} onChange={(next) => setD(next)} known={known} />
      <label>
        Password (10+ characters)
        <input
          type="password"
          autoComplete="new-password"
          value={d.password}
          onChange={(e) => setD({ ...d, password: e.target.value })}
          data-testid="user-password"
        />
      </label>
      <label>
        Password again
        <input
          type="password"
          autoComplete="new-password"
          value={d.repeat}
          onChange={(e) => setD({ ...d, repeat: e.target.value })}
          data-testid="user-repeat"
        />
      </label>
    </Shell>
  );
}

export function EditUserForm({
  user,
  known,
  onDone,
  onCancel,
}: {
  user: UserView;
  known: string[];
  onDone(): void;
  onCancel(): void;
}) {
  const client = useClient();
  const cycle = useSaveCycle();
  const [d, setD] = useState({
    displayName: user.displayName ?? '',
    role: user.role,
    areas: user.areas === null ? '' : user.areas.join(', '),
  });
  const submit = () =>
    void cycle
      .run(() =>
        client.request('users.update', {
          name: user.name,
          displayName: d.displayName.trim() || null,
          role: d.role,
          areas: parseAreas(d.areas),
        }),
      )
      .then((ok) => ok && onDone());
  return (
    <Shell
      label={`Edit ${user.name}`}
      testId="user-edit"
      onSubmit={submit}
      busy={cycle.busy}
      submit="Save"
      onCancel={onCancel}
      problem={cycle.status && !cycle.status.ok ? cycle.status.text : null}
    >
      <ProfileFields draft={d} onChange={(next) => setD(next)} known={known} />
      <p className="users-confirm view-note">
        Now: {user.role}, areas {areasText(user.areas)}. Their open sessions take the change at once.
      </p>
    </Shell>
  );
}

export function SetPasswordForm({ user, onDone, onCancel }: { user: UserView; onDone(): void; onCancel(): void }) {
  const client = useClient();
  const cycle = useSaveCycle();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const submit = () => {
    const problem = passwordProblem(password, repeat);
    if (problem) return cycle.setStatus({ ok: false, text: problem });
    void cycle
      .run(() => client.request('users.setPassword', { name: user.name, password }))
      .then((ok) => ok && onDone());
  };
  return (
    <Shell
      label={`New password for ${user.name}`}
      testId="user-password-form"
      onSubmit={submit}
      busy={cycle.busy}
      submit="Set password"
      onCancel={onCancel}
      problem={cycle.status && !cycle.status.ok ? cycle.status.text : null}
    >
      <label>
        New password for {user.name}
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="user-password"
        />
      </label>
      <label>
        Again
        <input
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          data-testid="user-repeat"
        />
      </label>
      <p className="users-confirm view-note">Their sessions end: they sign in again with the new password.</p>
    </Shell>
  );
}

export function DeleteUserForm({ user, onDone, onCancel }: { user: UserView; onDone(): void; onCancel(): void }) {
  const client = useClient();
  const cycle = useSaveCycle();
  return (
    <Shell
      label={`Delete ${user.name}`}
      testId="user-delete"
      onSubmit={() =>
        void cycle.run(() => client.request('users.delete', { name: user.name })).then((ok) => ok && onDone())
      }
      busy={cycle.busy}
      submit={`Delete ${user.name}`}
      onCancel={onCancel}
      problem={cycle.status && !cycle.status.ok ? cycle.status.text : null}
    >
      <p className="users-confirm">
        Delete <b>{user.name}</b>? Their sessions and API tokens end at once. What they did stays in the alarm journals
        and the audit trail. To keep the account for later, disable it instead.
      </p>
    </Shell>
  );
}
