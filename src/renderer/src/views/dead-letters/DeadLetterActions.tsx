// What can be done with the selected dead letters: select all shown, re-queue them (truncated
// ones are left out, and the button says how many go), discard them after an inline
// confirmation (it cannot be undone), and refresh the list by hand.
import { useState, type KeyboardEvent } from 'react';
import type { DeadLetter } from '../../../../shared/domain';
import { formatLocalTime } from '../../components/format';
import { discardIds, requeuePlan, selectAllState, type Selection } from './dead-letter-selection';

export type Busy = 'requeue' | 'discard' | null;

interface DeadLetterActionsProps {
  shown: readonly DeadLetter[];
  selected: Selection;
  busy: Busy;
  loadedAt: number | null;
  onToggleAll(): void;
  onRequeue(): void;
  onDiscard(): void;
  onRefresh(): void;
}

export function DeadLetterActions(props: DeadLetterActionsProps) {
  const { shown, selected, busy, loadedAt } = props;
  const [confirming, setConfirming] = useState(false);
  const all = selectAllState(selected, shown);
  const plan = requeuePlan(selected, shown);
  const discard = discardIds(selected, shown).length;
  const askConfirm = confirming && discard > 0;

  const confirm = () => {
    setConfirming(false);
    props.onDiscard();
  };
  const onConfirmKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    setConfirming(false);
  };

  return (
    <div className="dl-actions">
      <label className="dl-select-all">
        <input
          type="checkbox"
          data-testid="dl-select-all"
          checked={all === 'all'}
          disabled={shown.length === 0}
          ref={(el) => {
            if (el) el.indeterminate = all === 'some';
          }}
          onChange={props.onToggleAll}
        />
        Select all shown
      </label>
      <span className="dl-selected-count" data-testid="dl-selected-count">
        {discard} selected
      </span>
      <button
        type="button"
        className="button primary"
        data-testid="dl-requeue"
        disabled={busy !== null || plan.ids.length === 0}
        onClick={props.onRequeue}
        title={plan.skipped > 0 ? `${plan.skipped} truncated selected: they cannot be re-queued` : undefined}
      >
        {busy === 'requeue' ? 'Re-queueing…' : `Re-queue selected (${plan.ids.length})`}
      </button>
      {askConfirm ? (
        <span className="dl-confirm" role="group" aria-label="Confirm discard" onKeyDown={onConfirmKey}>
          <span>
            Discard {discard} dead {discard === 1 ? 'letter' : 'letters'} for good?
          </span>
          <button
            type="button"
            className="button danger"
            data-testid="dl-discard-confirm"
            autoFocus
            disabled={busy !== null}
            onClick={confirm}
          >
            Discard {discard}
          </button>
          <button type="button" className="button" data-testid="dl-discard-cancel" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="dl-discard"
          disabled={busy !== null || discard === 0}
          onClick={() => setConfirming(true)}
        >
          {busy === 'discard' ? 'Discarding…' : `Discard selected (${discard})`}
        </button>
      )}
      <span className="header-spacer" />
      {loadedAt !== null && <span className="dl-loaded-at">Updated {formatLocalTime(loadedAt)}</span>}
      <button type="button" className="button" data-testid="dl-refresh" onClick={props.onRefresh}>
        Refresh
      </button>
    </div>
  );
}
