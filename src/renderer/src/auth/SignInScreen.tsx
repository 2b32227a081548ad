// Signing in: user and password, with the engine's name and version so the operator knows which
// engine this is. The messages come from the engine (wrong name or password — never which one),
// a lockout with its end, too many attempts, or an engine that does not answer. Fetched only
// when a window has to sign in. A desktop attached to a central engine also shows the engine's
// address and a way out — Settings → Engine, right here, since the control room needs a session
// first — opened at once when the engine's certificate changed or the engine does not answer.
import { lazy, Suspense, useState, type FormEvent } from 'react';
import type { AuthStatus } from '../../../shared/contract/auth';
import { remoteEngineUrl } from './remote-engine';
import type { SignInResult } from './sign-in-result';
import './auth-screens.css';

const EngineTab = lazy(() => import('../views/settings/engine/EngineTab').then((m) => ({ default: m.EngineTab })));

/** A refusal that only Settings → Engine can fix: another certificate, or no engine at that address. */
function needsEngineSettings(result: SignInResult): boolean {
  return !result.ok && (/certificate changed/i.test(result.message) || result.code === 'UNAVAILABLE');
}

export function EngineLine({ engine }: { engine: AuthStatus['engine'] | null }) {
  if (!engine) return null;
  return (
    <p className="auth-engine" data-testid="auth-engine">
      Engine <b>{engine.name}</b> · Watchfloor {engine.version}
    </p>
  );
}

export function SignInScreen({
  engine,
  notice,
  onSignIn,
}: {
  engine: AuthStatus['engine'] | null;
  notice: string | null;
  onSignIn(user: string, password: string): Promise<SignInResult>;
}) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const remoteUrl = remoteEngineUrl();
  const [showEngine, setShowEngine] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !user.trim() || !password) return;
    setBusy(true);
    setProblem(null);
    const result = await onSignIn(user.trim(), password);
    if (!result.ok) {
      setBusy(false);
      setPassword('');
      setProblem(result.message);
      if (remoteUrl && needsEngineSettings(result)) setShowEngine(true);
    }
  };

  return (
    <main className="auth-screen">
      <form
        className="auth-card"
        onSubmit={(e) => void submit(e)}
        data-testid="sign-in"
        aria-labelledby="sign-in-title"
      >
        <p className="brand">WATCHFLOOR</p>
        <h1 id="sign-in-title">Sign in</h1>
        {remoteUrl && (
          <p className="auth-engine" data-testid="auth-remote-url">
            Central engine <code>{remoteUrl}</code>
          </p>
        )}
        <EngineLine engine={engine} />
        {notice && (
          <p className="auth-notice" role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <label className="auth-field">
          <span>User</span>
          <input
            autoComplete="username"
            autoFocus
            value={user}
            onChange={(e) => setUser(e.target.value)}
            data-testid="sign-in-user"
          />
        </label>
        <label className="auth-field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="sign-in-password"
          />
        </label>
        {problem && (
          <p className="auth-problem" role="alert" data-testid="sign-in-problem">
            {problem}
          </p>
        )}
        <button
          type="submit"
          className="button primary"
          disabled={busy || !user.trim() || !password}
          data-testid="sign-in-submit"
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="auth-hint">Forgot your password? An administrator can set a new one in Settings → Users.</p>
        {remoteUrl && (
          <button
            type="button"
            className="button small"
            onClick={() => setShowEngine((v) => !v)}
            data-testid="sign-in-engine-settings"
          >
            {showEngine ? 'Hide engine settings' : 'Engine settings…'}
          </button>
        )}
      </form>
      {remoteUrl && showEngine && (
        <section className="auth-engine-settings" aria-label="Engine settings">
          <Suspense fallback={null}>
            <EngineTab />
          </Suspense>
        </section>
      )}
    </main>
  );
}
