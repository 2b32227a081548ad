// The two history requests behind a signal's panel, as stale-guarded queries: the points of a
// window (`history.query`, tier chosen by the engine) and its statistics (`history.stats`).
import type { SeriesPoints, SeriesStats } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/errors';
import { useClient } from '../../app/engine-context';
import { useLatestQuery } from '../../api/use-latest-query';
import type { TimeWindow } from '../../charts/history-option';
import { queryErrorText } from '../../api/query-error-text';

export interface HistoryAnswer {
  /** The window and size asked for: the data's own extent, for splicing and labels. */
  window: TimeWindow;
  maxPoints: number;
  /** null when the engine had nothing for the series in the window. */
  points: SeriesPoints | null;
}

export interface HistoryState {
  answer: HistoryAnswer | undefined;
  loading: boolean;
  /** Only a real failure; an empty range is an answer with no points. */
  error: string | null;
}

/** An engine that does not know the series yet has, for the operator, just no data. */
const isNoData = (err: unknown) => err instanceof EngineError && err.code === 'NOT_FOUND';

export function useHistoryPoints(series: string, window: TimeWindow | null, maxPoints: number): HistoryState {
  const client = useClient();
  const key = window ? `${series}|${window.from}|${window.to}|${maxPoints}` : null;
  const q = useLatestQuery<HistoryAnswer>(key, async () => {
    const w = window!;
    try {
      const result = await client.request('history.query', {
        series: [series],
        from: w.from,
        to: w.to,
        maxPoints,
        tier: 'auto',
      });
      return { window: w, maxPoints, points: result.find((p) => p.series === series) ?? null };
    } catch (err) {
      if (isNoData(err)) return { window: w, maxPoints, points: null };
      throw err;
    }
  });
  return { answer: q.data, loading: q.loading, error: queryErrorText(q.error) };
}

export interface StatsState {
  stats: SeriesStats | undefined;
  loading: boolean;
  error: string | null;
}

export function useHistoryStats(series: string, window: TimeWindow | null): StatsState {
  const client = useClient();
  const key = window ? `${series}|${window.from}|${window.to}` : null;
  const q = useLatestQuery<SeriesStats>(key, () =>
    client.request('history.stats', { series, from: window!.from, to: window!.to }),
  );
  return { stats: q.data, loading: q.loading, error: queryErrorText(q.error) };
}
