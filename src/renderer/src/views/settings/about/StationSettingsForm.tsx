// Update settings of this station: channel, feed, automatic checks, maintenance window and start at
// login. An administrator changes them (station.settings); everyone else reads them, with the
// reason the controls are disabled. Only what changed is sent; the engine validates the feed and
// the window and answers the new status, which the tab adopts.
import { useState, type FormEvent } from 'react';
import type { StationStatus, UpdateChannel } from '../../../../../shared/contract/station';
import { draftOf, settingsChange, type Draft } from './settings-draft';
import { useClient } from '../../../app/engine-context';
import { useCan } from '../../../auth/can';
import { errorText } from './about-format';

/** The contract's channels (UPDATE_CHANNELS), named for an administrator; a type import keeps the schemas out of this chunk. */
const CHANNEL_WORDS: Record<UpdateChannel, string> = {
  stable: 'Stable — tested releases',
  beta: 'Beta — earlier releases, for trial stations',
};

export function StationSettingsForm({ status, adopt }: { status: StationStatus; adopt(s: StationStatus): void }) {
  const client = useClient();
  const may = useCan('station.settings');
  /** The admin's edit; null while nobody edits, so what the station runs with is shown live. */
  const [editing, setEditing] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const draft = editing ?? draftOf(status);
  const dirty = editing !== null;

  const edit = (patch: Partial<Draft>) => {
    setEditing({ ...draft, ...patch });
    setSaved(false);
  };
  const change = settingsChange(status, draft);
  const changed = Object.keys(change).length > 0;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      adopt(await client.request('station.settings', change));
      setEditing(null);
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const off = !may.ok || busy;
  return (
    <form className="about-section about-settings" onSubmit={(e) => void save(e)} data-testid="about-settings">
      <h3>Update settings</h3>
      {!may.ok && (
        <p className="about-muted" data-testid="about-settings-read-only">
          {may.reason}
        </p>
      )}
      <fieldset disabled={off} title={may.reason}>
        <label className="about-field">
          <span>Channel</span>
          <select
            value={draft.channel}
            onChange={(e) => edit({ channel: e.target.value as UpdateChannel })}
            data-testid="about-channel"
          >
            {(Object.keys(CHANNEL_WORDS) as UpdateChannel[]).map((c) => (
              <option key={c} value={c}>
                {CHANNEL_WORDS[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="about-field about-wide">
          <span>Feed</span>
          <input
            type="text"
            value={draft.feed}
            placeholder="The installer’s own feed (https://…, a LAN share or a folder)"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => edit({ feed: e.target.value })}
            data-testid="about-feed"
          />
        </label>
        <label className="about-check">
          <input type="checkbox" checked={draft.autoCheck} onChange={(e) => edit({ autoCheck: e.target.checked })} />
          <span>Check automatically (every {status.checkIntervalMinutes} min) and download in the background</span>
        </label>
        <label className="about-check">
          <input
            type="checkbox"
            checked={draft.windowOn}
            onChange={(e) => edit({ windowOn: e.target.checked })}
            data-testid="about-window-on"
          />
          <span>Maintenance window (local time, 24 h)</span>
        </label>
        {draft.windowOn && (
          <div className="about-window">
            <label className="about-field">
              <span>From</span>
              <input
                type="text"
                inputMode="numeric"
                value={draft.start}
                placeholder="HH:MM"
                onChange={(e) => edit({ start: e.target.value })}
                data-testid="about-window-start"
              />
            </label>
            <label className="about-field">
              <span>To</span>
              <input
                type="text"
                inputMode="numeric"
                value={draft.end}
                placeholder="HH:MM"
                onChange={(e) => edit({ end: e.target.value })}
                data-testid="about-window-end"
              />
            </label>
          </div>
        )}
        {status.startAtLogin !== null && (
          <label className="about-check">
            <input
              type="checkbox"
              checked={draft.startAtLogin}
              onChange={(e) => edit({ startAtLogin: e.target.checked })}
              data-testid="about-start-at-login"
            />
            <span>Start Watchfloor when this station’s user signs in</span>
          </label>
        )}
        <div className="about-actions">
          <button type="submit" className="button primary" disabled={!changed || off} data-testid="about-settings-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
          {dirty && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(null);
                setError(null);
              }}
            >
              Discard
            </button>
          )}
          {saved && !dirty && (
            <span className="about-muted" role="status" data-testid="about-settings-saved">
              Saved.
            </span>
          )}
        </div>
        {error && (
          <p className="about-error" role="alert" data-testid="about-settings-error">
            {error}
          </p>
        )}
      </fieldset>
    </form>
  );
}
