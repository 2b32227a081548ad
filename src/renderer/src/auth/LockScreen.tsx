// The locked screen: a banner over the control room, which stays visible and live underneath
// (alarm queue, flood banner, tiles, the alarm sound) but takes no input until the user who
// locked it unlocks with their password. Safety before security: locking never hides an alarm.
// The page's own keys (view digits, the queue's A and S) are kept from reaching the app: keys
// typed in the banner stop at it, and keys anywhere else stop before the app sees them.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SessionUser } from '../../../shared/contract/auth';

export function LockScreen({
  user,
  onUnlock,
  onSignOut,
}: {
  user: SessionUser;
  onUnlock(password: string): Promise<string | null>;
  /** Another person takes over the station: sign this user out. */
  onSignOut(): void;
}) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const banner = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const form = banner.current;
    const stopAtBanner = (e: KeyboardEvent) => e.stopPropagation();
    const stopElsewhere = (e: KeyboardEvent) => {
      if (form && e.target instanceof Node && form.contains(e.target)) return;
      e.stopImmediatePropagation();
      e.preventDefault();
    };
    form?.addEventListener('keydown', stopAtBanner);
    window.addEventListener('keydown', stopElsewhere, true);
    input.current?.focus();
    return () => {
      form?.removeEventListener('keydown', stopAtBanner);
      window.removeEventListener('keydown', stopElsewhere, true);
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    const failed = await onUnlock(password);
    setBusy(false);
    if (failed) {
      setProblem(failed);
      setPassword('');
      input.current?.focus();
    }
  };

  const who = user.displayName || user.name;
  return (
    <div className="lock-layer" data-testid="lock-screen">
      <form
        ref={banner}
        className="lock-banner"
        role="alertdialog"
        aria-labelledby="lock-title"
        aria-describedby="lock-why"
        onSubmit={(e) => void submit(e)}
      >
        <div className="lock-text">
          <h2 id="lock-title">Locked by {who}</h2>
          <p id="lock-why">Alarms keep showing and sounding. Unlock to acknowledge, shelve or change anything.</p>
        </div>
        <label className="lock-field">
          <span className="sr-only">Password of {user.name}</span>
          <input
            ref={input}
            type="password"
            autoComplete="current-password"
            placeholder={`Password of ${user.name}`}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="unlock-password"
          />
        </label>
        <button type="submit" className="button primary" disabled={busy || !password} data-testid="unlock-submit">
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        <button type="button" className="button" onClick={onSignOut} data-testid="lock-sign-out">
          Sign in as someone else
        </button>
        {problem && (
          <p className="lock-problem" role="alert" data-testid="unlock-problem">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
