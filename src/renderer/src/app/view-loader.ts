// Fetches view components once and remembers them. The promise of a view that has arrived
// says so (status 'fulfilled', React's convention for `use`), so a view that is already here
// renders at once — no placeholder, not even for a frame — and one that is not can be fetched
// ahead: the control-room views after the first paint, any view when the pointer or focus
// reaches its header button.
import type { ComponentType } from 'react';
import { VIEW_LIST, viewDeclaration, type View } from './view-registry';

type Loading = Promise<ComponentType> & { status?: 'fulfilled'; value?: ComponentType };

const loading = new Map<View, Loading>();

/** A view's component, fetched once; later calls share the same promise. */
export function loadView(id: View): Promise<ComponentType> {
  let promise = loading.get(id);
  if (!promise) {
    const declaration = viewDeclaration(id);
    if (!declaration) return Promise.reject(new Error(`no view named "${id}"`));
    // With the view comes the rest of the time format, which points format.ts at this screen's
    // clock setting (components/time-format.ts), so no view shows a time in the default clock —
    // except that the Wall, the first view, never waits for it (its times are tiles' titles,
    // redrawn with every reading); a failed fetch holds no view up.
    const timeFormat = import('../components/time-format').catch(() => undefined);
    const started: Loading = Promise.all([declaration.load(), id === 'wall' ? undefined : timeFormat]).then(
      ([component]) => {
        started.status = 'fulfilled';
        started.value = component;
        return component;
      },
      (err: unknown) => {
        // A failed fetch (engine restarting, network) is tried again next time the view is needed.
        loading.delete(id);
        throw err;
      },
    );
    promise = started;
    loading.set(id, promise);
  }
  return promise;
}

/** Fetches a view ahead of need; failures wait for the real use to report them. */
export function preloadView(id: View): void {
  loadView(id).catch(() => {});
}

/** Fetches every control-room view, when the browser is idle. */
export function preloadControlRoomViews(): () => void {
  const run = () => {
    for (const v of VIEW_LIST) if (v.controlRoom) preloadView(v.id);
  };
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, 200);
  return () => clearTimeout(timer);
}
