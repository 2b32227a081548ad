// The main area: the current view, drawn at once when its code is here, else a quiet
// placeholder while it is fetched (blank at first, "Loading…" only if it takes a while, so a
// fast load never flashes). A view whose code cannot be fetched says so and offers a reload —
// after an update the page's old chunk names are gone, and a reload brings the new ones.
import { Suspense, use, useEffect } from 'react';
import { LoadBoundary } from '../components/LoadBoundary';
import { useAppStore } from '../store/app-store';
import { loadView, preloadControlRoomViews } from './view-loader';
import type { View } from './view-registry';

function CurrentView({ id }: { id: View }) {
  // Returns at once when the view's code is here (view-loader marks its promise fulfilled).
  const Loaded = use(loadView(id));
  // Once a view is on screen and the engine has answered (a Wall has its tiles), the other
  // control-room views are fetched while nothing else happens: never ahead of the first view's own needs.
  const engineAnswered = useAppStore((s) => s.devicesLoaded);
  useEffect(() => (engineAnswered ? preloadControlRoomViews() : undefined), [engineAnswered]);
  // Not a component made during render: view-loader keeps one per view, the same on every render.
  // eslint-disable-next-line react-hooks/static-components
  return <Loaded />;
}

export function ViewPlaceholder() {
  return (
    <div className="view-loading" data-testid="view-loading" aria-busy="true">
      <span>Loading…</span>
    </div>
  );
}

function LoadFailed({ error }: { error: Error }) {
  return (
    <div className="view-empty" role="alert" data-testid="view-load-failed">
      <p>This view could not be loaded from the engine ({error.message}).</p>
      <button type="button" className="button" onClick={() => location.reload()}>
        Reload the page
      </button>
    </div>
  );
}

export function ViewOutlet({ view }: { view: View }) {
  return (
    <LoadBoundary key={view} fallback={(error) => <LoadFailed error={error} />}>
      <Suspense fallback={<ViewPlaceholder />}>
        <CurrentView id={view} />
      </Suspense>
    </LoadBoundary>
  );
}
