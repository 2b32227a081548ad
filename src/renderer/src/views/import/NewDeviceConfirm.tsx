// Asked before an import creates a device: which id, what it gets (the file's signals, no
// limits, so no alarms until rules are added in Settings → Rules), and a way back to pick a registered device.
// Creating is an explicit click; the engine refuses the import without it.

interface NewDeviceConfirmProps {
  /** One id (the mapping's device), or the unregistered ids a device column names in the first rows. */
  deviceIds: readonly string[];
  signals: readonly string[];
  onConfirm(): void;
  onCancel(): void;
}

const SHOWN_SIGNALS = 8;

export function NewDeviceConfirm({ deviceIds, signals, onConfirm, onCancel }: NewDeviceConfirmProps) {
  const shown = signals.slice(0, SHOWN_SIGNALS).join(', ');
  const more = signals.length > SHOWN_SIGNALS ? ` and ${signals.length - SHOWN_SIGNALS} more` : '';
  const several = deviceIds.length > 1;
  const names = deviceIds.map((d) => `“${d}”`).join(', ');
  return (
    <div
      className="import-new-device"
      role="alertdialog"
      aria-labelledby="import-new-device-title"
      data-testid="import-new-device"
    >
      <p id="import-new-device-title">
        <strong>
          {names} {several ? 'are not registered devices' : 'is not a registered device'}.
        </strong>{' '}
        Importing creates {several ? 'them as new, unconfigured devices' : 'it as a new, unconfigured device'}
        {signals.length > 0 ? ` with the file's signals (${shown}${more})` : ''}: no limits and no alarms until you add
        rules in Settings → Rules.
      </p>
      <div className="import-new-device-actions">
        <button type="button" className="button primary" data-testid="import-create-device" onClick={onConfirm}>
          {several ? `Create ${deviceIds.length} devices and import` : `Create ${names} and import`}
        </button>
        <button type="button" className="button" data-testid="import-new-device-cancel" onClick={onCancel}>
          {several ? 'Back' : 'Choose another device'}
        </button>
      </div>
    </div>
  );
}
