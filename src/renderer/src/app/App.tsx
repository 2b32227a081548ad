// The application frame: header over the current view.
import { useAppStore } from '../store/app-store';
import { AlarmsView } from '../views/AlarmsView';
import { DeadLettersView } from '../views/dead-letters/DeadLettersView';
import { DeviceView } from '../views/device/DeviceView';
import { ImportView } from '../views/import/ImportView';
import { KpisView } from '../views/kpis/KpisView';
import { SettingsView } from '../views/settings/SettingsView';
import { SourcesView } from '../views/sources/SourcesView';
import { WallView } from '../views/WallView';
import { Header } from './Header';
import { useDesktopNotifications } from './use-desktop-notifications';
import { useNavigation } from './use-navigation';

export function App() {
  const view = useAppStore((s) => s.view);
  const deviceId = useAppStore((s) => s.deviceId);
  const deviceAt = useAppStore((s) => s.deviceAt);
  useNavigation();
  useDesktopNotifications();
  return (
    <div className="app">
      <Header />
      <main className="app-main" data-view={view}>
        {view === 'alarms' ? (
          <AlarmsView />
        ) : view === 'dead-letters' ? (
          <DeadLettersView />
        ) : view === 'sources' ? (
          <SourcesView />
        ) : view === 'import' ? (
          <ImportView />
        ) : view === 'settings' ? (
          <SettingsView />
        ) : view === 'kpis' ? (
          <KpisView />
        ) : view === 'device' && deviceId ? (
          <DeviceView key={`${deviceId}@${deviceAt ?? ''}`} deviceId={deviceId} at={deviceAt} />
        ) : (
          <WallView />
        )}
      </main>
    </div>
  );
}
