// The trend of one signal over the window on screen, from the points the chart has — and, when
// those are too coarse to fit (two minutes of data seen through a day are two 1-minute
// buckets), from a finer answer for the data's own extent, asked for once. So the same readings
// read the same trend, labelled with the same span, whatever range preset shows them.
import { useMemo } from 'react';
import { fitTrend, type TrendFit } from '../../../../shared/trend-fit';
import type { TimeWindow } from '../../charts/history-option';
import { pointsOf, type HistoryPoints } from '../../charts/history-points';
import { useHistoryPoints } from './use-history';

const FINE_POINTS = 1000;

export function useTrendFit(series: string, points: HistoryPoints, window: TimeWindow | null): TrendFit | null {
  const coarse = useMemo(() => (window && points.ts.length > 0 ? fitTrend(points, window) : null), [points, window]);
  const extent = coarse?.state === 'too-little' && coarse.reason === 'points' ? coarse.extent : null;
  const refine = useMemo(() => extent, [extent?.from, extent?.to]); // eslint-disable-line react-hooks/exhaustive-deps
  const fine = useHistoryPoints(series, refine, FINE_POINTS);
  const finePoints = refine ? fine.answer?.points : undefined;
  return useMemo(() => {
    if (!coarse || !window || !finePoints || fine.answer?.window !== refine) return coarse;
    return fitTrend(pointsOf(finePoints), window);
  }, [coarse, window, finePoints, fine.answer?.window, refine]);
}
