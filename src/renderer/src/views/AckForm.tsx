// The inline acknowledgement form: an optional comment and a confirm button. Errors are shown
// in place, next to the alarm they concern. The comment is a draft (alarms/drafts.ts): it outlives
// the form, which the queue re-creates when its grouping changes (an engine back from an outage).
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Alarm } from '../../../shared/domain';
import { useClient } from '../app/engine-context';
import { formatLocalTime } from '../components/format';
import { isUnacknowledged } from '../store/alarm-queue';
import { useAppStore } from '../store/app-store';
import { describeAckError, type AckFailure } from './ack-error';
import { useDraft } from './alarms/drafts';

interface AckFormProps {
  alarm: Alarm;
  onDone(): void;
}

const MAX_COMMENT = 2000;

export function AckForm({ alarm, onDone: close }: AckFormProps) {
  const client = useClient();
  const applyAlarm = useAppStore((s) => s.applyAlarm);
  const [comment, setComment, clearComment] = useDraft(`ack.${alarm.id}`);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AckFailure | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  // Acknowledged or given up: the draft has served.
  const onDone = () => {
    clearComment();
    close();
  };

  useEffect(() => commentRef.current?.focus(), []);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const trimmed = comment.trim();
      const updated = await client.request(
        'alarms.acknowledge',
        trimmed ? { id: alarm.id, comment: trimmed } : { id: alarm.id },
      );
      applyAlarm(updated);
      onDone();
    } catch (err) {
      setFailure(describeAckError(err));
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onDone();
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
  };

  // Someone else (another station, another operator) acknowledged it while this form was open.
  if (!busy && !isUnacknowledged(alarm)) {
    return (
      <div className="ack-form" role="status" data-testid="ack-superseded">
        <p>
          Already acknowledged{alarm.ackedBy ? ` by ${alarm.ackedBy}` : ''}
          {alarm.ackedAt !== null ? ` at ${formatLocalTime(alarm.ackedAt)}` : ''}.
        </p>
        <div className="ack-actions">
          <button type="button" className="button" onClick={onDone}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form
      className="ack-form"
      onSubmit={submit}
      onKeyDown={onKeyDown}
      data-testid="ack-form"
      aria-label={`Acknowledge alarm ${alarm.id}`}
    >
      <label htmlFor={`${id}-comment`}>Comment (optional)</label>
      <textarea
        id={`${id}-comment`}
        ref={commentRef}
        data-testid="ack-comment"
        value={comment}
        maxLength={MAX_COMMENT}
        rows={2}
        onChange={(e) => setComment(e.target.value)}
        placeholder="What you saw or did"
      />
      <div className="ack-actions">
        <button type="submit" className="button primary" data-testid="ack-confirm" disabled={busy}>
          {busy ? 'Acknowledging…' : 'Acknowledge'}
        </button>
        <button type="button" className="button" data-testid="ack-cancel" onClick={onDone}>
          Cancel
        </button>
      </div>
      {failure && (
        <p className="ack-error" role="alert" data-testid="ack-error" data-code={failure.code}>
          {failure.message}
        </p>
      )}
    </form>
  );
}
