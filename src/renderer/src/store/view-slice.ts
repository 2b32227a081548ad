// Which view fills the screen, for the Device view which device, for the Dead letters view
// which source it is filtered to, and for Settings which tab. Mirrored in the URL hash: `#<view>`
// for every view of the list (app/view-registry.ts), and what the view declares after it —
// #dead-letters/<source>, #settings/<tab>, #device/<id>, #device/<id>@<epoch ms> for a device's
// trend around an alarm, #device/<id>@<preset> (24h) for a device at a range (and
// #device/<id>/<signal>… for one signal, views/device/signal-route.ts) — so a kiosk browser or a bookmark opens straight on a view, a device
// or a source's dead letters can be linked, and reloads keep the place. Opening a device pushes
// a history entry so the browser's Back returns to the Wall; switching views (or the
// dead-letter filter) replaces the entry.
import type { StateCreator } from 'zustand';
import { viewDeclaration, VIEW_LIST, type MainView, type View } from '../app/view-registry';
import type { AppState } from './app-store';

export const VIEWS: readonly View[] = VIEW_LIST.map((v) => v.id);
export type { MainView, View };

export interface Route {
  view: View;
  /** Set only for the Device view. */
  deviceId: string | null;
  /** The Device view's trend centred on this time (an alarm's), instead of the latest hour. */
  at?: number;
  /** The Device view's range preset (`#device/<id>@24h`, from the analytics trend panel). */
  preset?: string;
  /** The Dead letters view's source filter; absent for every source and for other views. */
  source?: string;
  /** The Settings tab; absent for the first tab and for other views. */
  tab?: string;
  /** The Wall's plant area (`#wall/<area>`); absent for every area. */
  area?: string;
  /** The Analytics view's encoded state (`#analytics/<state>`); absent for its default. */
  query?: string;
}

const WALL: Route = { view: 'wall', deviceId: null };
/** Marks a history entry this app pushed, so "back" can pop it instead of stacking another. */
const PUSHED = 'watchfloor:pushed';

/** The decoded part after `<view>/`: '' when there is none, null when it is not valid escaping. */
function decodeTail(path: string, slash: number): string | null {
  const raw = slash < 0 ? '' : path.slice(slash + 1).replace(/\/+$/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const view = viewDeclaration(slash < 0 ? path : path.slice(0, slash));
  if (!view) return WALL;
  const tail = view.tail && decodeTail(path, slash);
  switch (view.tail) {
    case 'device': {
      const m = tail ? /^(.*)@(\d{1,15}|\d{1,3}[mhdy])$/.exec(tail) : null;
      if (m && m[1])
        return { view: view.id, deviceId: m[1], ...(/\d$/.test(m[2]!) ? { at: Number(m[2]) } : { preset: m[2] }) };
      return tail ? { view: view.id, deviceId: tail } : WALL;
    }
    case 'source':
    case 'tab':
    case 'area':
    case 'query':
      return tail ? { view: view.id, deviceId: null, [view.tail]: tail } : { view: view.id, deviceId: null };
    default:
      return { view: view.id, deviceId: null };
  }
}

export function hashForRoute(route: Route): string {
  const tail = viewDeclaration(route.view)?.tail;
  if (tail === 'device' && route.deviceId) {
    const at = route.at !== undefined ? `@${route.at}` : route.preset !== undefined ? `@${route.preset}` : '';
    return `#${route.view}/${encodeURIComponent(route.deviceId)}${at}`;
  }
  const named = tail === 'source' || tail === 'tab' || tail === 'area' || tail === 'query' ? route[tail] : undefined;
  if (named) return `#${route.view}/${encodeURIComponent(named)}`;
  return `#${route.view}`;
}

/** Kept for callers that only care about the view. */
export function viewFromHash(hash: string): View {
  return routeFromHash(hash).view;
}

export interface ViewSlice {
  view: View;
  deviceId: string | null;
  /** The time the Device view's trend is centred on (opened from an alarm), or null for the latest hour. */
  deviceAt: number | null;
  /** The Device view's range preset when opened at one ('24h'), or null for its default. */
  devicePreset: string | null;
  /** The source the Dead letters view is filtered to; null for every source. */
  deadLetterSource: string | null;
  /** The Settings tab shown; null for the first one. */
  settingsTab: string | null;
  /** The plant area the Wall shows (level 2); null for every area. */
  wallArea: string | null;
  /** The Analytics view's encoded state (its URL tail); null for its default. */
  analyticsQuery: string | null;
  /** The device whose view was just left: its Wall tile takes the keyboard focus back. */
  returnFocusTo: string | null;
  clearReturnFocus(): void;
  /** Switches to one of the header's views, unfiltered (replaces the history entry). */
  setView(view: MainView): void;
  /** Opens the Dead letters view filtered to one source, or to none (replaces the history entry). */
  showDeadLetters(source: string | null): void;
  /** Opens Settings on one tab (replaces the history entry). */
  showSettings(tab: string): void;
  /** Opens the Wall of one area, or of every area (adds a history entry, so Back returns to the overview). */
  showWall(area: string | null): void;
  /** Shows (or, from the Analytics view itself, updates) the Analytics state (replaces the history entry). */
  showAnalytics(query: string | null): void;
  /** Opens the Device view for one device (adds a history entry). */
  openDevice(id: string, at?: number, preset?: string): void;
  /** Leaves the Device view: pops our own history entry when there is one, else goes to the Wall. */
  closeDevice(): void;
  /** Follows the URL (hashchange, back/forward); writes nothing to history. */
  applyRoute(route: Route): void;
}

const initialRoute = (): Route => (typeof location === 'undefined' ? WALL : routeFromHash(location.hash));

type RouteState = Pick<
  ViewSlice,
  'view' | 'deviceId' | 'deviceAt' | 'devicePreset' | 'deadLetterSource' | 'settingsTab' | 'wallArea' | 'analyticsQuery'
>;

const stateForRoute = (route: Route): RouteState => ({
  view: route.view,
  deviceId: route.deviceId,
  deviceAt: route.at ?? null,
  devicePreset: route.preset ?? null,
  deadLetterSource: route.source ?? null,
  settingsTab: route.tab ?? null,
  wallArea: route.area ?? null,
  analyticsQuery: route.query ?? null,
});

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => {
  const leaving = (next: Route): Partial<Pick<ViewSlice, 'returnFocusTo'>> => {
    const { view, deviceId } = get();
    return view === 'device' && next.deviceId !== deviceId ? { returnFocusTo: deviceId } : {};
  };
  const replace = (route: Route) => {
    if (typeof history !== 'undefined') history.replaceState(null, '', hashForRoute(route));
    set({ ...stateForRoute(route), ...leaving(route) });
  };
  return {
    ...stateForRoute(initialRoute()),
    returnFocusTo: null,
    clearReturnFocus: () => set({ returnFocusTo: null }),
    setView: (view) => replace({ view, deviceId: null }),
    showDeadLetters: (source) =>
      replace(source ? { view: 'dead-letters', deviceId: null, source } : { view: 'dead-letters', deviceId: null }),
    showSettings: (tab) => replace({ view: 'settings', deviceId: null, tab }),
    showWall: (area) => {
      const route: Route = area === null ? { view: 'wall', deviceId: null } : { view: 'wall', deviceId: null, area };
      if (get().view === 'wall' && get().wallArea === area) return;
      if (typeof history !== 'undefined') history.pushState({ [PUSHED]: true }, '', hashForRoute(route));
      set({ ...stateForRoute(route), ...leaving(route) });
    },
    showAnalytics: (query) =>
      replace(query ? { view: 'analytics', deviceId: null, query } : { view: 'analytics', deviceId: null }),
    openDevice: (id, at, preset) => {
      const route: Route = { view: 'device', deviceId: id, at, preset: at === undefined ? preset : undefined };
      const s = get();
      if (
        s.view === 'device' &&
        s.deviceId === id &&
        s.deviceAt === (at ?? null) &&
        s.devicePreset === (route.preset ?? null)
      )
        return;
      if (typeof history !== 'undefined') history.pushState({ [PUSHED]: true }, '', hashForRoute(route));
      set(stateForRoute(route));
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
      const next = stateForRoute(route);
      if (
        s.view === next.view &&
        s.deviceId === next.deviceId &&
        s.deviceAt === next.deviceAt &&
        s.devicePreset === next.devicePreset &&
        s.deadLetterSource === next.deadLetterSource &&
        s.settingsTab === next.settingsTab &&
        s.wallArea === next.wallArea &&
        s.analyticsQuery === next.analyticsQuery
      )
        return;
      set({ ...next, ...leaving(route) });
    },
  };
};
