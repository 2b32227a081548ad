// The first run: create the administrator. A browser needs the one-time setup token `serve`
// printed on its console (prefilled from the link it printed, #setup/<token>); the desktop's own
// window needs none. The new administrator is signed in at once.
import { useState, type FormEvent } from 'react';
import type { AuthStatus } from '../../../shared/contract/auth';
import { NewPassword, UserName } from '../../../shared/contract/auth';
import { EngineLine } from './SignInScreen';
import type { SetupParams, SignInResult } from './sign-in-result';

type Field = 'token' | 'user' | 'password' | 'repeat';

function check(draft: { token: string; user: string; password: string; repeat: string }, needsToken: boolean) {
  const errors: Partial<Record<Field, string>> = {};
  if (needsToken && !draft.token.trim()) errors.token = 'The setup token is required: it is on the engine’s console.';
  const user = UserName.safeParse(draft.user);
  if (!user.success) errors.user = user.error.issues[0]?.message ?? 'not a valid name';
  const password = NewPassword.safeParse(draft.password);
  if (!password.success) errors.password = `The password needs ${password.error.issues[0]?.message ?? 'more'}.`;
  else if (draft.repeat !== draft.password) errors.repeat = 'The two passwords differ.';
  return errors;
}

export function SetupScreen({
  engine,
  token,
  needsToken,
  onSetUp,
  onCancel,
}: {
  engine: AuthStatus['engine'] | null;
  token: string | null;
  needsToken: boolean;
  onSetUp(params: SetupParams): Promise<SignInResult>;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState({ token: token ?? '', user: 'admin', displayName: '', password: '', repeat: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (field: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = check(draft, needsToken);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setProblem(null);
    const result = await onSetUp({
      ...(needsToken ? { setupToken: draft.token.trim() } : {}),
      user: draft.user.trim(),
      password: draft.password,
      ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
    });
    if (!result.ok) {
      setBusy(false);
      setProblem(result.message);
    }
  };

  const error = (field: Field) =>
    errors[field] && (
      <span className="field-error" data-testid={`setup-error-${field}`}>
        {errors[field]}
      </span>
    );

  return (
    <main className="auth-screen">
      <form className="auth-card" onSubmit={(e) => void submit(e)} data-testid="setup" aria-labelledby="setup-title">
        <p className="brand">WATCHFLOOR</p>
        <h1 id="setup-title">Create the administrator</h1>
        <EngineLine engine={engine} />
        <p className="auth-why">
          This engine has no users yet. The administrator you create here signs in with this name and password, and adds
          the operators, engineers and viewers in Settings → Users.
        </p>
        {needsToken && (
          <label className="auth-field">
            <span>Setup token</span>
            <input
              value={draft.token}
              onChange={set('token')}
              autoComplete="off"
              spellCheck={false}
              data-testid="setup-token"
            />
            <span className="auth-hint">
              Printed by <code>watchfloor serve</code> on the engine’s console when it started without users.
            </span>
            {error('token')}
          </label>
        )}
        <label className="auth-field">
          <span>User name</span>
          <input value={draft.user} onChange={set('user')} autoComplete="username" data-testid="setup-user" />
          {error('user')}
        </label>
        <label className="auth-field">
          <span>Display name (optional)</span>
          <input
            value={draft.displayName}
            onChange={set('displayName')}
            autoComplete="name"
            data-testid="setup-display"
          />
        </label>
        <label className="auth-field">
          <span>Password (at least 10 characters)</span>
          <input
            type="password"
            value={draft.password}
            onChange={set('password')}
            autoComplete="new-password"
            data-testid="setup-password"
          />
          {error('password')}
        </label>
        <label className="auth-field">
          <span>Password again</span>
          <input
            type="password"
            value={draft.repeat}
            onChange={set('repeat')}
            autoComplete="new-password"
            data-testid="setup-repeat"
          />
          {error('repeat')}
        </label>
        {problem && (
          <p className="auth-problem" role="alert" data-testid="setup-problem">
            {problem}
          </p>
        )}
        <div className="auth-buttons">
          <button type="submit" className="button primary" disabled={busy} data-testid="setup-submit">
            {busy ? 'Creating…' : 'Create and sign in'}
          </button>
          {onCancel && (
            <button type="button" className="button" onClick={onCancel} data-testid="setup-cancel">
              Not now
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
