// The engine's vital signs from the `engine.health` stream: whether it is well (and if not, why:
// the reasons are the status word's tooltip, and history that cannot write is spelled out), how
// much it has stored and how much input it had to reject (dead letters, a link to their view),
// so neither bad data nor a full disk is silent. While the link to the engine is lost, the last
// report would lie: it says so instead, and since when the data on screen is stale.
import type { Health } from '../../../shared/domain';
import { useAppStore } from '../store/app-store';
import { DeadLettersLink } from './DeadLettersLink';
import { formatCount, formatLocalTime } from './format';

const STATUS_WORD: Record<Health['status'], string> = {
  starting: 'Engine starting',
  ok: 'Engine OK',
  degraded: 'Engine degraded',
  stopping: 'Engine stopping',
};

export function HealthSummary() {
  const health = useAppStore((s) => s.health);
  const staleSince = useAppStore((s) => s.staleSince);
  if (staleSince !== null) {
    return (
      <span className="health" data-testid="health" data-status="lost">
        <span className="health-status health-lost" role="alert" data-testid="health-status">
          Connection lost — data stale since {formatLocalTime(staleSince)}
        </span>
      </span>
    );
  }
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
      <span
        className="health-status"
        title={(health.problems ?? []).join('\n') || undefined}
        data-testid="health-status"
      >
        {STATUS_WORD[health.status]}
      </span>
      {health.history && !health.history.writable && (
        <span className="health-item health-alert" role="alert" data-testid="health-history">
          Cannot store readings — ingest paused
        </span>
      )}
      <span className="health-item">
        Stored <b data-testid="health-stored">{formatCount(health.readings.stored)}</b>
      </span>
      <DeadLettersLink
        source={null}
        className="health-item health-link"
        testId="health-dead-letters-link"
        warn={health.deadLetters > 0}
      >
        Dead letters <b data-testid="health-dead-letters">{formatCount(health.deadLetters)}</b>
        {health.deadLettersDropped > 0 && (
          <span data-testid="health-dead-letters-dropped" title="Removed by the dead-letter table's limits">
            {' '}
            ({formatCount(health.deadLettersDropped)} dropped)
          </span>
        )}
      </DeadLettersLink>
    </span>
  );
}
