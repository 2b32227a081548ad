// The points behind the trend panel: every selected series over the range, asked in batches of
// the contract's 64 series per `history.query`, at a few hundred points each (the fit needs the
// shape, not every reading), refreshed as a range that ends now moves on.
import { useEffect, useState } from 'react';
import { fitTrend, type TrendInput } from '../../../../../shared/trend-fit';
import { useClient } from '../../../app/engine-context';
import { useLatestQuery } from '../../../api/use-latest-query';
import { liveRefreshMs, presetMs, type PresetId } from '../../device/history-range';

const BATCH = 64;
const POINTS = 400;
/** At most this many series asked again for a finer answer per refresh. */
const REFINE_MAX = 64;

export interface TrendPoints {
  window: { from: number; to: number };
  points: ReadonlyMap<string, TrendInput>;
}

export function useTrendPoints(series: readonly string[], preset: PresetId) {
  const client = useClient();
  const span = presetMs(preset);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), liveRefreshMs(span));
    return () => clearInterval(timer);
  }, [span]);
  const window = { from: now - span, to: now };
  const key = series.length > 0 ? `${series.join(',')}|${window.from}|${window.to}` : null;
  const q = useLatestQuery<TrendPoints>(key, async () => {
    const batches: string[][] = [];
    for (let i = 0; i < series.length; i += BATCH) batches.push(series.slice(i, i + BATCH));
    const answers = await Promise.all(
      batches.map((b) =>
        client.request('history.query', {
          series: b,
          from: window.from,
          to: window.to,
          maxPoints: POINTS,
          tier: 'auto',
        }),
      ),
    );
    const points = new Map<string, TrendInput>();
    for (const p of answers.flat()) points.set(p.series, p);
    // Too coarse to fit (a short stretch of data in a long range: a bucket or two): ask again for
    // that stretch alone, as the Device view does (views/device/use-trend-fit.ts).
    const coarse = [...points].flatMap(([s, p]) => {
      const fit = fitTrend(p, window);
      return fit.state === 'too-little' && fit.reason === 'points' && fit.extent ? [{ s, extent: fit.extent }] : [];
    });
    const finer = await Promise.all(
      coarse
        .slice(0, REFINE_MAX)
        .map(({ s, extent }) =>
          client.request('history.query', { series: [s], ...extent, maxPoints: POINTS, tier: 'auto' }),
        ),
    );
    for (const p of finer.flat()) if (p.ts.length > 0) points.set(p.series, p);
    return { window, points };
  });
  return { answer: q.data, loading: q.loading, error: q.error };
}
