// Which view fills the screen. Mirrored in the URL hash so a kiosk browser or a bookmark can
// open a wall display straight on the alarm queue (…/#alarms), and reloads keep the view.
import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';

export const VIEWS = ['wall', 'alarms'] as const;
export type View = (typeof VIEWS)[number];

export function viewFromHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'wall';
}

export interface ViewSlice {
  view: View;
  setView(view: View): void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: typeof location === 'undefined' ? 'wall' : viewFromHash(location.hash),
  setView: (view) => {
    if (typeof history !== 'undefined') history.replaceState(null, '', `#${view}`);
    set({ view });
  },
});
