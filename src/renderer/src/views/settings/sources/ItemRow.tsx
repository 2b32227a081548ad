// One source or device in the lists of Settings → Sources: what it is, where it comes from, and
// what can be done with it (edit, turn off, remove, go back to the configuration file's).
import type { SettingOrigin } from '../../../../../shared/contract/sources';
import { OriginBadge } from './form-fields';

type Props = {
  id: string;
  what: string;
  origin: SettingOrigin;
  /** undefined: the item cannot be turned off (devices). */
  enabled?: boolean;
  busy: boolean;
  onEdit: () => void;
  onEnabled?: (on: boolean) => void;
  onRemove: () => void;
  onRevert: () => void;
};

export function ItemRow(p: Props) {
  const removed = p.origin === 'removed';
  return (
    <li className="srcset-item" data-testid={`item-${p.id}`} data-origin={p.origin} data-enabled={p.enabled ?? true}>
      <span className="srcset-item-id">{p.id}</span>
      <span className="srcset-item-what">{p.what}</span>
      <OriginBadge origin={p.origin} />
      {p.onEnabled && !removed && (
        <label className="srcset-inline">
          <input
            type="checkbox"
            checked={p.enabled}
            disabled={p.busy}
            onChange={(e) => p.onEnabled!(e.target.checked)}
            data-testid={`enabled-${p.id}`}
          />
          on
        </label>
      )}
      {!removed && (
        <button type="button" className="button" disabled={p.busy} onClick={p.onEdit} data-testid={`edit-${p.id}`}>
          Edit
        </button>
      )}
      {!removed && (
        <button type="button" className="button" disabled={p.busy} onClick={p.onRemove} data-testid={`remove-${p.id}`}>
          Remove
        </button>
      )}
      {(p.origin === 'edited' || removed) && (
        <button type="button" className="button" disabled={p.busy} onClick={p.onRevert} data-testid={`revert-${p.id}`}>
          {removed ? 'Restore from file' : 'Use the file’s'}
        </button>
      )}
    </li>
  );
}
