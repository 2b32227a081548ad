// Which view fills the screen, and for the Device view which device. Mirrored in the URL hash
// (#wall, #alarms, #device/<id>) so a kiosk browser or a bookmark opens straight on a view,
// a device can be linked, and reloads keep the place. Opening a device pushes a history
// entry so the browser's Back returns to the Wall; switching views replaces the entry.
import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';

export const VIEWS = ['wall', 'alarms', 'device'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** Set only for the Device view. */
  deviceId: string | null;
}

const WALL: Route = { view: 'wall', deviceId: null };
/** Marks a history entry this app pushed, so "back" can pop it instead of stacking another. */
const PUSHED = 'watchfloor:pushed';

export function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const head = slash < 0 ? path : path.slice(0, slash);
  if (head === 'device') {
    const raw = slash < 0 ? '' : path.slice(slash + 1).replace(/\/+$/, '');
    let id: string;
    try {
      id = decodeURIComponent(raw);
    } catch {
      return WALL;
    }
    return id ? { view: 'device', deviceId: id } : WALL;
  }
  if (head === 'wall' || head === 'alarms') return { view: head, deviceId: null };
  return WALL;
}

export function hashForRoute(route: Route): string {
  return route.view === 'device' && route.deviceId ? `#device/${encodeURIComponent(route.deviceId)}` : `#${route.view}`;
}

/** Kept for callers that only care about the view. */
export function viewFromHash(hash: string): View {
  return routeFromHash(hash).view;
}

export interface ViewSlice {
  view: View;
  deviceId: string | null;
  /** The device whose view was just left: its Wall tile takes the keyboard focus back. */
  returnFocusTo: string | null;
  clearReturnFocus(): void;
  /** Switches to the Wall or the Alarms view (replaces the history entry). */
  setView(view: Exclude<View, 'device'>): void;
  /** Opens the Device view for one device (adds a history entry). */
  openDevice(id: string): void;
  /** Leaves the Device view: pops our own history entry when there is one, else goes to the Wall. */
  closeDevice(): void;
  /** Follows the URL (hashchange, back/forward); writes nothing to history. */
  applyRoute(route: Route): void;
}

const initialRoute = (): Route => (typeof location === 'undefined' ? WALL : routeFromHash(location.hash));

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => {
  const leaving = (next: Route): Partial<Pick<ViewSlice, 'returnFocusTo'>> => {
    const { view, deviceId } = get();
    return view === 'device' && next.deviceId !== deviceId ? { returnFocusTo: deviceId } : {};
  };
  return {
    ...initialRoute(),
    returnFocusTo: null,
    clearReturnFocus: () => set({ returnFocusTo: null }),
    setView: (view) => {
      if (typeof history !== 'undefined') history.replaceState(null, '', `#${view}`);
      set({ view, deviceId: null, ...leaving({ view, deviceId: null }) });
    },
    openDevice: (id) => {
      const route: Route = { view: 'device', deviceId: id };
      if (get().view === 'device' && get().deviceId === id) return;
      if (typeof history !== 'undefined') history.pushState({ [PUSHED]: true }, '', hashForRoute(route));
      set(route);
    },
    closeDevice: () => {
      const state: unknown = typeof history === 'undefined' ? null : history.state;
      if (state && typeof state === 'object' && (state as Record<string, unknown>)[PUSHED] === true) {
        // popstate/hashchange bring the route back in line (see use-navigation).
        history.back();
        return;
      }
      get().setView('wall');
    },
    applyRoute: (route) => {
      const s = get();
      if (s.view === route.view && s.deviceId === route.deviceId) return;
      set({ ...route, ...leaving(route) });
    },
  };
};
