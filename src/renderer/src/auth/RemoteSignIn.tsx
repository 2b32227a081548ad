// Signing in to a central engine from the desktop (fetched only by a desktop attached to one).
// The sign-in screens of issue 14 (helper UI) replace the form; what stays is the transport
// (sign-in-transport.ts) and the way out when the engine cannot be reached or its certificate
// changed: Settings → Engine, shown right here, since the control room needs a session first.
import { useEffect, useState, type FormEvent } from 'react';
import { EngineTab } from '../views/settings/engine/EngineTab';
import type { RemoteSignInTransport as SignInTransport } from './remote-sign-in';
import './remote-sign-in.css';

export function RemoteSignIn({ transport, onSignedIn }: { transport: SignInTransport; onSignedIn: () => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [engineName, setEngineName] = useState<string | null>(null);
  const [showEngine, setShowEngine] = useState(false);

  useEffect(() => {
    void transport.status().then((status) => {
      if (status) setEngineName(`${status.engine.name} · Watchfloor ${status.engine.version}`);
      else
        setMessage(
          'The central engine is not answering. Check the address and the network, or the engine settings below.',
        );
    });
  }, [transport]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await transport.signIn(user.trim(), password);
    setBusy(false);
    if (result.ok) onSignedIn();
    else {
      setMessage(result.message);
      if ((result.error?.details as { certificateChanged?: boolean } | undefined)?.certificateChanged)
        setShowEngine(true);
    }
  };

  return (
    <main className="remote-sign-in" data-testid="remote-sign-in">
      <form className="remote-sign-in-card" onSubmit={(e) => void submit(e)}>
        <h1>Sign in</h1>
        <p className="remote-sign-in-engine">
          Central engine <code data-testid="remote-sign-in-url">{transport.engineUrl}</code>
          {engineName && <span> · {engineName}</span>}
        </p>
        <label>
          <span>User</span>
          <input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" autoFocus />
        </label>
        <label>
          <span>Password</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
        </label>
        {message && (
          <p className="remote-sign-in-message" role="alert" data-testid="remote-sign-in-message">
            {message}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || !user.trim() || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="button small" onClick={() => setShowEngine((v) => !v)}>
          {showEngine ? 'Hide engine settings' : 'Engine settings…'}
        </button>
      </form>
      {showEngine && (
        <section className="remote-sign-in-engine-settings" aria-label="Engine settings">
          <EngineTab />
        </section>
      )}
    </main>
  );
}
