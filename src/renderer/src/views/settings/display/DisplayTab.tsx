// Settings → Display: how this screen looks (theme, clock) and which view each of the
// workstation's displays shows (named layouts, kiosk). The first two are this browser
// profile's (store/display-prefs.ts); layouts are kept in the engine per workstation.
import { ThemeSection } from './ThemeSection';
import { ClockSection } from './ClockSection';
import { LayoutsSection } from './LayoutsSection';

export function DisplayTab() {
  return (
    <div className="display-tab" data-testid="display-tab">
      <ThemeSection />
      <ClockSection />
      <LayoutsSection />
    </div>
  );
}
