// Adding or editing a configured device: name, kind, location, area, and its signals with unit,
// normal band, alarm limits, expected interval and deadband. Limits apply to the next reading.
import { Field, OtherErrors } from './form-fields';
import { newSignalDraft, type DeviceDraft, type SignalDraft } from './device-drafts';
import type { FieldErrors } from './draft-fields';

type Props = { draft: DeviceDraft; errors: FieldErrors; onChange: (d: DeviceDraft) => void };

const FIELDS =
  /^device\.(id|name|kind|location|area|signals\.\d+\.(key|unit|normal(\.\d)?|limits\.(lo|hi|loLo|hiHi)|intervalMs|deadband))$/;

const SIGNAL_FIELDS: [keyof SignalDraft, string, string][] = [
  ['key', 'Signal', 'key'],
  ['unit', 'Unit', 'unit'],
  ['normalMin', 'Normal min', 'normal.0'],
  ['normalMax', 'Normal max', 'normal.1'],
  ['loLo', 'Low-low', 'limits.loLo'],
  ['lo', 'Low', 'limits.lo'],
  ['hi', 'High', 'limits.hi'],
  ['hiHi', 'High-high', 'limits.hiHi'],
  ['intervalMs', 'Every (ms)', 'intervalMs'],
  ['deadband', 'Deadband', 'deadband'],
];

export function DeviceForm({ draft: d, errors, onChange }: Props) {
  const set = (patch: Partial<DeviceDraft>) => onChange({ ...d, ...patch });
  const setSignal = (i: number, patch: Partial<SignalDraft>) =>
    set({ signals: d.signals.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  return (
    <div className="srcset-form" data-testid="device-form">
      <div className="srcset-grid">
        <Field label="Id" path="device.id" errors={errors}>
          <input
            value={d.id}
            disabled={!d.isNew}
            onChange={(e) => set({ id: e.target.value })}
            data-testid="device-id"
          />
        </Field>
        <Field label="Name" path="device.name" errors={errors}>
          <input value={d.name} onChange={(e) => set({ name: e.target.value })} data-testid="device-name" />
        </Field>
        <Field label="Kind" path="device.kind" errors={errors}>
          <input value={d.kind} onChange={(e) => set({ kind: e.target.value })} />
        </Field>
        <Field label="Location" path="device.location" errors={errors}>
          <input value={d.location} onChange={(e) => set({ location: e.target.value })} data-testid="device-location" />
        </Field>
        <Field label="Alarm area" path="device.area" errors={errors}>
          <input value={d.area} onChange={(e) => set({ area: e.target.value })} />
        </Field>
      </div>
      <fieldset className="srcset-subsection">
        <legend>Signals</legend>
        {d.signals.map((s, i) => (
          <div className="srcset-row signal" key={i} data-testid={`device-signal-${i}`}>
            {SIGNAL_FIELDS.map(([field, label, path]) => (
              <Field key={field} label={label} path={`device.signals.${i}.${path}`} errors={errors}>
                <input
                  value={s[field]}
                  inputMode={field === 'key' || field === 'unit' ? undefined : 'decimal'}
                  onChange={(e) => setSignal(i, { [field]: e.target.value })}
                  data-testid={`signal-${field}-${i}`}
                />
              </Field>
            ))}
            <button
              type="button"
              className="button"
              onClick={() => set({ signals: d.signals.filter((_, k) => k !== i) })}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => set({ signals: [...d.signals, newSignalDraft()] })}>
          Add signal
        </button>
      </fieldset>
      <OtherErrors errors={errors} shown={(p) => FIELDS.test(p)} />
    </div>
  );
}
