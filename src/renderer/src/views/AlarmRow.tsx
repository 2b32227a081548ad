// One alarm in the operator's queue, with its acknowledgement or shelve form opening inline
// beneath it. Unacknowledged alarms carry a marker that blinks (steady under reduced motion)
// and bold text; the keyboard-selected row is outlined; the box selects it for bulk actions.
// What the signed-in user may not do (their role, their areas, a locked screen) is disabled,
// with the reason as its tooltip (auth/can.ts).
import { memo } from 'react';
import type { Alarm, Device } from '../../../shared/domain';
import { formatLocalTime, formatValue, unitSuffix } from '../components/format';
import { AreaLink, SignalLink } from '../components/RouteLinks';
import { useDisplayPrefs } from '../store/display-prefs';
import { KIND_LABEL, STATE_LABEL, formatLimit, isUnacknowledged } from '../store/alarm-queue';
import { AckForm } from './AckForm';
import { ShelveForm } from './alarms/ShelveForm';

export const ALARM_COLUMNS = 11;

export type RowForm = 'ack' | 'shelve' | null;

interface AlarmRowProps {
  alarm: Alarm;
  device: Device | undefined;
  selected: boolean;
  checked: boolean;
  form: RowForm;
  /** Why this user may not acknowledge / shelve this alarm; undefined when they may. */
  ackRefusal?: string;
  shelveRefusal?: string;
  onSelect(id: number): void;
  onCheck(id: number): void;
  onForm(id: number, form: RowForm): void;
  onDetails(id: number): void;
}

export const AlarmRow = memo(function AlarmRow({
  alarm,
  device,
  selected,
  checked,
  form,
  ackRefusal,
  shelveRefusal,
  onSelect,
  onCheck,
  onForm,
  onDetails,
}: AlarmRowProps) {
  useDisplayPrefs(); // its times redraw when the clock setting changes
  const unack = isUnacknowledged(alarm);
  const unit = unitSuffix(device?.signals.find((s) => s.key === alarm.signal)?.unit ?? '');
  const canShelve = alarm.state !== 'out_of_service' && alarm.state !== 'shelved';

  return (
    <>
      <tr
        className={`alarm-row${unack ? ' unack' : ''}${selected ? ' selected' : ''}`}
        data-testid="alarm-row"
        data-alarm-id={alarm.id}
        data-device-id={alarm.deviceId}
        data-state={alarm.state}
        data-priority={alarm.priority}
        data-selected={selected}
        aria-selected={selected}
        onClick={() => onSelect(alarm.id)}
      >
        <td className="alarm-check">
          <input
            type="checkbox"
            data-testid="alarm-check"
            checked={checked}
            aria-label={`Select alarm ${alarm.id}`}
            onChange={() => onCheck(alarm.id)}
            onClick={(e) => e.stopPropagation()}
          />
        </td>
        <td className="alarm-marker">
          {unack && <span className="unack-marker" role="img" aria-label="Unacknowledged" />}
        </td>
        <td>
          <div className="alarm-device">{device?.name || alarm.deviceId}</div>
          <div className="alarm-device-id">
            {alarm.deviceId} · <AreaLink area={alarm.area} />
          </div>
        </td>
        <td>
          <SignalLink deviceId={alarm.deviceId} signal={alarm.signal} at={alarm.raisedAt} />
          <div className="alarm-kind">
            {KIND_LABEL[alarm.kind]}
            {alarm.chattering && (
              <span className="alarm-chattering" data-testid="alarm-chattering">
                {' '}
                · chattering
              </span>
            )}
          </div>
        </td>
        <td className="num" data-testid="alarm-value">
          {formatValue(alarm.value)}
          {unit && <span className="unit">{unit}</span>}
        </td>
        <td className="num" data-testid="alarm-limit">
          {formatLimit(alarm)}
          {unit && alarm.limit !== null && <span className="unit">{unit}</span>}
        </td>
        <td>
          <span className={`priority priority-${alarm.priority}`} data-testid="alarm-priority">
            {alarm.priority}
          </span>
        </td>
        <td>
          <time dateTime={new Date(alarm.raisedAt).toISOString()}>{formatLocalTime(alarm.raisedAt)}</time>
        </td>
        <td data-testid="alarm-state">
          {STATE_LABEL[alarm.state]}
          {alarm.ackedAt !== null && (
            <div className="alarm-ack-info" data-testid="alarm-ack-info">
              Acknowledged by {alarm.ackedBy ?? 'unknown'} at {formatLocalTime(alarm.ackedAt)}
              {alarm.ackComment && <q className="alarm-ack-comment">{alarm.ackComment}</q>}
            </div>
          )}
          {alarm.state === 'shelved' && alarm.shelvedUntil !== null && (
            <div className="alarm-ack-info" data-testid="alarm-shelve-info">
              until {formatLocalTime(alarm.shelvedUntil)} by {alarm.shelvedBy}: {alarm.shelveReason}
            </div>
          )}
        </td>
        <td className="num" data-testid="alarm-count-cell">
          {alarm.count}
        </td>
        <td className="alarm-action">
          {unack && form !== 'ack' && (
            <button
              type="button"
              className="button"
              data-testid="alarm-ack"
              aria-keyshortcuts="A"
              disabled={ackRefusal !== undefined}
              title={ackRefusal}
              onClick={(e) => {
                e.stopPropagation();
                onForm(alarm.id, 'ack');
              }}
            >
              Acknowledge
            </button>
          )}
          {canShelve && form !== 'shelve' && (
            <button
              type="button"
              className="button"
              data-testid="alarm-shelve"
              aria-keyshortcuts="S"
              disabled={shelveRefusal !== undefined}
              title={shelveRefusal}
              onClick={(e) => {
                e.stopPropagation();
                onForm(alarm.id, 'shelve');
              }}
            >
              Shelve
            </button>
          )}
          <button
            type="button"
            className="button"
            data-testid="alarm-details-open"
            aria-keyshortcuts="J"
            onClick={(e) => {
              e.stopPropagation();
              onDetails(alarm.id);
            }}
          >
            Journal
          </button>
        </td>
      </tr>
      {form && (
        <tr className="ack-row">
          <td colSpan={ALARM_COLUMNS}>
            {form === 'ack' ? (
              <AckForm alarm={alarm} onDone={() => onForm(alarm.id, null)} />
            ) : (
              <ShelveForm alarm={alarm} onDone={() => onForm(alarm.id, null)} />
            )}
          </td>
        </tr>
      )}
    </>
  );
});
