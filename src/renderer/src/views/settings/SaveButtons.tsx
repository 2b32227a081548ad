// The buttons under a settings section that is saved whole over the configuration file
// (notifications, assistant): Save, Discard changes, and — once something was saved from here —
// going back to the file's settings. What the section says about the save sits beside them.
import type { ReactNode } from 'react';

export interface SaveButtonsProps {
  busy: boolean;
  dirty: boolean;
  /** Where the settings come from now: 'settings' offers going back to the file. */
  source: 'file' | 'settings';
  /** Without it, Save submits the form the buttons sit in. */
  onSave?: () => void;
  onDiscard: () => void;
  onReset: () => void;
  /** `<prefix>-save`, `<prefix>-reset` for tests. */
  testIdPrefix: string;
  className: string;
  children?: ReactNode;
}

export function SaveButtons(p: SaveButtonsProps) {
  return (
    <div className={p.className}>
      <button
        type={p.onSave ? 'button' : 'submit'}
        className="button primary"
        disabled={p.busy || !p.dirty}
        onClick={p.onSave}
        data-testid={`${p.testIdPrefix}-save`}
      >
        Save
      </button>
      <button type="button" className="button" disabled={p.busy || !p.dirty} onClick={p.onDiscard}>
        Discard changes
      </button>
      {p.source === 'settings' && (
        <button
          type="button"
          className="button"
          disabled={p.busy}
          onClick={p.onReset}
          data-testid={`${p.testIdPrefix}-reset`}
        >
          Use the configuration file’s settings
        </button>
      )}
      {p.children}
    </div>
  );
}
