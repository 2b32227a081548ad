// The application frame: header over the current view (see view-registry.ts for the views).
// While the session is locked the frame stays on screen and live but takes no input (inert):
// the lock screen (auth/LockScreen.tsx) sits over it. `?` opens the keyboard help, whose code is
// fetched then (KeyboardHelp.tsx): the first view carries only the key.
import { lazy, Suspense, useCallback, useState, type ComponentType } from 'react';
import { useAppStore } from '../store/app-store';
import { Header } from './Header';
import { useAlarmReport } from './use-alarm-report';
import { useDesktopNotifications } from './use-desktop-notifications';
import { useNavigation } from './use-navigation';
import { ViewOutlet } from './ViewOutlet';

// One chunk for both (first-run/FirstRun.tsx re-exports the help): the tour is shared, and one
// chunk costs the first view one dynamic import's worth of bytes instead of two.
const KeyboardHelp = lazy(() => import('./first-run/FirstRun').then((m) => ({ default: m.KeyboardHelp })));
// The demo-data banner and badge and the first tour (first-run/FirstRun.tsx); nothing if withheld.
// A default export, and no Suspense of its own: every byte here counts against the first view.
const FirstRun = lazy<ComponentType>(() => import('./first-run/FirstRun').catch(() => ({ default: () => null })));

export function App() {
  const view = useAppStore((s) => s.view);
  const deviceId = useAppStore((s) => s.deviceId);
  const locked = useAppStore((s) => s.auth?.session?.locked ?? false);
  const [help, setHelp] = useState(false);
  useNavigation(useCallback(() => setHelp(true), []));
  useDesktopNotifications();
  useAlarmReport();
  return (
    <div className="app" inert={locked} data-locked={locked}>
      <Header />
      <main className="app-main" data-view={view}>
        <ViewOutlet view={view === 'device' && !deviceId ? 'wall' : view} />
      </main>
      <Suspense fallback={null}>
        <FirstRun />
        {help && <KeyboardHelp onClose={() => setHelp(false)} />}
      </Suspense>
    </div>
  );
}
