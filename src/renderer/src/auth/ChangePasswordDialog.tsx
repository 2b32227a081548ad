// Changing one's own password (auth.changePassword): the current one, the new one twice. The
// engine checks the current password and the new one's length; other sessions of the user stay.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { NewPassword } from '../../../shared/contract/auth';
import './auth-screens.css';

export function ChangePasswordDialog({
  onChange,
  onClose,
}: {
  onChange(current: string, next: string): Promise<string | null>;
  onClose(): void;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const valid = NewPassword.safeParse(next);
    if (!current) return setProblem('Enter your current password.');
    if (!valid.success) return setProblem(`The new password needs ${valid.error.issues[0]?.message ?? 'more'}.`);
    if (next !== repeat) return setProblem('The two new passwords differ.');
    setBusy(true);
    setProblem(null);
    const failed = await onChange(current, next);
    setBusy(false);
    if (failed) setProblem(failed);
    else setDone(true);
  };

  return (
    <div className="auth-dialog-layer" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="auth-card auth-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="password-title"
        onSubmit={(e) => void submit(e)}
        data-testid="change-password"
      >
        <h1 id="password-title">Change your password</h1>
        {done ? (
          <p role="status" data-testid="password-changed">
            Your password is changed. Use the new one next time you sign in or unlock.
          </p>
        ) : (
          <>
            <label className="auth-field">
              <span>Current password</span>
              <input
                ref={first}
                type="password"
                autoComplete="current-password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
                data-testid="password-current"
              />
            </label>
            <label className="auth-field">
              <span>New password (at least 10 characters)</span>
              <input
                type="password"
                autoComplete="new-password"
                value={next}
                onChange={(e) => setNext(e.target.value)}
                data-testid="password-next"
              />
            </label>
            <label className="auth-field">
              <span>New password again</span>
              <input
                type="password"
                autoComplete="new-password"
                value={repeat}
                onChange={(e) => setRepeat(e.target.value)}
                data-testid="password-repeat"
              />
            </label>
          </>
        )}
        {problem && (
          <p className="auth-problem" role="alert" data-testid="password-problem">
            {problem}
          </p>
        )}
        <div className="auth-buttons">
          {!done && (
            <button type="submit" className="button primary" disabled={busy} data-testid="password-submit">
              {busy ? 'Changing…' : 'Change password'}
            </button>
          )}
          <button type="button" className="button" onClick={onClose} data-testid="password-close">
            {done ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </div>
  );
}
