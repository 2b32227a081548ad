// A settings section saved whole (notifications, assistant) is loaded once the engine is
// connected, and again after every reconnection — unless the operator is editing it, whose
// draft is never replaced under their hands.
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/app-store';

export function useLoadWhenConnected<T>(
  load: () => Promise<T>,
  dirty: boolean,
  adopt: (value: T) => void,
  fail: (message: string) => void,
): void {
  const connected = useAppStore((s) => s.connection === 'open');
  const latest = useRef({ load, adopt, fail, dirty });
  useEffect(() => {
    latest.current = { load, adopt, fail, dirty };
  });
  useEffect(() => {
    if (!connected) return;
    let current = true;
    latest.current.load().then(
      (value) => {
        if (current && !latest.current.dirty) latest.current.adopt(value);
      },
      (err: unknown) => {
        if (current) latest.current.fail(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      current = false;
    };
  }, [connected]);
}
