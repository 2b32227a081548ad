// Puts this screen's theme (store/display-prefs.ts: ISA-101 grey, dark or light) on the page as
// <html data-theme>, which selects the palette of app/theme.css. Imported first by main.tsx, so
// the attribute is set before React renders anything (no frame in the wrong theme), and kept in
// step with every change — before any component hears of it, so charts that read their colours
// on the change read the new palette.
import { getDisplayPrefs, subscribeDisplayPrefs, type ThemeName } from '../store/display-prefs';

export function applyTheme(theme: ThemeName): void {
  const root = document.documentElement;
  if (root.dataset.theme !== theme) root.dataset.theme = theme;
}

applyTheme(getDisplayPrefs().theme);
subscribeDisplayPrefs(() => applyTheme(getDisplayPrefs().theme));
