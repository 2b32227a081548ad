// Says, over a list the engine keeps up to date (the alarm queue, the flood banner), that it is
// not live while the link to the engine is lost, and since when: the store's `staleSince`, the
// same time the header and every stale value name. Nothing while the link is up.
import { useAppStore } from '../store/app-store';
import { formatLocalTime } from './format';
import './stale-notice.css';

export function StaleNotice({ what }: { what: string }) {
  const staleSince = useAppStore((s) => s.staleSince);
  if (staleSince === null) return null;
  return (
    <p className="stale-notice" role="status" data-testid="stale-notice">
      Not live — {what} as of {formatLocalTime(staleSince)}, when the engine was last heard from. It refreshes when the
      connection is back.
    </p>
  );
}
