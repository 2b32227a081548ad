// Settings → About & updates: what this station runs (version, platform) and how it is kept
// current — the update state in an operator's words, the release on offer with its notes, the
// operator's consent to install (never during an unacknowledged high alarm), the administrator's
// update settings and the offline bundle import. Everything comes from the contract's station.*
// calls and stays live on `station.changes`. A station whose updates Watchfloor does not manage
// (a browser on `watchfloor serve`) shows its version and why, and no update controls.
import { useEffect, useState } from 'react';
import type { StationStatus } from '../../../../../shared/contract/station';
import { useStationStatus } from './use-station-status';
import { Release, UpdateState } from './UpdateState';
import { InstallActions } from './InstallActions';
import { StationSettingsForm } from './StationSettingsForm';
import { BundleImport } from './BundleImport';
import './about.css';

const PLATFORM: Record<string, string> = { linux: 'Linux', win32: 'Windows', darwin: 'macOS' };

function Identity({ status }: { status: StationStatus }) {
  return (
    <dl className="about-identity" data-testid="about-identity">
      <dt>Version</dt>
      <dd data-testid="about-version">{status.version}</dd>
      <dt>Platform</dt>
      <dd>{PLATFORM[status.platform] ?? status.platform}</dd>
      {status.managed && (
        <>
          <dt>Channel</dt>
          <dd data-testid="about-channel-now">{status.channel}</dd>
          <dt>Feed</dt>
          <dd className="about-feed">{status.feed ?? 'none configured'}</dd>
        </>
      )}
    </dl>
  );
}

/** Re-renders each minute, so "next try at" and today's/yesterday's dates stay true. */
function useMinute(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function AboutTab() {
  const { status, error, adopt } = useStationStatus();
  const now = useMinute();
  if (!status)
    return (
      <div className="about-tab" data-testid="settings-about">
        {error ? (
          <p className="about-error" role="alert">
            {error}
          </p>
        ) : (
          <p className="view-note">Reading this station’s installation…</p>
        )}
      </div>
    );
  return (
    <div className="about-tab" data-testid="settings-about" data-managed={status.managed}>
      <Identity status={status} />
      {!status.managed ? (
        <p className="about-unmanaged" data-testid="about-unmanaged">
          <strong>Updates are not managed from here.</strong> {status.unmanagedReason}
        </p>
      ) : (
        <div className="about-columns">
          <div className="about-column">
            <UpdateState status={status} now={now} />
            <InstallActions status={status} adopt={adopt} />
            {status.available && status.state !== 'up-to-date' && <Release release={status.available} />}
          </div>
          <div className="about-column">
            <StationSettingsForm status={status} adopt={adopt} />
            <BundleImport status={status} adopt={adopt} />
          </div>
        </div>
      )}
      {error && (
        <p className="about-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
