// Shelving an alarm: for how long and why (both required), inline under its row.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Alarm } from '../../../../shared/domain';
import { useClient } from '../../app/engine-context';
import { useAppStore } from '../../store/app-store';
import { describeActionError, type ActionFailure } from './action-error';
import { useDraft } from './drafts';

export const SHELVE_DURATIONS = [
  { ms: 15 * 60_000, label: '15 minutes' },
  { ms: 60 * 60_000, label: '1 hour' },
  { ms: 4 * 3600_000, label: '4 hours' },
  { ms: 8 * 3600_000, label: '8 hours (a shift)' },
  { ms: 24 * 3600_000, label: '24 hours' },
] as const;

export function ShelveForm({ alarm, onDone: close }: { alarm: Alarm; onDone(): void }) {
  const client = useClient();
  const applyAlarm = useAppStore((s) => s.applyAlarm);
  const [reason, setReason, clearReason] = useDraft(`shelve.${alarm.id}`);
  const [duration, setDuration] = useState<number>(SHELVE_DURATIONS[1].ms);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const id = useId();
  // Shelved or given up: the draft (alarms/drafts.ts, it outlives a re-created row) has served.
  const onDone = () => {
    clearReason();
    close();
  };

  useEffect(() => reasonRef.current?.focus(), []);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (!reason.trim()) {
      setFailure({ code: 'BAD_REQUEST', message: 'Say why the alarm is shelved.' });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      applyAlarm(
        await client.request('alarms.shelve', { id: alarm.id, reason: reason.trim(), until: Date.now() + duration }),
      );
      onDone();
    } catch (err) {
      setFailure(describeActionError(err, 'shelve'));
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    }
  };

  return (
    <form
      className="ack-form"
      onSubmit={submit}
      onKeyDown={onKeyDown}
      data-testid="shelve-form"
      aria-label={`Shelve alarm ${alarm.id}`}
    >
      <label htmlFor={`${id}-reason`}>Reason (required)</label>
      <input
        id={`${id}-reason`}
        ref={reasonRef}
        data-testid="shelve-reason"
        value={reason}
        maxLength={2000}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Why it may stay silent"
      />
      <label htmlFor={`${id}-for`}>For</label>
      <select
        id={`${id}-for`}
        data-testid="shelve-duration"
        value={duration}
        onChange={(e) => setDuration(Number(e.target.value))}
      >
        {SHELVE_DURATIONS.map((d) => (
          <option key={d.ms} value={d.ms}>
            {d.label}
          </option>
        ))}
      </select>
      <div className="ack-actions">
        <button type="submit" className="button primary" data-testid="shelve-confirm" disabled={busy}>
          {busy ? 'Shelving…' : 'Shelve'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {failure && (
        <p className="ack-error" role="alert" data-testid="shelve-error" data-code={failure.code}>
          {failure.message}
        </p>
      )}
    </form>
  );
}
