// The one label form: six verdict buttons showing their keys (1–6), the site's causes, free
// text, "whole device", Save (Enter) and Cancel (Escape). With the focus anywhere in the form
// but a text field, a verdict key picks that verdict, so a key and Enter label a range in two
// interactions. Opened on a label it edits it (checked against the revision it was loaded at:
// on CONFLICT it says what the other person changed and offers to reapply this form's values
// over theirs), deletes it (the form stays open, so Restore undoes it) or restores it, and shows
// its history. Nothing typed is lost on an error.
//
// Every character key pressed in the form stays in it (keptInForm): the header's digits switch
// views with a window listener (use-navigation.ts), so 7 on the "whole device" box, or 9 after
// the 1–6 of a verdict, must not also leave the view with the form half filled.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Annotation, AnnotationChange } from '../../../shared/contract/annotations';
import { VERDICT_KEYS, VERDICT_TITLES } from '../../../shared/contract/annotations';
import { EngineError } from '../../../shared/errors';
import { useClient } from '../app/engine-context';
import { formatLocalTime } from '../components/format';
import {
  changesSince,
  createParams,
  draftOf,
  emptyDraft,
  keptInForm,
  labelErrorText,
  updateParams,
  VERDICTS,
  verdictForKey,
  type LabelDraft,
  type LabelSubject,
} from './label-form';
import { useCauses } from './use-labels';
import './labels.css';

const KEYLESS_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset'];

function isTyping(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !KEYLESS_INPUTS.includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export interface LabelFormProps {
  /** What a new label is made on (ignored when `existing` is given). */
  subject: LabelSubject;
  /** The label to edit. */
  existing?: Annotation;
  /** What the form is about, as a heading ("12:03 – 12:20 · temperature"). */
  title: string;
  onSaved(a: Annotation): void;
  /** A delete or restore: the label changed and the form stays open (a restore undoes a delete). */
  onChanged(a: Annotation): void;
  onCancel(): void;
}

export function LabelForm({ subject, existing, title, onSaved, onChanged, onCancel }: LabelFormProps) {
  const client = useClient();
  const causes = useCauses();
  const root = useRef<HTMLFormElement>(null);
  const [base, setBase] = useState<Annotation | undefined>(existing);
  const [draft, setDraft] = useState<LabelDraft>(() => (existing ? draftOf(existing) : emptyDraft(subject)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string[] | null>(null);
  const [history, setHistory] = useState<AnnotationChange[] | null>(null);

  useEffect(() => root.current?.focus({ preventScroll: true }), []);
  // A button disabled while a call runs (Delete, Restore) drops the focus to the page, where
  // Escape would leave the view instead of closing the form: the form takes it back.
  useEffect(() => {
    if (!busy && document.activeElement === document.body) root.current?.focus({ preventScroll: true });
  }, [busy]);

  const set = (patch: Partial<LabelDraft>) => setDraft((d) => ({ ...d, ...patch }));

  /** After a CONFLICT: the label as it is now, and what changed; the form keeps its values. */
  const onConflict = async (mine: Annotation) => {
    try {
      const now = await client.request('annotations.get', { id: mine.id });
      setConflict(changesSince(mine, now.annotation));
      setBase(now.annotation);
      setError(null);
    } catch (err) {
      setError(labelErrorText(err));
    }
  };

  const run = async (work: () => Promise<Annotation>, stayOpen = false) => {
    setBusy(true);
    try {
      const saved = await work();
      setError(null);
      setConflict(null);
      if (stayOpen) {
        setBase(saved);
        setHistory(null);
        onChanged(saved);
      } else onSaved(saved);
    } catch (err) {
      if (err instanceof EngineError && err.code === 'CONFLICT' && base) await onConflict(base);
      else setError(labelErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    if (busy) return;
    const verdict = draft.verdict;
    if (!verdict) {
      setError(`Pick a verdict first (keys ${VERDICT_KEYS['true-anomaly']}–${VERDICT_KEYS.unsure}).`);
      return;
    }
    if (base) void run(() => client.request('annotations.update', updateParams(base, draft, subject.signal)));
    else void run(() => client.request('annotations.create', createParams(subject, { ...draft, verdict })));
  };

  const remove = (restore: boolean) => {
    if (!base || busy) return;
    const params = { id: base.id, revision: base.revision };
    void run(() => client.request(restore ? 'annotations.restore' : 'annotations.delete', params), true);
  };

  const showHistory = () => {
    if (!base) return;
    if (history) return setHistory(null);
    client.request('annotations.get', { id: base.id }).then(
      (r) => setHistory(r.history),
      (err: unknown) => setError(labelErrorText(err)),
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      event.stopPropagation();
      save();
      return;
    }
    if (keptInForm(event.key)) event.stopPropagation();
    if (isTyping(event.target)) return;
    const verdict = verdictForKey(event.key);
    if (verdict) {
      event.preventDefault();
      set({ verdict });
    }
  };

  return (
    <form
      ref={root}
      className="label-form"
      data-testid="label-form"
      data-label-id={base?.id}
      tabIndex={-1}
      aria-label={title}
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="label-form-head">
        <strong>{title}</strong>
        {base && (
          <span className="label-form-by">
            by {base.author}
            {base.deleted && ' · deleted'}
          </span>
        )}
      </div>
      <div className="label-verdicts" role="radiogroup" aria-label="Verdict">
        {VERDICTS.map((v) => (
          <button
            key={v}
            type="button"
            role="radio"
            aria-checked={draft.verdict === v}
            className="label-verdict"
            data-verdict={v}
            data-testid={`verdict-${v}`}
            onClick={() => set({ verdict: v })}
          >
            <kbd>{VERDICT_KEYS[v]}</kbd> {VERDICT_TITLES[v]}
          </button>
        ))}
      </div>
      <div className="label-fields">
        <label>
          Cause
          <select
            data-testid="label-cause"
            value={draft.cause ?? ''}
            onChange={(e) => set({ cause: e.target.value || null })}
          >
            <option value="">No cause</option>
            {/* A cause since removed from the site's list stays selectable on a label that has it. */}
            {[...causes, ...(draft.cause && !causes.includes(draft.cause) ? [draft.cause] : [])].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="label-text">
          Note
          <input
            data-testid="label-text"
            value={draft.text}
            maxLength={4000}
            placeholder="What happened (optional)"
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label className="label-whole">
          <input
            type="checkbox"
            data-testid="label-whole-device"
            checked={draft.wholeDevice}
            onChange={(e) => set({ wholeDevice: e.target.checked })}
          />
          Whole device
        </label>
      </div>
      {conflict && (
        <div className="label-conflict" role="alert" data-testid="label-conflict">
          <p>Changed by someone else meanwhile:</p>
          <ul>
            {conflict.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p>Save reapplies this form over their version.</p>
        </div>
      )}
      {error && (
        <p className="label-error" role="alert" data-testid="label-error">
          {error}
        </p>
      )}
      <div className="label-actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="label-save">
          {conflict ? 'Reapply my changes' : 'Save'} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="label-cancel">
          Cancel <kbd>Esc</kbd>
        </button>
        {base && (
          <>
            <button
              type="button"
              className="button"
              // Not `disabled` while the call runs: a disabled button drops the focus to the
              // page, where an Escape pressed meanwhile would leave the view, not close the form.
              aria-disabled={busy}
              onClick={() => !busy && remove(base.deleted)}
              data-testid={base.deleted ? 'label-restore' : 'label-delete'}
            >
              {base.deleted ? 'Restore' : 'Delete'}
            </button>
            <button type="button" className="button" onClick={showHistory} data-testid="label-history-toggle">
              {history ? 'Hide history' : 'History'}
            </button>
          </>
        )}
      </div>
      {history && (
        <ol className="label-history" data-testid="label-history">
          {history.map((h) => (
            <li key={h.revision}>
              {formatLocalTime(h.at)} · {h.by} · {h.action}
              {h.after && h.before && h.after.verdict !== h.before.verdict && (
                <> · {`${VERDICT_TITLES[h.before.verdict]} → ${VERDICT_TITLES[h.after.verdict]}`}</>
              )}
              {h.note && <> · {h.note}</>}
            </li>
          ))}
        </ol>
      )}
    </form>
  );
}
