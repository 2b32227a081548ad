// The operator's buttons: Check now; Install now (after a confirmation that says Watchfloor will
// close and restart), Install in the maintenance window, Cancel install. Installing is refused
// while an active, unacknowledged alarm of high priority or above stands (INVALID_STATE with
// details.blockedBy, also kept in status.install.blockedBy): the alarms are listed with a link to
// the queue, where they are acknowledged. Who may not (a viewer) sees the buttons disabled with
// the reason.
import { useState } from 'react';
import type { BlockingAlarm, StationStatus } from '../../../../../shared/contract/station';
import { useClient } from '../../../app/engine-context';
import { useCan } from '../../../auth/can';
import { blockedByOf, errorText, priorityWord, windowText } from './about-format';

type Busy = 'check' | 'now' | 'window' | 'cancel' | null;

function BlockingAlarms({ alarms }: { alarms: BlockingAlarm[] }) {
  return (
    <div className="about-blocked" role="alert" data-testid="about-blocked">
      <h4>
        Not installed: {alarms.length === 1 ? 'an alarm needs' : `${alarms.length} alarms need`} acknowledging first
      </h4>
      <p className="about-muted">
        Watchfloor does not restart while a high or critical alarm is active and unacknowledged.
      </p>
      <ul>
        {alarms.map((a) => (
          <li key={a.id} data-testid="about-blocking-alarm">
            <span className={`about-priority about-priority-${a.priority}`}>{priorityWord(a.priority)}</span>{' '}
            <strong>
              {a.device}
              {a.signal ? ` / ${a.signal}` : ''}
            </strong>{' '}
            — {a.message}
          </li>
        ))}
      </ul>
      <a href="#alarms" data-testid="about-alarms-link">
        Open the alarm queue
      </a>
    </div>
  );
}

export function InstallActions({ status, adopt }: { status: StationStatus; adopt(s: StationStatus): void }) {
  const client = useClient();
  const mayCheck = useCan('station.check');
  const mayInstall = useCan('station.install');
  const mayCancel = useCan('station.cancelInstall');
  const [busy, setBusy] = useState<Busy>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<BlockingAlarm[] | null>(null);

  const run = async (what: Exclude<Busy, null>, call: () => Promise<StationStatus>) => {
    setBusy(what);
    setError(null);
    setBlocked(null);
    try {
      adopt(await call());
    } catch (err) {
      const alarms = blockedByOf(err);
      if (alarms.length) setBlocked(alarms);
      else setError(errorText(err));
    } finally {
      setBusy(null);
      setConfirming(false);
    }
  };

  const ready = status.state === 'downloaded' || status.state === 'scheduled';
  const consented = status.install.consentBy !== null || status.state === 'scheduled';
  const shownBlocked = blocked ?? (status.install.blockedBy.length ? status.install.blockedBy : null);
  const installReason = mayInstall.reason ?? (ready ? undefined : 'Nothing is downloaded to install.');
  const windowReason =
    installReason ?? (status.maintenanceWindow ? undefined : 'Set a maintenance window (an administrator) first.');

  return (
    <div className="about-section" data-testid="about-actions">
      <div className="about-actions">
        <button
          type="button"
          className="button"
          disabled={!mayCheck.ok || busy !== null || status.state === 'checking' || status.state === 'downloading'}
          title={mayCheck.reason}
          onClick={() => void run('check', () => client.request('station.check', {}))}
          data-testid="about-check"
        >
          {busy === 'check' || status.state === 'checking' ? 'Checking…' : 'Check now'}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={installReason !== undefined || busy !== null || status.state === 'installing'}
          title={installReason}
          onClick={() => setConfirming(true)}
          data-testid="about-install-now"
        >
          Install now…
        </button>
        <button
          type="button"
          className="button"
          disabled={windowReason !== undefined || busy !== null || status.state === 'scheduled'}
          title={windowReason}
          onClick={() => void run('window', () => client.request('station.install', { when: 'window' }))}
          data-testid="about-install-window"
        >
          {busy === 'window'
            ? 'Scheduling…'
            : status.maintenanceWindow
              ? `Install in maintenance window (${windowText(status.maintenanceWindow)})`
              : 'Install in maintenance window'}
        </button>
        {consented && (
          <button
            type="button"
            className="button"
            disabled={!mayCancel.ok || busy !== null}
            title={mayCancel.reason}
            onClick={() => void run('cancel', () => client.request('station.cancelInstall', {}))}
            data-testid="about-cancel-install"
          >
            {busy === 'cancel' ? 'Cancelling…' : 'Cancel install'}
          </button>
        )}
      </div>
      {status.install.consentBy && (
        <p className="about-muted" data-testid="about-consent">
          Consent to install given by {status.install.consentBy}
          {status.install.when === 'window'
            ? ` for the maintenance window (${windowText(status.maintenanceWindow)})`
            : ''}
          .
        </p>
      )}
      {confirming && (
        <div
          className="about-confirm"
          role="alertdialog"
          aria-labelledby="about-confirm-title"
          data-testid="about-confirm"
        >
          <p id="about-confirm-title">
            <strong>Watchfloor will close and restart</strong> to install version {status.available?.version ?? ''}.
            This station shows no alarms until it is back.
          </p>
          <div className="about-actions">
            <button
              type="button"
              className="button primary"
              disabled={busy !== null}
              onClick={() => void run('now', () => client.request('station.install', { when: 'now' }))}
              data-testid="about-confirm-install"
            >
              {busy === 'now' ? 'Installing…' : 'Install and restart'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
              Not now
            </button>
          </div>
        </div>
      )}
      {shownBlocked && <BlockingAlarms alarms={shownBlocked} />}
      {error && (
        <p className="about-error" role="alert" data-testid="about-action-error">
          {error}
        </p>
      )}
    </div>
  );
}
