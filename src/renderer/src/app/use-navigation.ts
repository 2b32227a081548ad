// Moving between views without a mouse: 1 = Wall, 2 = Alarms, Escape leaves the Device view
// (all ignored while typing, and Escape also when something inside the view already used it),
// and the URL hash (back/forward, a kiosk URL ending in #alarms, a link to #device/<id>).
import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { routeFromHash, type View } from '../store/view-slice';

const KEYS: Record<string, Exclude<View, 'device'>> = { '1': 'wall', '2': 'alarms' };

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useNavigation(): void {
  const setView = useAppStore((s) => s.setView);
  const closeDevice = useAppStore((s) => s.closeDevice);
  const applyRoute = useAppStore((s) => s.applyRoute);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat || isTyping(event.target)) return;
      if (event.key === 'Escape') {
        if (event.defaultPrevented || useAppStore.getState().view !== 'device') return;
        event.preventDefault();
        closeDevice();
        return;
      }
      const view = KEYS[event.key];
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
  }, [setView, closeDevice, applyRoute]);
}
