// The slim bar across every view: product, navigation, link state, alarms awaiting
// acknowledgement and engine health.
import { AlarmCount } from '../components/AlarmCount';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { HealthSummary } from '../components/HealthSummary';
import { useAppStore } from '../store/app-store';
import { AlarmSoundToggle } from '../views/alarms/AlarmSoundToggle';
import type { MainView } from '../store/view-slice';

interface NavItem {
  view: MainView;
  label: string;
  key: string;
}

const NAV: NavItem[] = [
  { view: 'wall', label: 'Wall', key: '1' },
  { view: 'alarms', label: 'Alarms', key: '2' },
  { view: 'dead-letters', label: 'Dead letters', key: '3' },
  { view: 'sources', label: 'Sources', key: '4' },
  { view: 'import', label: 'Import', key: '5' },
  { view: 'settings', label: 'Settings', key: '6' },
  { view: 'kpis', label: 'KPIs', key: '7' },
];

export function Header() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);

  return (
    <header className="app-header">
      <span className="brand">Watchfloor</span>
      <nav className="nav" aria-label="Views">
        {NAV.map((item) => (
          <button
            key={item.view}
            type="button"
            className="nav-button"
            data-testid={`nav-${item.view}`}
            aria-current={view === item.view ? 'page' : undefined}
            aria-keyshortcuts={item.key}
            onClick={() => setView(item.view)}
          >
            {item.label}
            {item.view === 'alarms' && <AlarmCount />}
            <kbd className="nav-key" aria-hidden="true">
              {item.key}
            </kbd>
          </button>
        ))}
      </nav>
      <span className="header-spacer" />
      <AlarmSoundToggle />
      <HealthSummary />
      <ConnectionStatus />
    </header>
  );
}
