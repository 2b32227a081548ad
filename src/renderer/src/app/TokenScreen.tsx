// Shown instead of the control room when the engine asks this browser for its access token
// (it is reachable from the network). The token is sent once and traded for a session cookie
// the page cannot read; then the page loads again, signed in.
import { useState, type FormEvent } from 'react';
import { signIn } from '../api/session';

export function TokenScreen({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    setProblem(null);
    const result = await signIn(token.trim());
    setBusy(false);
    if (result.ok) onSignedIn();
    else setProblem(result.message);
  };

  return (
    <main className="token-screen">
      <form className="token-card" onSubmit={(e) => void submit(e)} data-testid="token-screen">
        <p className="brand">WATCHFLOOR</p>
        <h1>Sign in to this engine</h1>
        <p className="token-why">
          This engine can be reached from the network, so it asks for its access token. An administrator creates it on
          the engine’s machine with <code>watchfloor token create</code>; this browser needs it once.
        </p>
        <label className="token-field">
          <span>Access token</span>
          <input
            type="password"
            autoComplete="current-password"
            autoFocus
            value={token}
            onChange={(e) => setToken(e.target.value)}
            data-testid="token-input"
          />
        </label>
        {problem && (
          <p className="token-problem" role="alert" data-testid="token-problem">
            {problem}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || !token.trim()} data-testid="token-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
