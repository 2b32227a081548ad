// One of Settings → Users' lists (users, sessions, API tokens): loaded once connected and after
// every reconnection, reloaded after each change made from here, with the failure in words.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../../store/app-store';
import { messageOf } from '../use-save-cycle';

export interface AdminList<T> {
  items: readonly T[] | null;
  /** When the items were loaded: what "locked out until" is judged against. */
  loadedAt: number;
  error: string | null;
  reload(): void;
}

export function useAdminList<T>(load: () => Promise<readonly T[]>, what: string): AdminList<T> {
  const connected = useAppStore((s) => s.connection === 'open');
  const [items, setItems] = useState<readonly T[] | null>(null);
  const [loadedAt, setLoadedAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    if (!connected) return;
    let current = true;
    latest.current().then(
      (value) => {
        if (!current) return;
        setItems(value);
        setLoadedAt(Date.now());
        setError(null);
      },
      (err: unknown) => current && setError(`Could not load the ${what}: ${messageOf(err)}`),
    );
    return () => {
      current = false;
    };
  }, [connected, generation, what]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { items, loadedAt, error, reload };
}

/** A time in a table: local time, or a dash. */
export function when(ts: number | null, format: (ts: number) => string): string {
  return ts === null ? '—' : format(ts);
}

/** Areas as a list reads them: every area when null. */
export function areasText(areas: readonly string[] | null): string {
  return areas === null ? 'all' : areas.join(', ') || 'none';
}

/** "a, b , c" → ['a','b','c']; empty → null (every area). */
export function parseAreas(text: string): string[] | null {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length === 0 ? null : [...new Set(list)];
}
