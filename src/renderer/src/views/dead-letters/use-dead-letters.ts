// A page of dead letters, newest first, as the Dead letters view and the Sources panel need them.
// Loaded when shown and when the filter or the page changes; loaded again on reconnection, when the health stream's
// dead-letter count moves (at most once per 2 s, however fast bad payloads arrive) and on
// demand. Only the newest answer applies. An action that changes dead letters applies its own
// result at once and is then confirmed by a fresh load.
import { useCallback, useEffect, useState } from 'react';
import { LatestRequest } from '../../api/latest-request';
import { useClient } from '../../app/engine-context';
import { useAppStore } from '../../store/app-store';
import { describeDeadLetterError, type DeadLetterFailure } from './dead-letter-error';
import type { DeadLetterPage } from './dead-letter-page';
import { RefreshPacer } from './refresh-pacer';

const REFRESH_MIN_MS = 2000;

interface Loaded {
  source: string | null;
  limit: number;
  before: number | undefined;
  page: DeadLetterPage;
  at: number;
}

export type DeadLetterCounts = Pick<DeadLetterPage, 'total' | 'bySource' | 'dropped'>;

export interface DeadLetterList {
  /** The page for this filter and cursor; null until it has loaded. */
  page: DeadLetterPage | null;
  /** Counts for every source, from the newest page whatever its filter; null until one loaded. */
  counts: DeadLetterCounts | null;
  /** Local time of the newest answer. */
  loadedAt: number | null;
  failure: DeadLetterFailure | null;
  refresh(): void;
  /**
   * Runs an action on dead letters: answers to loads begun before it are dropped, `apply` folds
   * its result into the page at once, and the list loads again whether it succeeded or not.
   */
  change<T>(action: () => Promise<T>, apply: (page: DeadLetterPage, result: T) => DeadLetterPage): Promise<T>;
}

/** `before`: the cursor of an older page (a previous page's `next`); undefined for the newest. */
export function useDeadLetterList(source: string | null, limit: number, before?: number): DeadLetterList {
  const client = useClient();
  const [guard] = useState(() => new LatestRequest());
  const [revision, setRevision] = useState(0);
  const [pacer] = useState(() => new RefreshPacer(() => setRevision((r) => r + 1), REFRESH_MIN_MS));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<DeadLetterFailure | null>(null);

  useEffect(() => {
    guard
      .run(() =>
        client.request('deadLetters.list', {
          limit,
          ...(source === null ? {} : { source }),
          ...(before === undefined ? {} : { before }),
        }),
      )
      .then(
        (outcome) => {
          if (!outcome.current) return;
          setLoaded({ source, limit, before, page: outcome.value, at: Date.now() });
          setFailure(null);
        },
        (err: unknown) => setFailure(describeDeadLetterError(err, 'load')),
      );
    return () => guard.invalidate();
  }, [client, guard, source, limit, before, revision]);

  // Followed outside React's render: health arrives every 2 s and this only needs one number.
  useEffect(() => {
    const off = useAppStore.subscribe((s, prev) => {
      const moved = s.health !== null && s.health.deadLetters !== prev.health?.deadLetters;
      const reconnected = s.connection === 'open' && prev.connection !== 'open';
      if (moved || reconnected) pacer.request();
    });
    return () => {
      off();
      pacer.cancel();
    };
  }, [pacer]);

  const refresh = useCallback(() => pacer.refreshNow(), [pacer]);

  const change = useCallback(
    async <T>(action: () => Promise<T>, apply: (page: DeadLetterPage, result: T) => DeadLetterPage) => {
      guard.invalidate();
      try {
        const result = await action();
        setLoaded((l) => l && { ...l, page: apply(l.page, result) });
        return result;
      } finally {
        pacer.refreshNow();
      }
    },
    [guard, pacer],
  );

  const current =
    loaded && loaded.source === source && loaded.limit === limit && loaded.before === before ? loaded : null;
  return {
    page: current?.page ?? null,
    counts: loaded?.page ?? null,
    loadedAt: current?.at ?? null,
    failure,
    refresh,
    change,
  };
}
