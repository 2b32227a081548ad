// One dead letter: when it arrived, from where, why it was refused, its size and how often it
// was re-queued in vain. Expanding it shows the payload's first bytes as received. After a
// re-queue that rejected it again, the reason shown is the new one, marked as such.
import { memo } from 'react';
import type { DeadLetter } from '../../../../shared/domain';
import { formatLocalTime } from '../../components/format';
import { formatBytes } from '../../components/rate-format';
import { useDisplayPrefs } from '../../store/display-prefs';
import { ChevronIcon } from '../../components/icons';

export const DEAD_LETTER_COLUMNS = 8;

/** How the engine writes a byte that is not UTF-8 in a preview. */
const NOT_UTF8 = /\\x[0-9a-f]{2}/;

interface DeadLetterRowProps {
  letter: DeadLetter;
  selected: boolean;
  expanded: boolean;
  /** Set after a re-queue rejected this row again: the engine's reason (null: none given). */
  rejection: string | null | undefined;
  onToggleSelect(id: number): void;
  onToggleExpand(id: number): void;
}

export const DeadLetterRow = memo(function DeadLetterRow({
  letter,
  selected,
  expanded,
  rejection,
  onToggleSelect,
  onToggleExpand,
}: DeadLetterRowProps) {
  useDisplayPrefs(); // its times redraw when the clock setting changes
  const rawId = `dl-raw-${letter.id}`;
  return (
    <>
      <tr
        className="dl-row"
        data-testid="dl-row"
        data-id={letter.id}
        data-source={letter.source}
        data-truncated={letter.truncated || undefined}
        data-selected={selected || undefined}
      >
        <td className="dl-check">
          <input
            type="checkbox"
            data-testid="dl-select"
            checked={selected}
            onChange={() => onToggleSelect(letter.id)}
            aria-label={
              letter.truncated
                ? `Select dead letter ${letter.id} (truncated: can be discarded, not re-queued)`
                : `Select dead letter ${letter.id}`
            }
          />
        </td>
        <td className="dl-expand-cell">
          <button
            type="button"
            className="dl-expand"
            data-testid="dl-expand"
            aria-expanded={expanded}
            aria-controls={expanded ? rawId : undefined}
            aria-label={expanded ? 'Hide the payload' : 'Show the payload'}
            onClick={() => onToggleExpand(letter.id)}
          >
            <ChevronIcon open={expanded} />
          </button>
        </td>
        <td className="dl-time">
          <time dateTime={new Date(letter.at).toISOString()}>{formatLocalTime(letter.at)}</time>
        </td>
        <td>{letter.source}</td>
        <td className="dl-origin">{letter.origin}</td>
        <td className="dl-reason">
          {rejection === undefined ? (
            <span data-testid="dl-reason">{letter.reason}</span>
          ) : (
            <div className="dl-result" data-testid="dl-result" data-ok="false" role="status">
              <span data-testid="dl-reason">{rejection ?? letter.reason}</span>
              <span className="dl-result-tag">Rejected again on re-queue · attempt {letter.attempts}</span>
            </div>
          )}
        </td>
        <td className="num">
          {formatBytes(letter.size)}
          {letter.truncated && <div className="badge dl-truncated-badge">truncated</div>}
        </td>
        <td
          className="num"
          data-testid="dl-attempts"
          title={letter.retriedAt !== null ? `Last re-queued at ${formatLocalTime(letter.retriedAt)}` : undefined}
        >
          {letter.attempts}
        </td>
      </tr>
      {expanded && (
        <tr className="dl-raw-row">
          <td colSpan={DEAD_LETTER_COLUMNS}>
            {letter.truncated && (
              <p className="dl-truncated" data-testid="dl-truncated">
                truncated — cannot be re-queued
              </p>
            )}
            <pre className="dl-raw" id={rawId} data-testid="dl-raw" tabIndex={0}>
              {letter.raw}
            </pre>
            <p className="dl-raw-meta">
              {formatBytes(letter.size)} received on <span className="dl-origin">{letter.origin}</span>
              {NOT_UTF8.test(letter.raw) && '; bytes that are not UTF-8 are shown as \\xNN'}.
            </p>
          </td>
        </tr>
      )}
    </>
  );
});
