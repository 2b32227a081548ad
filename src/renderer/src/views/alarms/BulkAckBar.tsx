// Acknowledging several alarms at once with one comment; each succeeds or fails on its own,
// and the ones that failed stay selected with the reason. Only alarms the user may acknowledge
// can be selected for it (AlarmsView); a role below operator sees the button disabled with why.
import { useState, type FormEvent } from 'react';
import { useClient } from '../../app/engine-context';
import { useAppStore } from '../../store/app-store';
import { describeActionError } from './action-error';

interface Props {
  ids: readonly number[];
  /** Why this user may not acknowledge at all; undefined when they may. */
  refusal?: string;
  onDone(stillSelected: number[]): void;
  onSelectAllUnacknowledged(): void;
}

export function BulkAckBar({ ids, refusal, onDone, onSelectAllUnacknowledged }: Props) {
  const client = useClient();
  const applyAlarm = useAppStore((s) => s.applyAlarm);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || ids.length === 0) return;
    setBusy(true);
    setMessage(null);
    try {
      const text = comment.trim();
      const results = await client.request(
        'alarms.acknowledgeMany',
        text ? { ids: [...ids], comment: text } : { ids: [...ids] },
      );
      for (const r of results) if (r.alarm) applyAlarm(r.alarm);
      const failed = results.filter((r) => !r.ok);
      setMessage(
        failed.length === 0
          ? `Acknowledged ${results.length}.`
          : `Acknowledged ${results.length - failed.length}; ${failed.length} could not be: ${failed[0]!.message}`,
      );
      setComment('');
      onDone(failed.map((r) => r.id));
    } catch (err) {
      setMessage(describeActionError(err, 'acknowledge').message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="bulk-bar" onSubmit={submit} data-testid="bulk-bar">
      <button type="button" className="button" data-testid="select-unacked" onClick={onSelectAllUnacknowledged}>
        Select all unacknowledged
      </button>
      <span data-testid="bulk-count">{ids.length} selected</span>
      <input
        data-testid="bulk-comment"
        aria-label="Comment for the selected alarms"
        placeholder="Comment (optional)"
        value={comment}
        maxLength={2000}
        onChange={(e) => setComment(e.target.value)}
      />
      <button
        type="submit"
        className="button primary"
        data-testid="bulk-ack"
        disabled={busy || ids.length === 0 || refusal !== undefined}
        title={refusal}
      >
        Acknowledge selected
      </button>
      {message && (
        <span role="status" data-testid="bulk-result">
          {message}
        </span>
      )}
    </form>
  );
}
