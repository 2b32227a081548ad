// The application frame: header over the current view.
import { useAppStore } from '../store/app-store';
import { AlarmsView } from '../views/AlarmsView';
import { WallView } from '../views/WallView';
import { Header } from './Header';
import { useNavigation } from './use-navigation';

export function App() {
  const view = useAppStore((s) => s.view);
  useNavigation();
  return (
    <div className="app">
      <Header />
      <main className="app-main" data-view={view}>
        {view === 'alarms' ? <AlarmsView /> : <WallView />}
      </main>
    </div>
  );
}
