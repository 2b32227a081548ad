// Settings → Display: theme. ISA-101's high-performance palette in two variants, dark grey (the
// default: a dimmed control room at night) and light grey (ISA-101's own examples), each shown
// as a small preview in its own palette; the choice is this screen's (store/display-prefs.ts)
// and takes effect at once, charts included. Below, what colour means on either: the four alarm
// priorities and the abnormal states, each with its shape and word, never colour alone.
import type { StatusShape } from '../../../../../shared/device-status';
import { StatusShapeIcon } from '../../../components/icons';
import { setDisplayPrefs, useDisplayPrefs, type ThemeName } from '../../../store/display-prefs';
import './theme-section.css';

const THEMES: readonly { id: ThemeName; title: string; note: string }[] = [
  { id: 'dark', title: 'Dark grey', note: 'For a dimmed control room, day and night (default)' },
  { id: 'light', title: 'Light grey', note: 'ISA-101’s usual background, for a bright room' },
];

const MEANINGS: readonly { shape: StatusShape; word: string; what: string; className: string }[] = [
  { shape: 'critical', word: 'Critical', what: 'alarm, act now', className: 'priority priority-critical' },
  { shape: 'high', word: 'High', what: 'alarm, act soon', className: 'priority priority-high' },
  { shape: 'medium', word: 'Medium', what: 'alarm', className: 'priority priority-medium' },
  { shape: 'low', word: 'Low', what: 'alarm, when time allows', className: 'priority priority-low' },
  {
    shape: 'predicted',
    word: 'Predicted',
    what: 'a trend heading for a limit, not an alarm',
    className: 'theme-mark theme-mark-predicted',
  },
  {
    shape: 'offline',
    word: 'Offline',
    what: 'no fresh value: what is shown is old',
    className: 'theme-mark theme-mark-offline',
  },
  {
    shape: 'shelved',
    word: 'Shelved',
    what: 'hidden by an operator, or suppressed by design',
    className: 'theme-mark theme-mark-shelved',
  },
];

export function ThemeSection() {
  const theme = useDisplayPrefs().theme;
  return (
    <section className="theme-section" data-testid="theme-section" aria-labelledby="theme-title">
      <h2 className="view-title" id="theme-title">
        Theme
      </h2>
      <p className="view-note">
        High-performance (ISA-101): grey while everything is normal, colour only where something needs you. Remembered
        by this screen; the <b>half-filled circle</b> in the header switches it too.
      </p>
      <div className="theme-choices" role="radiogroup" aria-labelledby="theme-title">
        {THEMES.map((t) => (
          <label key={t.id} className="theme-choice" data-testid={`theme-${t.id}`}>
            <input
              type="radio"
              name="theme"
              value={t.id}
              checked={theme === t.id}
              onChange={() => setDisplayPrefs({ theme: t.id })}
            />
            <span className="theme-preview" data-theme={t.id} aria-hidden="true">
              <span className="theme-preview-tile">
                <span>Press 1</span>
                <b>31.2 psi</b>
              </span>
              <span className="theme-preview-tile theme-preview-alarm">
                <span>Press 2</span>
                <b>58.9 psi</b>
              </span>
            </span>
            <span className="theme-choice-text">
              <b>{t.title}</b>
              <span>{t.note}</span>
            </span>
          </label>
        ))}
      </div>
      <ul className="theme-meanings" aria-label="What colour means">
        {MEANINGS.map((m) => (
          <li key={m.shape}>
            <span className={m.className}>
              <StatusShapeIcon shape={m.shape} /> {m.word}
            </span>
            <span className="theme-meaning">{m.what}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
