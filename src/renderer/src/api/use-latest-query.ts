// A request whose answer depends on inputs that change while it is in flight (a zoom window, a
// range that follows now). `key` names the inputs; a new key starts a new request and only the
// answer to the newest one is kept (LatestRequest). The last answer stays available while the
// next loads, so a chart does not blank between two ranges. When the link to the engine is lost
// the answer on screen stays (a new key is still asked, and says the engine is not connected);
// when the link is back the current key is asked again, so a view left open through an outage
// shows fresh data without a reload — also a range that does not move (an alarm's window).
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/app-store';
import { LatestRequest } from './latest-request';

export interface LatestQuery<T> {
  /** The newest answer received, possibly for an older key while `loading`. */
  data: T | undefined;
  /** The key `data` (or `error`) belongs to. */
  dataKey: string | null;
  error: unknown;
  /** A request for the current key is in flight. */
  loading: boolean;
}

interface Settled<T> {
  key: string;
  data: T | undefined;
  error: unknown;
}

export function useLatestQuery<T>(key: string | null, load: () => Promise<T>): LatestQuery<T> {
  const [guard] = useState(() => new LatestRequest());
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const linkUp = useAppStore((s) => s.connection === 'open');
  const loadRef = useRef(load);
  const askedRef = useRef<string | null>(null);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) {
      guard.invalidate();
      return;
    }
    if (!linkUp && askedRef.current === key) return;
    askedRef.current = key;
    guard
      .run(() => loadRef.current())
      .then(
        (outcome) => {
          if (outcome.current) setSettled({ key, data: outcome.value, error: null });
        },
        (error: unknown) => setSettled({ key, data: undefined, error }),
      );
    return () => guard.invalidate();
  }, [key, guard, linkUp]);

  return {
    data: settled?.data,
    dataKey: settled?.key ?? null,
    error: settled && settled.key === key ? settled.error : null,
    loading: key !== null && settled?.key !== key,
  };
}
