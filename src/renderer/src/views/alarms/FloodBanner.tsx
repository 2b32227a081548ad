// The flood banner: an area receiving more new alarms than an operator can handle (EEMUA 191:
// over 10 in 10 minutes). While it shows, the queue is grouped by device and cause. While the link
// to the engine is lost the banner is the last one heard: it says so and is greyed, never live.
import { formatLocalTime } from '../../components/format';
import { useAppStore } from '../../store/app-store';

export function FloodBanner() {
  const floods = useAppStore((s) => s.floods);
  const staleSince = useAppStore((s) => s.staleSince);
  const active = Object.values(floods).filter((f) => f.active);
  if (active.length === 0) return null;
  return (
    <div
      className="flood-banner"
      role="alert"
      data-testid="flood-banner"
      data-areas={active.map((f) => f.area).join(',')}
      data-stale={staleSince !== null || undefined}
    >
      <strong>Alarm flood</strong>
      {active.map((f) => (
        <span key={f.area} className="flood-area">
          area {f.area}: {f.newInWindow} new alarms in the last {Math.round(f.windowMs / 60_000)} min
          {f.since !== null && ` (since ${formatLocalTime(f.since)})`}
        </span>
      ))}
      <span className="flood-hint">The queue is grouped by device and cause.</span>
      {staleSince !== null && (
        <span className="flood-stale" data-testid="flood-stale">
          As of {formatLocalTime(staleSince)} — not live
        </span>
      )}
    </div>
  );
}
