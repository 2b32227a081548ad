// The number of alarms awaiting acknowledgement, visible from every view.
import { countUnacknowledged } from '../store/alarm-state';
import { useAppStore } from '../store/app-store';

export function AlarmCount() {
  const count = useAppStore((s) => countUnacknowledged(Object.values(s.alarms)));
  return (
    <span
      className="alarm-count"
      data-testid="alarm-count"
      data-count={count}
      aria-label={`${count} unacknowledged ${count === 1 ? 'alarm' : 'alarms'}`}
    >
      {count}
    </span>
  );
}
