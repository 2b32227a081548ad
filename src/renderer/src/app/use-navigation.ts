// Moving between views without a mouse: 1 = Wall, 2 = Alarms (ignored while typing), and the
// URL hash (back/forward, a kiosk URL ending in #alarms).
import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { viewFromHash, type View } from '../store/view-slice';

const KEYS: Record<string, View> = { '1': 'wall', '2': 'alarms' };

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useNavigation(): void {
  const setView = useAppStore((s) => s.setView);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat || isTyping(event.target)) return;
      const view = KEYS[event.key];
      if (!view) return;
      event.preventDefault();
      setView(view);
    };
    const onHash = () => setView(viewFromHash(location.hash));
    window.addEventListener('keydown', onKey);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('hashchange', onHash);
    };
  }, [setView]);
}
