// The site's list of causes a label can name (annotations.causes / setCauses), edited as one
// cause a line; shown in Settings → Review (settings/review/ReviewTab.tsx). Problems (a repeat,
// an empty list, an over-long cause) are said per line before saving.
import { useState } from 'react';
import { DEFAULT_CAUSES } from '../../../../shared/contract/annotations';
import { useClient } from '../../app/engine-context';
import { causesText, checkCauses } from './causes-draft';
import { describeReviewError } from './review-error';

interface CausesPanelProps {
  causes: readonly string[];
  onSaved(causes: readonly string[]): void;
}

export function CausesPanel({ causes, onSaved }: CausesPanelProps) {
  const client = useClient();
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const text = draft ?? causesText(causes);
  const check = checkCauses(text);

  const save = () => {
    if (check.errors.length > 0) return;
    setBusy(true);
    setMessage(null);
    client.request('annotations.setCauses', { causes: check.causes }).then(
      (answer) => {
        setBusy(false);
        setDraft(null);
        onSaved(answer.causes);
        setMessage({ error: false, text: `Saved: ${answer.causes.length} causes.` });
      },
      (err: unknown) => {
        setBusy(false);
        setMessage({ error: true, text: describeReviewError(err, 'causes') });
      },
    );
  };

  return (
    <div className="review-causes" data-testid="review-causes">
      <p className="view-note">
        One cause a line. New labels, edits and imported files can name only causes on this list.
      </p>
      <textarea
        className="review-causes-text"
        value={text}
        rows={Math.min(Math.max(causes.length + 2, 8), 24)}
        spellCheck={false}
        aria-label="Causes, one a line"
        aria-invalid={check.errors.length > 0}
        data-testid="causes-text"
        onChange={(e) => {
          setDraft(e.target.value);
          setMessage(null);
        }}
      />
      {check.errors.length > 0 && draft !== null && (
        <ul className="field-error review-causes-errors" role="alert" data-testid="causes-errors">
          {check.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="review-bar">
        <button
          type="button"
          className="button primary small"
          disabled={busy || draft === null || check.errors.length > 0}
          data-testid="causes-save"
          onClick={save}
        >
          Save causes
        </button>
        <button type="button" className="button small" disabled={draft === null} onClick={() => setDraft(null)}>
          Discard changes
        </button>
        <button type="button" className="button small" onClick={() => setDraft(causesText(DEFAULT_CAUSES))}>
          Start from the defaults
        </button>
        {message && (
          <span className={message.error ? 'review-error' : 'review-notice'} role="status" data-testid="causes-message">
            {message.text}
          </span>
        )}
      </div>
    </div>
  );
}
