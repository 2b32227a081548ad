// Moving between views without a mouse: each header view's key (view-registry.ts: 1 = Wall,
// 2 = Alarms, 3 = Dead letters, 4 = Sources, 5 = Import, 6 = Settings, 7 = KPIs, 8 = Knowledge,
// 9 = Review, 0 = Analytics), ? opens the keyboard help (`onHelp`), Escape leaves the Device view (all ignored while typing, and Escape also when something inside
// the view already used it), and the URL hash (back/forward, a kiosk URL ending in #alarms, a link to
// #device/<id>, #dead-letters/<source> or #settings/<tab>).
import { useLayoutEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { routeFromHash } from '../store/view-slice';
import { viewForKey } from './view-registry';

/** Inputs that take no text (a row's checkbox) leave the digits to the shortcuts. */
const KEYLESS_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset'];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !KEYLESS_INPUTS.includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useNavigation(onHelp: () => void): void {
  const setView = useAppStore((s) => s.setView);
  const closeDevice = useAppStore((s) => s.closeDevice);
  const applyRoute = useAppStore((s) => s.applyRoute);

  // A layout effect: the keys work as soon as the header is on screen, not a frame later.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat || isTyping(event.target)) return;
      if (event.key === 'Escape') {
        if (event.defaultPrevented || useAppStore.getState().view !== 'device') return;
        event.preventDefault();
        closeDevice();
        return;
      }
      if (event.key === '?') {
        event.preventDefault();
        onHelp();
        return;
      }
      const view = viewForKey(event.key);
      if (!view) return;
      event.preventDefault();
      setView(view);
    };
    const onUrl = () => applyRoute(routeFromHash(location.hash));
    window.addEventListener('keydown', onKey);
    window.addEventListener('hashchange', onUrl);
    window.addEventListener('popstate', onUrl);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('hashchange', onUrl);
      window.removeEventListener('popstate', onUrl);
    };
  }, [setView, closeDevice, applyRoute, onHelp]);
}
