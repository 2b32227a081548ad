// One layout being edited: its name and a row per display — the view, what it shows (the area of
// a wall, the device, the analytics state), and kiosk. Checked with the contract's own schema
// before it is sent, and the engine's refusals land on the same fields; the draft is kept until
// it is saved or cancelled, so a refusal never loses what was typed.
import { useId } from 'react';
import {
  LayoutViewKind,
  MAX_LAYOUT_DISPLAYS,
  VIEW_TARGET,
  type LayoutViewKind as ViewKind,
} from '../../../../../shared/display-layouts';
import type { FieldErrors } from '../../../../../shared/bad-request';
import { useAppStore } from '../../../store/app-store';

export interface DisplayDraft {
  display: number;
  view: ViewKind;
  target: string;
  kiosk: boolean;
}

export interface LayoutDraft {
  name: string;
  displays: DisplayDraft[];
}

const VIEW_LABEL: Record<ViewKind, string> = {
  wall: 'Wall',
  alarms: 'Alarm queue',
  device: 'Device',
  analytics: 'Analytics (trend group)',
  kpis: 'KPIs',
};

const TARGET_HINT: Record<ViewKind, string> = {
  wall: 'area (empty: every area)',
  alarms: '',
  device: 'device id',
  analytics: 'analytics state (empty: the default)',
  kpis: '',
};

export function emptyDraft(): LayoutDraft {
  return { name: '', displays: [{ display: 1, view: 'wall', target: '', kiosk: false }] };
}

interface Props {
  draft: LayoutDraft;
  errors: FieldErrors;
  busy: boolean;
  onChange(draft: LayoutDraft): void;
  onSave(): void;
  onCancel(): void;
}

export function LayoutEditor({ draft, errors, busy, onChange, onSave, onCancel }: Props) {
  const id = useId();
  const devices = useAppStore((s) => s.devices);
  const areas = [...new Set(devices.map((d) => d.area).filter(Boolean))].sort();
  const setRow = (i: number, row: Partial<DisplayDraft>) =>
    onChange({ ...draft, displays: draft.displays.map((d, j) => (j === i ? { ...d, ...row } : d)) });
  const nextDisplay = () => {
    const used = new Set(draft.displays.map((d) => d.display));
    let n = 1;
    while (used.has(n)) n++;
    return n;
  };
  const error = (path: string) =>
    errors[path] && (
      <span className="layouts-error" role="alert">
        {errors[path]}
      </span>
    );

  return (
    <form
      className="layouts-editor"
      data-testid="layout-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <label className="layouts-field">
        <span>Layout name</span>
        <input
          value={draft.name}
          data-testid="layout-name"
          aria-invalid={!!errors['layout.name']}
          onChange={(e) => onChange({ ...draft, name: e.target.value })}
        />
        {error('layout.name')}
      </label>
      {error('layout.displays')}
      <table className="layouts-rows">
        <thead>
          <tr>
            <th scope="col">Display</th>
            <th scope="col">View</th>
            <th scope="col">Shows</th>
            <th scope="col">Kiosk</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft.displays.map((row, i) => {
            const rule = VIEW_TARGET[row.view];
            const base = `layout.displays.${i}`;
            return (
              <tr key={i} data-testid={`layout-row-${i}`}>
                <td>
                  <input
                    type="number"
                    min={1}
                    max={MAX_LAYOUT_DISPLAYS}
                    aria-label={`Display number of row ${i + 1}`}
                    value={row.display}
                    onChange={(e) => setRow(i, { display: Number(e.target.value) })}
                  />
                  {error(`${base}.display`)}
                </td>
                <td>
                  <select
                    aria-label={`View of display ${row.display}`}
                    data-testid={`layout-view-${i}`}
                    value={row.view}
                    onChange={(e) => {
                      const view = e.target.value as ViewKind;
                      setRow(i, { view, target: VIEW_TARGET[view] === 'none' ? '' : row.target });
                    }}
                  >
                    {LayoutViewKind.options.map((v) => (
                      <option key={v} value={v}>
                        {VIEW_LABEL[v]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {rule !== 'none' && (
                    <input
                      aria-label={`What display ${row.display} shows: ${TARGET_HINT[row.view]}`}
                      placeholder={TARGET_HINT[row.view]}
                      data-testid={`layout-target-${i}`}
                      list={row.view === 'device' ? `${id}-devices` : row.view === 'wall' ? `${id}-areas` : undefined}
                      value={row.target}
                      aria-invalid={!!errors[`${base}.target`]}
                      onChange={(e) => setRow(i, { target: e.target.value })}
                    />
                  )}
                  {error(`${base}.target`)}
                </td>
                <td>
                  <label className="layouts-kiosk" title={`Display ${row.display} as a kiosk`}>
                    <input
                      type="checkbox"
                      data-testid={`layout-kiosk-${i}`}
                      checked={row.kiosk}
                      onChange={(e) => setRow(i, { kiosk: e.target.checked })}
                    />
                    <span>kiosk</span>
                  </label>
                </td>
                <td>
                  <button
                    type="button"
                    className="button"
                    disabled={draft.displays.length <= 1}
                    onClick={() => onChange({ ...draft, displays: draft.displays.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <datalist id={`${id}-devices`}>
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </datalist>
      <datalist id={`${id}-areas`}>
        {areas.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <div className="layouts-actions">
        <button
          type="button"
          className="button"
          data-testid="layout-add-display"
          disabled={draft.displays.length >= MAX_LAYOUT_DISPLAYS}
          onClick={() =>
            onChange({
              ...draft,
              displays: [...draft.displays, { display: nextDisplay(), view: 'alarms', target: '', kiosk: false }],
            })
          }
        >
          Add a display
        </button>
        <span className="header-spacer" />
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button primary" data-testid="layout-save" disabled={busy}>
          Save layout
        </button>
      </div>
    </form>
  );
}
