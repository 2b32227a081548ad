// The Devices part of Settings → Sources: auto-registration, configured devices (file and
// Settings) and the ones only seen on the wire, which can be configured from here.
import type { ReactNode } from 'react';
import type { SourcesSettings } from '../../../../../shared/contract/sources';
import type { Device } from '../../../../../shared/domain';
import { useClient } from '../../../app/engine-context';
import { DeviceForm } from './DeviceForm';
import { deviceDraftOf, newDeviceDraft, type DeviceDraft } from './device-drafts';
import type { FieldErrors } from './draft-fields';
import { OriginBadge } from './form-fields';
import { ItemRow } from './ItemRow';

type Props = {
  settings: SourcesSettings;
  unconfigured: Device[];
  editing: DeviceDraft | null;
  errors: FieldErrors;
  busy: boolean;
  /** Save / Test / Cancel, shared with the source forms. */
  actions: ReactNode;
  run: (what: string, change: () => Promise<SourcesSettings>) => Promise<boolean>;
  /** Opens a device's form (or closes it, with null). */
  edit: (draft: DeviceDraft | null) => void;
  /** The form's content changed. */
  change: (draft: DeviceDraft) => void;
};

const describe = (d: Device) =>
  `${d.name} · ${d.kind}${d.location ? ` · ${d.location}` : ''} · ${d.signals
    .map((s) => `${s.key}${s.unit ? ` (${s.unit})` : ''}`)
    .join(', ')}`;

export function DevicesSection({ settings, unconfigured, editing, errors, busy, actions, run, edit, change }: Props) {
  const client = useClient();
  const { autoRegister } = settings;
  return (
    <fieldset className="srcset-section" data-testid="devices-section">
      <legend>Devices</legend>
      <label className="srcset-inline">
        <input
          type="checkbox"
          checked={autoRegister.value}
          disabled={busy}
          onChange={(e) =>
            void run('Auto-registration', () =>
              client.request('sources.save', { kind: 'autoRegister', value: e.target.checked }),
            )
          }
          data-testid="auto-register"
        />
        Register unknown devices as unconfigured (visible, never alarming); off sends their readings to dead letters
        <OriginBadge origin={autoRegister.origin} />
      </label>
      {autoRegister.origin !== 'file' && (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void run('Auto-registration', () => client.request('sources.revert', { kind: 'autoRegister' }))
          }
        >
          Use the file’s auto-registration
        </button>
      )}
      <ul className="srcset-list">
        {settings.devices.map((d) => (
          <ItemRow
            key={d.id}
            id={d.id}
            what={describe(d)}
            origin={d.origin}
            busy={busy}
            onEdit={() => edit(deviceDraftOf(d))}
            onRemove={() =>
              void run(`Device ${d.id}`, () => client.request('sources.remove', { kind: 'device', id: d.id }))
            }
            onRevert={() =>
              void run(`Device ${d.id}`, () => client.request('sources.revert', { kind: 'device', id: d.id }))
            }
          />
        ))}
      </ul>
      {unconfigured.length > 0 && (
        <>
          <p className="srcset-hint">Seen on the wire, not configured (no limits, never alarming):</p>
          <ul className="srcset-list" data-testid="unconfigured-devices">
            {unconfigured.map((d) => (
              <li key={d.id} className="srcset-item" data-testid={`unconfigured-${d.id}`}>
                <span className="srcset-item-id">{d.id}</span>
                <span className="srcset-item-what">{describe(d)}</span>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  // Its id and signals as seen; kept as a new device of Settings once saved.
                  onClick={() => edit({ ...deviceDraftOf({ ...d, origin: 'settings' }), isNew: false })}
                  data-testid={`configure-${d.id}`}
                >
                  Configure
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {editing ? (
        <>
          <DeviceForm draft={editing} errors={errors} onChange={change} />
          {actions}
        </>
      ) : (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => edit(newDeviceDraft())}
          data-testid="add-device"
        >
          Add device
        </button>
      )}
    </fieldset>
  );
}
