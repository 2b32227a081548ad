// The link to the engine, in the header: the first thing to check when the wall looks still.
import { useAppStore } from '../store/app-store';

export function ConnectionStatus() {
  const status = useAppStore((s) => s.connection);
  return (
    <span className="connection" data-testid="connection" data-status={status} role="status">
      <span className="dot" aria-hidden="true" />
      {status === 'open' ? 'Connected' : 'Reconnecting…'}
    </span>
  );
}
