// The live trend's drawing: data from the telemetry ring buffers, redrawn after one of its
// series changed, and once a second so the window keeps sliding when a device is quiet —
// through the shared draw queue (draw-queue.ts): once per chart however many of its series
// changed, at most every 500 ms, and only as many charts per frame as fit the frame budget. Does nothing while the chart shows history instead.
import { useEffect, type RefObject } from 'react';
import type { SeriesWindow } from '../telemetry/ring-buffer';
import type { TelemetryStore } from '../telemetry/telemetry-store';
import { onClockTick } from '../telemetry/clock';
import { readTrendColors } from './chart-colors';
import type { ChartInstance } from './echarts';
import { drawQueue } from './draw-queue';
import { baseTrendOption, trendDataUpdate, type TrendSeries } from './trend-option';

export interface LiveTrend {
  /** Keep the array identity stable (useMemo): a new array resets the chart's series. */
  series: readonly TrendSeries[];
  windowMs: number;
  compact: boolean;
}

const EMPTY: SeriesWindow = { ts: new Float64Array(0), value: new Float64Array(0) };
/** Points just before the window keep the line running in from the left edge. */
const LEAD_IN_MS = 15_000;

export function useLiveTrend(
  chart: RefObject<ChartInstance | null>,
  container: RefObject<HTMLElement | null>,
  telemetry: TelemetryStore,
  trend: LiveTrend | null,
  tone: string | undefined,
): void {
  const series = trend?.series;
  const windowMs = trend?.windowMs ?? 0;
  const compact = trend?.compact ?? false;

  useEffect(() => {
    const instance = chart.current;
    const el = container.current;
    if (!instance || !el || !series) return;
    instance.setOption(baseTrendOption(series, readTrendColors(el), compact, windowMs), {
      replaceMerge: ['series'],
      silent: true,
    });

    const draw = () => {
      if (instance.isDisposed()) return;
      const now = Date.now();
      const windows = series.map((s) => telemetry.buffer(s.key)?.since(now - windowMs - LEAD_IN_MS) ?? EMPTY);
      // Drawn now, inside the queue's frame budget (draw-queue.ts), not on ECharts' own next frame.
      instance.setOption(trendDataUpdate(series, windows, now, windowMs), { silent: true });
    };
    draw();
    const queue = drawQueue(instance, draw);
    const offs = series.map((s) => telemetry.subscribe(s.key, queue.request));
    offs.push(onClockTick(queue.request));
    return () => {
      queue.stop();
      for (const off of offs) off();
    };
  }, [chart, container, telemetry, series, windowMs, compact, tone]);
}
