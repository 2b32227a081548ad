// The header's quick theme switch, for the operator who needs it at 3 a.m. without opening
// Settings: one press swaps dark grey and light grey (ISA-101, app/theme.css), remembered by
// this screen (store/display-prefs.ts) like the choice in Settings → Display.
import { setDisplayPrefs, useDisplayPrefs } from '../store/display-prefs';
import { ThemeIcon } from './icons';

export function ThemeToggle() {
  const theme = useDisplayPrefs().theme;
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="sound-toggle"
      data-testid="theme-toggle"
      data-theme-now={theme}
      title={`Switch to the ${next} theme`}
      onClick={() => setDisplayPrefs({ theme: next })}
    >
      <ThemeIcon />
      <span className="sr-only">{`Switch to the ${next} theme`}</span>
    </button>
  );
}
