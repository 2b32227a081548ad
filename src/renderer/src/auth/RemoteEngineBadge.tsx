// Which central engine this desktop works with, in the header (nothing for the station's own).
import { remoteEngineUrl } from './remote-engine';

export function RemoteEngineBadge() {
  const url = remoteEngineUrl();
  if (!url) return null;
  return (
    <span
      className="remote-engine-badge"
      title="This desktop is attached to a central engine"
      data-testid="remote-engine"
    >
      {url.replace(/^https:\/\//, '')}
    </span>
  );
}
