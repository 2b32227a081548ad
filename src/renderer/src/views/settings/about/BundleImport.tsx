// Import an offline update bundle (installer + manifest + signature) from a folder on this station:
// a USB stick or a LAN share at an air-gapped site. It goes through the same verification as the
// feed (station.importBundle; administrators). On the desktop "Choose folder…" opens the OS's
// folder picker through the preload (window.watchfloor.station.chooseFolder); a browser, or an
// older preload without it, types the path.
import { useState, type FormEvent } from 'react';
import type { StationStatus } from '../../../../../shared/contract/station';
import { useClient } from '../../../app/engine-context';
import { useCan } from '../../../auth/can';
import { errorText } from './about-format';

interface FolderPicker {
  chooseFolder(): Promise<string | null>;
}

/** The desktop's folder picker, when this page runs in a preload that has one. */
function folderPicker(): FolderPicker | null {
  const station = (window.watchfloor as { station?: Partial<FolderPicker> } | undefined)?.station;
  return typeof station?.chooseFolder === 'function' ? (station as FolderPicker) : null;
}

export function BundleImport({ status, adopt }: { status: StationStatus; adopt(s: StationStatus): void }) {
  const client = useClient();
  const may = useCan('station.importBundle');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** What the import answered, shown while the update state is still the one it led to. */
  const [done, setDone] = useState<{ text: string; state: StationStatus['state'] } | null>(null);
  const picker = folderPicker();

  const choose = async () => {
    const chosen = await picker?.chooseFolder();
    if (chosen) setPath(chosen);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const started = Date.now();
    try {
      const s = await client.request('station.importBundle', { path: path.trim() });
      adopt(s);
      // A refused bundle leaves a release that was already waiting in place: the problem says it.
      const refused = s.problem !== null && (s.state === 'refused' || s.problem.at >= started - 1000);
      setDone({
        state: s.state,
        text: refused
          ? 'The bundle was refused: the reason is shown with the update state.'
          : `Bundle read: ${s.available ? `version ${s.available.version}` : 'nothing newer than this version'}.`,
      });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const off = !may.ok || busy;
  return (
    <form className="about-section" onSubmit={(e) => void submit(e)} data-testid="about-bundle">
      <h3>Offline update bundle</h3>
      <p className="about-muted">
        For stations without a network to the feed: a folder holding the installer, its manifest and the manifest’s
        signature, checked exactly like a download.
      </p>
      {!may.ok && <p className="about-muted">{may.reason}</p>}
      <fieldset disabled={off} title={may.reason}>
        <div className="about-bundle-row">
          <label className="about-field about-wide">
            <span>Folder</span>
            <input
              type="text"
              value={path}
              placeholder="/media/usb/watchfloor-1.4.0"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setPath(e.target.value)}
              data-testid="about-bundle-path"
            />
          </label>
          {picker && (
            <button type="button" className="button" onClick={() => void choose()} data-testid="about-bundle-choose">
              Choose folder…
            </button>
          )}
          <button type="submit" className="button" disabled={!path.trim() || off} data-testid="about-bundle-import">
            {busy ? 'Checking…' : 'Import'}
          </button>
        </div>
      </fieldset>
      {done && done.state === status.state && (
        <p className="about-muted" role="status" data-testid="about-bundle-done">
          {done.text}
        </p>
      )}
      {error && (
        <p className="about-error" role="alert" data-testid="about-bundle-error">
          {error}
        </p>
      )}
    </form>
  );
}
