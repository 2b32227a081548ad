// One label in full: its fields, its history (who changed what, before → after), an edit form
// that names the revision it was made against, delete and restore, and the chart at the label.
// An edit is made against the revision the label had when Edit was pressed, even if the label
// changes on screen meanwhile (the live stream): the engine then answers CONFLICT, the label is
// read again, and the draft becomes the expert's own changes laid over the label as it is now
// (rebaseDraft) — saving again neither loses their edit nor silently undoes the other one.
import { useCallback, useEffect, useState } from 'react';
import {
  VERDICT_TITLES,
  Verdict,
  type Annotation,
  type AnnotationChange,
} from '../../../../shared/contract/annotations';
import { useClient } from '../../app/engine-context';
import { formatLocalTime } from '../../components/format';
import { CloseIcon } from '../../components/icons';
import { useAppStore } from '../../store/app-store';
import { changedFields, draftOf, rebaseDraft, updateFor, type LabelDraft } from './label-history';
import { rangeText } from './LabelTable';
import { describeReviewError, isConflict, type ReviewAction } from './review-error';
import { chartTimeFor } from './review-queue';

interface LabelDetailsProps {
  id: string;
  causes: readonly string[];
  /** A label seen changed (by the live stream): the details follow it. */
  seen: Annotation | undefined;
  onChanged(label: Annotation): void;
  onClose(): void;
}

const TARGET_TEXT = (a: Annotation): string =>
  a.target.type === 'alarm'
    ? `alarm #${a.target.alarmId}`
    : a.target.type === 'anomaly'
      ? `anomaly (${a.target.detector}, ${a.target.kind}) at ${formatLocalTime(a.target.ts)}`
      : 'a time range';

export function LabelDetails({ id, causes, seen, onChanged, onClose }: LabelDetailsProps) {
  const client = useClient();
  const openDevice = useAppStore((s) => s.openDevice);
  const [label, setLabel] = useState<Annotation | null>(null);
  const [history, setHistory] = useState<readonly AnnotationChange[]>([]);
  // The draft, and the label as it was when the edit began: the edit is made against its revision.
  const [edit, setEdit] = useState<{ base: Annotation; draft: LabelDraft } | null>(null);
  const draft = edit?.draft ?? null;
  const setDraft = (next: LabelDraft | null) => setEdit(next && edit ? { base: edit.base, draft: next } : null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const load = useCallback(
    () =>
      client.request('annotations.get', { id }).then(({ annotation, history }) => {
        setLabel(annotation);
        setHistory(history);
        return annotation;
      }),
    [client, id],
  );

  // The panel is keyed by the label's id: a new label is a new panel, nothing to reset here.
  useEffect(() => {
    load().catch((err: unknown) => setMessage({ error: true, text: describeReviewError(err, 'load') }));
  }, [load]);

  // Someone else changed it while it is open: show the new state and its history.
  const seenRevision = seen?.revision;
  useEffect(() => {
    if (seenRevision !== undefined && label && seenRevision > label.revision) void load().catch(() => undefined);
  }, [seenRevision, label, load]);

  const act = (action: ReviewAction, call: () => Promise<Annotation>, done: string) => {
    setBusy(true);
    setMessage(null);
    call().then(
      (next) => {
        setBusy(false);
        setEdit(null);
        setMessage({ error: false, text: done });
        onChanged(next);
        void load().catch(() => undefined);
      },
      (err: unknown) => {
        setBusy(false);
        setMessage({ error: true, text: describeReviewError(err, action) });
        if (isConflict(err))
          void load().then(
            (current) => setEdit((e) => e && { base: current, draft: rebaseDraft(e.base, e.draft, current) }),
            () => undefined,
          );
      },
    );
  };

  if (!label)
    return (
      <aside className="review-details" data-testid="label-details" aria-label="Label">
        <p className={message?.error ? 'review-error' : 'review-notice'}>{message?.text ?? 'Loading the label…'}</p>
        <button type="button" className="button small" onClick={onClose}>
          Close
        </button>
      </aside>
    );

  const save = () => {
    if (!edit) return;
    const update = updateFor(edit.base, edit.draft);
    if (update === null) {
      setEdit(null);
      return;
    }
    if ('error' in update) {
      setMessage({ error: true, text: update.error });
      return;
    }
    act('save', () => client.request('annotations.update', update.params), 'Saved.');
  };
  const revision = { id: label.id, revision: label.revision };
  const causeChoices = label.cause && !causes.includes(label.cause) ? [label.cause, ...causes] : causes;

  return (
    <aside className="review-details" data-testid="label-details" aria-label="Label">
      <header className="review-details-head">
        <h2>
          <span className={`badge verdict-${label.verdict}`}>{VERDICT_TITLES[label.verdict]}</span> {label.deviceId}/
          {label.signal}
          {label.deleted && <span className="review-deleted"> (deleted)</span>}
        </h2>
        <button type="button" className="button small" onClick={onClose} aria-label="Close the label">
          <CloseIcon />
        </button>
      </header>
      <dl className="review-fields">
        <dt>Time</dt>
        <dd>{rangeText(label.from, label.to)}</dd>
        <dt>Cause</dt>
        <dd>{label.cause ?? '—'}</dd>
        <dt>Text</dt>
        <dd className="review-text">{label.text || '—'}</dd>
        <dt>Made on</dt>
        <dd>{TARGET_TEXT(label)}</dd>
        <dt>Author</dt>
        <dd>
          {label.author}, {formatLocalTime(label.createdAt)}
        </dd>
        <dt>Revision</dt>
        <dd data-testid="label-revision">
          {label.revision}, last by {label.updatedBy} at {formatLocalTime(label.updatedAt)}
        </dd>
        {label.corrections > 0 && (
          <>
            <dt>Corrections</dt>
            <dd>{label.corrections} corrected values</dd>
          </>
        )}
      </dl>

      <div className="review-bar">
        <button
          type="button"
          className="button small"
          onClick={() => openDevice(label.deviceId, chartTimeFor(label.from, label.to))}
          data-testid="label-open-chart"
        >
          Open chart
        </button>
        {!label.deleted && !draft && (
          <button
            type="button"
            className="button small"
            onClick={() => setEdit({ base: label, draft: draftOf(label) })}
            data-testid="label-edit"
          >
            Edit
          </button>
        )}
        {label.deleted ? (
          <button
            type="button"
            className="button small"
            disabled={busy}
            data-testid="label-restore"
            onClick={() => act('restore', () => client.request('annotations.restore', revision), 'Restored.')}
          >
            Restore
          </button>
        ) : (
          <button
            type="button"
            className="button small"
            disabled={busy}
            data-testid="label-delete"
            onClick={() => act('delete', () => client.request('annotations.delete', revision), 'Deleted (restorable).')}
          >
            Delete
          </button>
        )}
      </div>

      {message && (
        <p
          className={message.error ? 'review-error' : 'review-notice'}
          role={message.error ? 'alert' : 'status'}
          data-testid="label-message"
        >
          {message.text}
        </p>
      )}

      {draft && (
        <form
          className="review-edit"
          data-testid="label-edit-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <label className="review-field">
            <span>Verdict</span>
            <select
              value={draft.verdict}
              data-testid="edit-verdict"
              onChange={(e) => setDraft({ ...draft, verdict: Verdict.parse(e.target.value) })}
            >
              {Verdict.options.map((v) => (
                <option key={v} value={v}>
                  {VERDICT_TITLES[v]}
                </option>
              ))}
            </select>
          </label>
          <label className="review-field">
            <span>Cause</span>
            <select value={draft.cause} onChange={(e) => setDraft({ ...draft, cause: e.target.value })}>
              <option value="">No cause</option>
              {causeChoices.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="review-field">
            <span>From</span>
            <input
              type="datetime-local"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label className="review-field">
            <span>To</span>
            <input
              type="datetime-local"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <label className="review-field review-field-full">
            <span>Text</span>
            <textarea
              value={draft.text}
              rows={3}
              maxLength={4000}
              data-testid="edit-text"
              onChange={(e) => setDraft({ ...draft, text: e.target.value })}
            />
          </label>
          <div className="review-bar">
            <button type="submit" className="button primary small" disabled={busy} data-testid="edit-save">
              Save (revision {edit?.base.revision})
            </button>
            <button type="button" className="button small" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}

      <h3>History</h3>
      <ol className="review-history" data-testid="label-history" reversed>
        {[...history].reverse().map((change) => (
          <li key={change.revision} data-testid="history-entry" data-action={change.action}>
            <div className="review-history-head">
              <strong>{change.action}</strong> by {change.by}, {formatLocalTime(change.at)} · revision {change.revision}
            </div>
            {change.note && <div className="review-history-note">{change.note}</div>}
            <ul>
              {changedFields(change.before, change.after).map((c) => (
                <li key={c.field}>
                  <span className="review-history-field">{c.field}</span>: <del>{c.before}</del> → <ins>{c.after}</ins>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </aside>
  );
}
