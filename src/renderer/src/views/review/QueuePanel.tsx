// The review queue: closed alarms and anomalies of the last 1, 7 or 30 days that nobody has
// labelled, newest first, one row selected. A key gives the selected row its verdict and moves
// on — no dialog per item, so an expert clears fifty in a few minutes. The cause and the note
// are chosen before (the cause stays for the next rows, the note goes with the next label
// only). Buttons do the same as the keys for a mouse or a touch screen.
import { useState } from 'react';
import { VERDICT_KEYS, VERDICT_TITLES, Verdict, type ReviewItem } from '../../../../shared/contract/annotations';
import { formatCount, formatLocalTime } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { DeviceOptions } from './DeviceOptions';
import { chartTimeFor, moveSelection, queueCounts, select, statusOf, visibleRows } from './review-queue';
import { useReviewKeys } from './use-review-keys';
import { queueSession, useReviewQueue } from './use-review-queue';

const DAYS = [1, 7, 30] as const;

interface QueuePanelProps {
  causes: readonly string[];
  /** On screen: its keys work. */
  active: boolean;
}

function blurAfterChoice(target: HTMLElement) {
  // Back to the keys: a select keeps the digits for its own type-ahead while it has the focus.
  target.blur();
}

export function QueuePanel({ causes, active }: QueuePanelProps) {
  const openDevice = useAppStore((s) => s.openDevice);
  const showSettings = useAppStore((s) => s.showSettings);
  const [days, setDaysState] = useState(queueSession.days);
  const [deviceId, setDeviceState] = useState(queueSession.deviceId);
  const [chosenCause, setCauseState] = useState(queueSession.cause);
  // A cause since taken off the site's list is no longer offered, nor given.
  const cause = chosenCause !== null && causes.includes(chosenCause) ? chosenCause : null;
  const setDays = (d: number) => setDaysState((queueSession.days = d));
  const setDeviceId = (d: string | null) => setDeviceState((queueSession.deviceId = d));
  const setCause = (c: string | null) => setCauseState((queueSession.cause = c));
  const [note, setNote] = useState('');
  const queue = useReviewQueue({ days, deviceId });
  const { model } = queue;
  const rows = visibleRows(model);
  const selected = rows.find((r) => r.key === model.selected) ?? null;
  const counts = queueCounts(model);

  const give = (verdict: Verdict, item: ReviewItem | null = selected) => {
    if (!item) return;
    queue.label(item, verdict, cause, note.trim());
    setNote('');
  };
  const open = (item: ReviewItem | null = selected) => {
    if (item) openDevice(item.deviceId, chartTimeFor(item.from, item.to));
  };

  useReviewKeys(active, {
    verdict: (v) => give(v),
    move: (step) => queue.setModel((m) => moveSelection(m, step)),
    open: () => open(),
    undo: queue.undo,
  });

  return (
    <div className="review-queue" data-testid="review-queue">
      <div className="review-bar">
        <label className="review-field">
          <span>Last</span>
          <select
            value={days}
            data-testid="queue-days"
            onChange={(e) => {
              setDays(Number(e.target.value));
              blurAfterChoice(e.currentTarget);
            }}
          >
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? '24 hours' : `${d} days`}
              </option>
            ))}
          </select>
        </label>
        <label className="review-field">
          <span>Device</span>
          <select
            value={deviceId ?? ''}
            data-testid="queue-device"
            onChange={(e) => {
              setDeviceId(e.target.value || null);
              blurAfterChoice(e.currentTarget);
            }}
          >
            <DeviceOptions />
          </select>
        </label>
        <label className="review-field">
          <span>Cause</span>
          <select
            value={cause ?? ''}
            data-testid="queue-cause"
            onChange={(e) => {
              setCause(e.target.value || null);
              blurAfterChoice(e.currentTarget);
            }}
          >
            <option value="">No cause</option>
            {causes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button small"
          data-testid="queue-edit-causes"
          title="Settings → Review: the site's list of causes"
          onClick={() => showSettings('review')}
        >
          Edit causes…
        </button>
        <label className="review-field review-note">
          <span>Note</span>
          <input
            type="text"
            value={note}
            maxLength={4000}
            placeholder="next label only · Esc: back to keys"
            data-testid="queue-note"
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                e.currentTarget.blur();
              }
            }}
          />
        </label>
        <span className="header-spacer" />
        <span className="review-counter" data-testid="queue-counter" aria-live="polite">
          cleared {formatCount(counts.cleared)} · {formatCount(counts.left)} left
        </span>
        <button type="button" className="button small" onClick={queue.reload} disabled={queue.loading}>
          Refresh
        </button>
      </div>

      <div className="review-verdicts" role="toolbar" aria-label="Verdict for the selected item">
        {Verdict.options.map((v) => (
          <button
            key={v}
            type="button"
            className={`button small verdict-button verdict-${v}`}
            disabled={!selected}
            data-testid={`queue-verdict-${v}`}
            onClick={() => give(v)}
          >
            <kbd>{VERDICT_KEYS[v]}</kbd> {VERDICT_TITLES[v]}
          </button>
        ))}
        <span className="review-keys-hint">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> chart · <kbd>u</kbd> undo
        </span>
      </div>

      {queue.loadError && (
        <p className="review-error" role="alert" data-testid="queue-error">
          {queue.loadError}
        </p>
      )}
      {queue.notice && (
        <p className="review-notice" role="status" data-testid="queue-notice">
          {queue.notice}
        </p>
      )}

      {rows.length === 0 && queue.loadError ? null : rows.length === 0 ? (
        <p className="view-empty review-empty" data-testid="queue-empty">
          {queue.loading
            ? 'Loading the queue…'
            : 'Nothing left to review: every closed alarm and anomaly of this period has a label.'}
        </p>
      ) : (
        <div className="review-table-wrap">
          <table className="review-table" data-testid="queue-table" aria-label="Unlabelled events">
            <thead>
              <tr>
                <th>When</th>
                <th>Device / signal</th>
                <th className="review-col-optional">What</th>
                <th className="review-col-wide">Message</th>
                <th className="review-col-optional">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => {
                const status = statusOf(model, item.key);
                const isSelected = item.key === model.selected;
                return (
                  <tr
                    key={item.key}
                    aria-selected={isSelected}
                    className={isSelected ? 'selected' : undefined}
                    data-testid="queue-row"
                    data-key={item.key}
                    onClick={() => queue.setModel((m) => select(m, item.key))}
                    ref={isSelected ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
                  >
                    <td className="num">{formatLocalTime(item.from)}</td>
                    <td>
                      {item.deviceId}
                      <span className="review-signal">/{item.signal || '*'}</span>
                    </td>
                    <td className="review-col-optional">
                      <span className={`badge review-source-${item.source}`}>{item.source}</span> {item.kind}
                      {item.priority && <span className="review-priority"> · {item.priority}</span>}
                    </td>
                    <td className="review-col-wide">
                      {item.message}
                      {status.kind === 'failed' && (
                        <span className="review-row-error" role="alert" data-testid="queue-row-error">
                          {status.error}
                        </span>
                      )}
                    </td>
                    <td className="review-col-optional">
                      <button
                        type="button"
                        className="button small"
                        onClick={(e) => {
                          e.stopPropagation();
                          open(item);
                        }}
                      >
                        Chart
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
