// The slim bar across every view: product, navigation, link state, alarms awaiting
// acknowledgement and engine health — and, once the page's code is older than the engine's,
// one notice offering a reload; the engine (a central engine's address) and the signed-in user
// with their menu.
import { RemoteEngineBadge } from '../auth/RemoteEngineBadge';
import { SessionBadge } from '../auth/SessionBadge';
import { AlarmCount } from '../components/AlarmCount';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { HealthSummary } from '../components/HealthSummary';
import { OutdatedNotice } from '../components/OutdatedNotice';
import { useAppStore } from '../store/app-store';
import { AlarmSoundToggle } from '../views/alarms/AlarmSoundToggle';
import { preloadView } from './view-loader';
import { MAIN_VIEWS } from './view-registry';

export function Header() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);

  return (
    <header className="app-header">
      <span className="brand">Watchfloor</span>
      <nav className="nav" aria-label="Views">
        {MAIN_VIEWS.map((item) => (
          <button
            key={item.id}
            type="button"
            className="nav-button"
            data-testid={`nav-${item.id}`}
            aria-current={view === item.id ? 'page' : undefined}
            aria-keyshortcuts={item.key}
            onClick={() => setView(item.id)}
            // The view's code is fetched while the pointer or focus is on its way to the click.
            onPointerEnter={() => preloadView(item.id)}
            onFocus={() => preloadView(item.id)}
          >
            {item.title}
            {item.id === 'alarms' && <AlarmCount />}
            <kbd className="nav-key" aria-hidden="true">
              {item.key}
            </kbd>
          </button>
        ))}
      </nav>
      <span className="header-spacer" />
      <OutdatedNotice />
      <AlarmSoundToggle />
      <HealthSummary />
      <RemoteEngineBadge />
      <ConnectionStatus />
      <SessionBadge />
    </header>
  );
}
