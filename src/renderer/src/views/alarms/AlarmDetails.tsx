// One alarm in full: what it is, its shelve and closing details, every journal entry (who,
// when, what, the comment), and the actions its state allows — unshelve, resolve (comment
// required), out of service and back. Reloads when the alarm changes. Beside the journal, a tab
// with the assistant (its report on the alarm and questions about it), loaded on first use.
// Its labels, and "Label this alarm", sit above the tabs (labels/AlarmLabels.tsx). An action the
// signed-in user may not take (role, areas, a locked screen) is disabled with the reason.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AlarmWithJournal } from '../../../../shared/contract';
import type { Alarm } from '../../../../shared/domain';
import { useClient } from '../../app/engine-context';
import { formatLocalTime, formatValue } from '../../components/format';
import { AreaLink, SignalLink } from '../../components/RouteLinks';
import { formatLimit, KIND_LABEL, STATE_LABEL } from '../../store/alarm-queue';
import { useAppStore } from '../../store/app-store';
import { useCanFn } from '../../auth/can';
import { AlarmLabels } from '../../labels/AlarmLabels';
import { LazyAssistantPanel } from '../assistant/LazyAssistantPanel';
import { describeActionError, type ActionFailure } from './action-error';
import './alarm-details.css';

/** What the lower part of the details shows. */
export type DetailsTab = 'journal' | 'assistant';

type Action = 'resolve' | 'removeFromService' | 'returnToService' | 'unshelve';

const ACTION_LABEL: Record<Action, string> = {
  resolve: 'Resolve',
  removeFromService: 'Take out of service',
  returnToService: 'Return to service',
  unshelve: 'Unshelve',
};

function actionsFor(alarm: Alarm): Action[] {
  switch (alarm.state) {
    case 'normal':
      return [];
    case 'out_of_service':
      return ['returnToService'];
    case 'shelved':
      return ['unshelve', 'resolve', 'removeFromService'];
    default:
      return ['resolve', 'removeFromService'];
  }
}

const NEEDS_COMMENT: readonly Action[] = ['resolve', 'removeFromService'];

const METHOD = {
  resolve: 'alarms.resolve',
  removeFromService: 'alarms.removeFromService',
  returnToService: 'alarms.returnToService',
  unshelve: 'alarms.unshelve',
} as const satisfies Record<Action, string>;

export function AlarmDetails({
  alarmId,
  live,
  onClose,
  tab = 'journal',
  onTab,
  focusRequest,
  onAlarm,
}: {
  alarmId: number;
  live: Alarm | undefined;
  onClose(): void;
  tab?: DetailsTab;
  onTab?: (tab: DetailsTab) => void;
  /** Changes when the assistant should take the focus (the queue's E key). */
  focusRequest?: number;
  /** Opens another alarm's details (a report's passage about a past alarm). */
  onAlarm?: (alarmId: number) => void;
}) {
  const client = useClient();
  const applyAlarm = useAppStore((s) => s.applyAlarm);
  const [data, setData] = useState<AlarmWithJournal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const can = useCanFn();

  useEffect(() => {
    let current = true;
    client.request('alarms.get', { id: alarmId }).then(
      (d) => current && (setData(d), setError(null)),
      (err: unknown) => current && setError(describeActionError(err, 'load').message),
    );
    return () => {
      current = false;
    };
  }, [client, alarmId, live]);

  const act = async (action: Action, event?: FormEvent) => {
    event?.preventDefault();
    const text = comment.trim();
    const verdict = can(METHOD[action], data?.alarm.area);
    if (!verdict.ok) {
      setFailure({ code: 'FORBIDDEN', message: verdict.reason });
      return;
    }
    if (NEEDS_COMMENT.includes(action) && !text) {
      setFailure({ code: 'BAD_REQUEST', message: `${ACTION_LABEL[action]} needs a comment: say why.` });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const params = text ? { id: alarmId, comment: text } : { id: alarmId };
      const updated =
        action === 'resolve'
          ? await client.request('alarms.resolve', { id: alarmId, comment: text })
          : action === 'removeFromService'
            ? await client.request('alarms.removeFromService', { id: alarmId, comment: text })
            : action === 'returnToService'
              ? await client.request('alarms.returnToService', params)
              : await client.request('alarms.unshelve', params);
      applyAlarm(updated);
      setComment('');
      setData(await client.request('alarms.get', { id: alarmId }));
    } catch (err) {
      setFailure(describeActionError(err, ACTION_LABEL[action].toLowerCase()));
    } finally {
      setBusy(false);
    }
  };

  // Below the queue on a narrow screen (alarm-details.css), the details would open out of sight:
  // brought into view once loaded (before, the short panel cannot reach the top).
  const box = useRef<HTMLElement>(null);
  const loaded = data?.alarm.id === alarmId;
  useEffect(() => {
    if (loaded && matchMedia('(max-width: 900px)').matches) box.current?.scrollIntoView({ block: 'start' });
  }, [alarmId, loaded]);

  const alarm = data?.alarm;
  return (
    <aside
      ref={box}
      className="alarm-details"
      data-testid="alarm-details"
      data-alarm-id={alarmId}
      aria-label={`Alarm ${alarmId}`}
    >
      <header className="alarm-details-head">
        <h2>
          {alarm ? (
            <>
              {alarm.deviceId} · <SignalLink deviceId={alarm.deviceId} signal={alarm.signal} at={alarm.raisedAt} /> ·{' '}
              {KIND_LABEL[alarm.kind]}
            </>
          ) : (
            `Alarm ${alarmId}`
          )}
        </h2>
        <button type="button" className="button" data-testid="details-close" onClick={onClose}>
          Close
        </button>
      </header>
      {error && (
        <p className="ack-error" role="alert">
          {error}
        </p>
      )}
      {alarm && (
        <>
          <dl className="alarm-facts">
            <dt>State</dt>
            <dd data-testid="details-state">{STATE_LABEL[alarm.state]}</dd>
            <dt>Priority</dt>
            <dd>{alarm.priority}</dd>
            <dt>Area</dt>
            <dd>
              <AreaLink area={alarm.area} />
            </dd>
            <dt>Value / limit</dt>
            <dd>
              {formatValue(alarm.value)} ({formatLimit(alarm)})
            </dd>
            {alarm.message && (
              <>
                <dt>Detection</dt>
                <dd>{alarm.message}</dd>
              </>
            )}
            <dt>Raised</dt>
            <dd>{formatLocalTime(alarm.raisedAt)}</dd>
            <dt>Occurrences</dt>
            <dd>
              {alarm.count} (last {formatLocalTime(alarm.lastAt)}){alarm.chattering && ' · chattering'}
            </dd>
            {alarm.shelvedUntil !== null && (
              <>
                <dt>Shelved</dt>
                <dd data-testid="details-shelve">
                  until {formatLocalTime(alarm.shelvedUntil)} by {alarm.shelvedBy}: {alarm.shelveReason}
                </dd>
              </>
            )}
            {alarm.closedAt !== null && (
              <>
                <dt>Closed</dt>
                <dd>
                  {formatLocalTime(alarm.closedAt)} by {alarm.closedBy}
                  {alarm.closeComment && <q className="alarm-ack-comment">{alarm.closeComment}</q>}
                </dd>
              </>
            )}
          </dl>
          {actionsFor(alarm).length > 0 && (
            <form className="alarm-actions" onSubmit={(e) => void act(actionsFor(alarm)[0]!, e)}>
              <label>
                Comment
                <input
                  data-testid="details-comment"
                  value={comment}
                  maxLength={2000}
                  onChange={(e) => setComment(e.target.value)}
                  placeholder="Required to resolve or take out of service"
                />
              </label>
              <div className="ack-actions">
                {actionsFor(alarm).map((a) => (
                  <button
                    key={a}
                    type="button"
                    className="button"
                    data-testid={`details-${a}`}
                    disabled={busy || !can(METHOD[a], alarm.area).ok}
                    title={can(METHOD[a], alarm.area).reason}
                    onClick={() => void act(a)}
                  >
                    {ACTION_LABEL[a]}
                  </button>
                ))}
              </div>
              {failure && (
                <p className="ack-error" role="alert" data-testid="details-error" data-code={failure.code}>
                  {failure.message}
                </p>
              )}
            </form>
          )}
          <AlarmLabels alarm={alarm} />
          <div className="details-tabs" role="tablist" aria-label="Journal and assistant">
            {(['journal', 'assistant'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`details-tab-${t}`}
                className="details-tab"
                aria-selected={tab === t}
                aria-controls={`details-panel-${t}`}
                onClick={() => onTab?.(t)}
                data-testid={`details-tab-${t}`}
              >
                {t === 'journal' ? 'Journal' : 'Assistant'}
              </button>
            ))}
          </div>
          {tab === 'journal' ? (
            <div id="details-panel-journal" role="tabpanel" aria-labelledby="details-tab-journal">
              <table className="journal-table" data-testid="alarm-journal">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">State</th>
                    <th scope="col">Who</th>
                    <th scope="col">Comment</th>
                  </tr>
                </thead>
                <tbody>
                  {data.journal.map((j, i) => (
                    <tr key={i} data-testid="journal-entry" data-event={j.event}>
                      <td>{formatLocalTime(j.at)}</td>
                      <td>{j.event.replace(/_/g, ' ')}</td>
                      <td>{j.from === j.to ? STATE_LABEL[j.to] : `${STATE_LABEL[j.from]} → ${STATE_LABEL[j.to]}`}</td>
                      <td>{j.by ?? ''}</td>
                      <td>{j.comment ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <div id="details-panel-assistant" role="tabpanel" aria-labelledby="details-tab-assistant">
              <LazyAssistantPanel key={alarmId} alarmId={alarmId} focusRequest={focusRequest} onAlarm={onAlarm} />
            </div>
          )}
        </>
      )}
    </aside>
  );
}
