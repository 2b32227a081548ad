// The slim bar across every view: product, navigation, link state, alarms awaiting
// acknowledgement and engine health — and, once the page's code is older than the engine's,
// one notice offering a reload; the engine (a central engine's address) and the signed-in user
// with their menu. On a narrow screen (layout.css) the views fold behind a menu button that
// names the current view, so the header never makes a phone's page wider than the phone.
import { useState } from 'react';
import { RemoteEngineBadge } from '../auth/RemoteEngineBadge';
import { SessionBadge } from '../auth/SessionBadge';
import { AlarmCount } from '../components/AlarmCount';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { MenuIcon } from '../components/icons';
import { HealthSummary } from '../components/HealthSummary';
import { OutdatedNotice } from '../components/OutdatedNotice';
import { ThemeToggle } from '../components/ThemeToggle';
import { useAppStore } from '../store/app-store';
import { AlarmSoundToggle } from '../views/alarms/AlarmSoundToggle';
import { preloadView } from './view-loader';
import { MAIN_VIEWS } from './view-registry';

export function Header() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const [menu, setMenu] = useState(false);

  return (
    <header className="app-header">
      <span className="brand">Watchfloor</span>
      <button
        type="button"
        className="button nav-menu"
        data-testid="nav-menu"
        aria-expanded={menu}
        aria-controls="views-nav"
        onClick={() => setMenu(!menu)}
      >
        <MenuIcon /> {MAIN_VIEWS.find((v) => v.id === view)?.title ?? 'Views'}
      </button>
      <nav id="views-nav" className="nav" aria-label="Views" data-open={menu}>
        {MAIN_VIEWS.map((item) => (
          <button
            key={item.id}
            type="button"
            className="nav-button"
            data-testid={`nav-${item.id}`}
            aria-current={view === item.id ? 'page' : undefined}
            aria-keyshortcuts={item.key}
            onClick={() => {
              setMenu(false);
              setView(item.id);
            }}
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
      <ThemeToggle />
      <HealthSummary />
      <RemoteEngineBadge />
      <ConnectionStatus />
      <SessionBadge />
    </header>
  );
}
