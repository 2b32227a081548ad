// History for an Analytics panel: many series over one window in one `history.query` (the
// engine buckets them on one grid, so series line up), stale-guarded (api/use-latest-query.ts:
// the last answer stays while the next loads, and an outage keeps it and asks again on
// reconnect). A series the engine does not know yet comes back empty, not as an error.
import type { SeriesPoints, Tier } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/errors';
import { useLatestQuery } from '../../api/use-latest-query';
import { useClient } from '../../app/engine-context';
import type { Device } from '../../../../shared/domain';
import { queryErrorText } from '../../api/query-error-text';

export interface AnalyticsHistory {
  points: SeriesPoints[] | undefined;
  loading: boolean;
  error: string | null;
}

const empty = (series: string, tier: Tier): SeriesPoints => ({
  series,
  tier,
  bucketMs: 0,
  ts: [],
  value: [],
  min: [],
  max: [],
  count: [],
});

export function useAnalyticsHistory(
  series: readonly string[],
  window: { from: number; to: number } | null,
  maxPoints: number,
  tier: Tier | 'auto' = 'auto',
): AnalyticsHistory {
  const client = useClient();
  const key = window && series.length ? `${series.join(',')}|${window.from}|${window.to}|${maxPoints}|${tier}` : null;
  const q = useLatestQuery<SeriesPoints[]>(key, async () => {
    const w = window!;
    try {
      const answer = await client.request('history.query', {
        series: [...series],
        from: w.from,
        to: w.to,
        maxPoints,
        tier,
      });
      return series.map((s) => answer.find((p) => p.series === s) ?? empty(s, tier === 'auto' ? 'raw' : tier));
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return series.map((s) => empty(s, 'raw'));
      throw err;
    }
  });
  return { points: key ? q.data : [], loading: q.loading, error: queryErrorText(q.error) };
}

export interface SeriesInfo {
  series: string;
  device: string;
  deviceName: string;
  signal: string;
  unit: string;
  /** "device-001/temperature (°C)": how a legend, a table and an export name it. */
  label: string;
}

/** What the registry says about a series; a series of a device no longer known keeps its id. */
export function seriesInfo(series: string, devices: readonly Device[], unitText: (unit: string) => string): SeriesInfo {
  const slash = series.indexOf('/');
  const device = series.slice(0, slash);
  const signal = series.slice(slash + 1);
  const d = devices.find((x) => x.id === device);
  const unit = d?.signals.find((s) => s.key === signal)?.unit ?? '';
  const shown = unitText(unit);
  return {
    series,
    device,
    deviceName: d?.name ?? device,
    signal,
    unit: shown,
    label: shown ? `${series} (${shown})` : series,
  };
}
