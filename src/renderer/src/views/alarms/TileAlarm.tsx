// A Wall tile's alarm state: its worst open alarm in the queue — priority, what it is, and
// whether it awaits acknowledgement (blinking marker) — or nothing.
import { useAppStore } from '../../store/app-store';
import { isUnacknowledged, KIND_LABEL, STATE_LABEL, worstAlarm } from '../../store/alarm-queue';

export function TileAlarm({ deviceId }: { deviceId: string }) {
  const worst = useAppStore((s) => worstAlarm(Object.values(s.alarms), deviceId));
  if (!worst) return null;
  const unack = isUnacknowledged(worst);
  return (
    <p
      className={`tile-alarm priority-${worst.priority}`}
      data-testid="tile-alarm"
      data-priority={worst.priority}
      data-state={worst.state}
      data-unack={unack}
      title={STATE_LABEL[worst.state]}
    >
      {unack && <span className="unack-marker" role="img" aria-label="Unacknowledged" />}
      {worst.priority} · {worst.signal === '*' ? 'device' : worst.signal} {KIND_LABEL[worst.kind].toLowerCase()}
      {worst.state === 'unack_rtn' && ' (returned)'}
    </p>
  );
}
