// A device's status line under its name (Wall tile, Device header): the one status of
// src/shared/device-status.ts in a sentence — "HIGH — unacknowledged · pressure high" — with
// a blinking marker while it awaits acknowledgement, and the shape (an SVG icon) beside the word, so
// neither colour nor blinking is the only signal. Nothing while the device is normal.
import type { DeviceStatus } from '../../../../shared/device-status';
import { StatusShapeIcon } from '../../components/icons';
import { KIND_LABEL } from '../../store/alarm-state';

/** The status word with its shape, for a tile's corner or a header. */
export function StatusWord({ status, className, testId }: { status: DeviceStatus; className: string; testId: string }) {
  return (
    <span className={className} data-testid={testId} data-shape={status.shape}>
      {status.shape !== 'normal' && (
        <>
          <StatusShapeIcon shape={status.shape} />{' '}
        </>
      )}
      {status.word}
    </span>
  );
}

export function TileAlarm({ status }: { status: DeviceStatus }) {
  if (status.level === 'normal') return null;
  const a = status.level === 'predicted' ? null : status.alarm;
  return (
    <p
      className={`tile-alarm priority-${status.level === 'alarm' || status.level === 'returned' ? status.priority : 'none'}`}
      data-testid="tile-alarm"
      data-priority={status.priority ?? ''}
      data-state={status.alarm?.state ?? ''}
      data-unack={status.unack}
    >
      {status.unack && <span className="unack-marker" role="img" aria-label="Unacknowledged" />}
      {status.text}
      {a && ` · ${a.signal === '*' ? 'device' : a.signal} ${KIND_LABEL[a.kind].toLowerCase()}`}
      {status.others > 0 && ` · +${status.others} more`}
    </p>
  );
}
