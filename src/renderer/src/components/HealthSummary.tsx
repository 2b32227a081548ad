// The engine's vital signs from the `engine.health` stream: whether it is well, how much it
// has stored and how much input it had to reject (dead letters), so bad data is never silent.
import type { Health } from '../../../shared/domain';
import { useAppStore } from '../store/app-store';
import { formatCount } from './format';

const STATUS_WORD: Record<Health['status'], string> = {
  starting: 'Engine starting',
  ok: 'Engine OK',
  degraded: 'Engine degraded',
  stopping: 'Engine stopping',
};

export function HealthSummary() {
  const health = useAppStore((s) => s.health);
  if (!health) {
    return (
      <span className="health" data-testid="health" data-status="unknown">
        Engine —
      </span>
    );
  }
  return (
    <span
      className="health"
      data-testid="health"
      data-status={health.status}
      title={`Watchfloor engine ${health.version}`}
    >
      <span className="health-status">{STATUS_WORD[health.status]}</span>
      <span className="health-item">
        Stored <b data-testid="health-stored">{formatCount(health.readings.stored)}</b>
      </span>
      <span className="health-item" data-warn={health.deadLetters > 0 || undefined}>
        Dead letters <b data-testid="health-dead-letters">{formatCount(health.deadLetters)}</b>
      </span>
    </span>
  );
}
