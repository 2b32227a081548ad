// One alarm in the operator's queue, with its acknowledgement form opening inline beneath it.
// Unacknowledged alarms carry a marker that blinks (steady under reduced motion) and bold text.
import { memo, useState } from 'react';
import type { Alarm, Device } from '../../../shared/domain';
import { formatLocalTime, formatValue, unitSuffix } from '../components/format';
import { STATE_LABEL, formatLimit, isUnacknowledged } from '../store/alarm-queue';
import { AckForm } from './AckForm';

export const ALARM_COLUMNS = 10;

interface AlarmRowProps {
  alarm: Alarm;
  device: Device | undefined;
}

export const AlarmRow = memo(function AlarmRow({ alarm, device }: AlarmRowProps) {
  const [acking, setAcking] = useState(false);
  const unack = isUnacknowledged(alarm);
  const unit = unitSuffix(device?.signals.find((s) => s.key === alarm.signal)?.unit ?? '');

  return (
    <>
      <tr
        className={unack ? 'alarm-row unack' : 'alarm-row'}
        data-testid="alarm-row"
        data-alarm-id={alarm.id}
        data-device-id={alarm.deviceId}
        data-state={alarm.state}
        data-priority={alarm.priority}
      >
        <td className="alarm-marker">
          {unack && <span className="unack-marker" role="img" aria-label="Unacknowledged" />}
        </td>
        <td>
          <div className="alarm-device">{device?.name || alarm.deviceId}</div>
          <div className="alarm-device-id">{alarm.deviceId}</div>
        </td>
        <td>{alarm.signal}</td>
        <td className="num" data-testid="alarm-value">
          {formatValue(alarm.value)}
          {unit && <span className="unit">{unit}</span>}
        </td>
        <td className="num" data-testid="alarm-limit">
          {formatLimit(alarm)}
          {unit && <span className="unit">{unit}</span>}
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
        </td>
        <td className="num" data-testid="alarm-count-cell">
          {alarm.count}
        </td>
        <td className="alarm-action">
          {unack && !acking && (
            <button type="button" className="button" data-testid="alarm-ack" onClick={() => setAcking(true)}>
              Acknowledge
            </button>
          )}
        </td>
      </tr>
      {acking && (
        <tr className="ack-row">
          <td colSpan={ALARM_COLUMNS}>
            <AckForm alarm={alarm} onDone={() => setAcking(false)} />
          </td>
        </tr>
      )}
    </>
  );
});
