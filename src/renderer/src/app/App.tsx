// The application frame: header over the current view (see view-registry.ts for the views).
import { useAppStore } from '../store/app-store';
import { Header } from './Header';
import { useDesktopNotifications } from './use-desktop-notifications';
import { useNavigation } from './use-navigation';
import { ViewOutlet } from './ViewOutlet';

export function App() {
  const view = useAppStore((s) => s.view);
  const deviceId = useAppStore((s) => s.deviceId);
  useNavigation();
  useDesktopNotifications();
  return (
    <div className="app">
      <Header />
      <main className="app-main" data-view={view}>
        <ViewOutlet view={view === 'device' && !deviceId ? 'wall' : view} />
      </main>
    </div>
  );
}
