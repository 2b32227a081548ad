// The keyboard help, opened with `?` from anywhere but a text field (use-navigation.ts) and
// fetched only then: every shortcut the control room has, by where it works. Each group names
// the module that owns its keys, so a new key is added here beside the code that reads it.
// Above the keys, the short tour a new operator saw on the first run (first-run/tour-steps.ts):
// `?` is how it comes back.
// A native modal <dialog>: the view beneath takes no input while it is open, Tab stays inside,
// and Escape closes it — handled here (and stopped), so Escape does not also leave the Device
// view or close a form beneath. Keys typed in it never reach the view's shortcuts either.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { VERDICT_KEYS, VERDICT_TITLES, type Verdict } from '../../../shared/contract/annotations';
import { CloseIcon } from '../components/icons';
import { TOUR_STEPS } from './first-run/tour-steps';
import { MAIN_VIEWS } from './view-registry';
import './keyboard-help.css';

/** The keys, what they do, and what joins them: ' / ' (either), ' then ' or '–' (a range). */
type Keys = readonly [keys: string[], does: string, join?: string];

const verdicts = (Object.keys(VERDICT_KEYS) as Verdict[])
  .map((v) => `${VERDICT_KEYS[v]} ${VERDICT_TITLES[v]}`)
  .join(', ');

const GROUPS: readonly { title: string; keys: readonly Keys[] }[] = [
  {
    // app/use-navigation.ts, app/view-registry.ts
    title: 'Anywhere',
    keys: [
      ...MAIN_VIEWS.map((v): Keys => [[v.key], `Open ${v.title}`]),
      [['?'], 'Show this help'],
      [['Esc'], 'Close a dialog or form; leave the Device view'],
    ],
  },
  {
    // views/DeviceTile.tsx
    title: 'Wall',
    keys: [[['Tab', 'Enter'], 'Go to a tile and open its device (Space too)', ' then ']],
  },
  {
    // views/alarms/use-queue-keys.ts, views/AckForm.tsx, views/alarms/ShelveForm.tsx
    title: 'Alarm queue',
    keys: [
      [['↑', '↓'], 'Move the selection'],
      [['A'], 'Acknowledge (Ctrl+Enter sends the comment)'],
      [['S'], 'Shelve, with a reason and a duration'],
      [['Enter'], "Open the device's trend at the alarm's time"],
      [['J'], 'Journal'],
      [['E'], 'Assistant'],
      [['X'], 'Mark for bulk acknowledgement (Space too)'],
    ],
  },
  {
    // charts/use-label-layer.ts, labels/LabelForm.tsx
    title: 'Device view and labels',
    keys: [
      [['Tab', 'L'], 'Go to a chart and label the range in view', ' then '],
      [['1', '6'], `In a label form: ${verdicts}`, '–'],
      [['Enter'], 'Save the label'],
    ],
  },
  {
    // views/review/use-review-keys.ts, views/review/QueuePanel.tsx
    title: 'Review queue',
    keys: [
      [['1', '6'], 'Give the selected row that verdict and move on', '–'],
      [['J', 'K'], 'Move down / up (arrow keys too)'],
      [['Enter'], "Open the Device view at the row's time"],
      [['U'], 'Take back the last label'],
      [['Esc'], 'Leave the note field and give the keys back'],
    ],
  },
  {
    // views/settings/SettingsView.tsx, views/assistant/AskSection.tsx, auth/UserMenu.tsx
    title: 'Elsewhere',
    keys: [
      [['←', '→'], 'Settings: move between tabs'],
      [['Enter'], 'Assistant: send the question (Shift+Enter for a new line)'],
      [['Esc'], 'Assistant: stop an answer on its way'],
      [['↑', '↓'], 'User menu: move between items'],
    ],
  },
];

export function KeyboardHelp({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onClose();
  };

  return (
    // A click on the backdrop (the dialog element itself, outside its content) closes it too.
    <dialog
      ref={dialog}
      className="keyboard-help"
      data-testid="keyboard-help"
      aria-labelledby="keyboard-help-title"
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === e.currentTarget && onClose()}
    >
      <header className="keyboard-help-head">
        <h2 id="keyboard-help-title">Keyboard shortcuts</h2>
        <button type="button" className="button small" onClick={onClose} aria-label="Close the keyboard help">
          <CloseIcon />
        </button>
      </header>
      <section className="keyboard-help-tour" data-testid="keyboard-help-tour" aria-label="Tour">
        <h3>The control room in four lines</h3>
        <dl>
          {TOUR_STEPS.map((s) => (
            <div key={s.title} className="keyboard-help-row">
              <dt>{s.title}</dt>
              <dd>{s.text}</dd>
            </div>
          ))}
        </dl>
      </section>
      <p className="keyboard-help-note">Keys do nothing while you type in a field; Esc leaves most forms.</p>
      <div className="keyboard-help-groups">
        {GROUPS.map((g) => (
          <section key={g.title}>
            <h3>{g.title}</h3>
            <dl>
              {g.keys.map(([keys, does, join = ' / ']) => (
                <div key={keys.join() + does} className="keyboard-help-row">
                  <dt>
                    {keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && join}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
