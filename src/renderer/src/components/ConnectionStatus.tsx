// The link to the engine, in the header: the first thing to check when the wall looks still.
// "Connecting…" before the engine has ever answered; once it had, a lost link says so plainly.
import { useAppStore } from '../store/app-store';

export function ConnectionStatus() {
  const status = useAppStore((s) => s.connection);
  const lost = useAppStore((s) => s.staleSince !== null);
  return (
    <span className="connection" data-testid="connection" data-status={status} role="status">
      <span className="dot" aria-hidden="true" />
      {status === 'open' ? 'Connected' : lost ? 'Disconnected — retrying…' : 'Connecting…'}
    </span>
  );
}
