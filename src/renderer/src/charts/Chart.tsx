// The one chart component: a live trend of one or more series from the telemetry buffers.
// It redraws on the animation frame after one of its series changed, and once a second so
// the time window keeps sliding when a device is quiet. Colours come from CSS custom
// properties (--chart-*) on the container, so the theme and tile status stay in CSS.
import { useEffect, useRef } from 'react';
import { useTelemetry } from '../app/engine-context';
import { onClockTick } from '../telemetry/clock';
import type { SeriesWindow } from '../telemetry/ring-buffer';
import { LIVE_WINDOW_MS } from '../telemetry/telemetry-store';
import { baseTrendOption, trendDataUpdate, type TrendColors, type TrendSeries } from './trend-option';
import { useChart } from './use-chart';

export interface ChartProps {
  /** Keep the array identity stable (useMemo): a new array resets the chart's series. */
  series: readonly TrendSeries[];
  windowMs?: number;
  /** Sparkline look: no axes, no labels. */
  compact?: boolean;
  /** Changes the colours (read from CSS) when the status of what is charted changes. */
  tone?: string;
  label: string;
  className?: string;
}

const EMPTY: SeriesWindow = { ts: new Float64Array(0), value: new Float64Array(0) };
/** Points just before the window keep the line running in from the left edge. */
const LEAD_IN_MS = 15_000;

function readColors(el: HTMLElement): TrendColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    line: v('--chart-line', '#4fd1a5'),
    area: v('--chart-area', 'rgba(79, 209, 165, 0.08)'),
    limit: v('--chart-limit', '#e0a040'),
    axis: v('--chart-axis', '#7d8a99'),
  };
}

export function Chart({ series, windowMs = LIVE_WINDOW_MS, compact = false, tone, label, className }: ChartProps) {
  const telemetry = useTelemetry();
  const container = useRef<HTMLDivElement>(null);
  const chart = useChart(container);

  useEffect(() => {
    const instance = chart.current;
    const el = container.current;
    if (!instance || !el) return;
    instance.setOption(baseTrendOption(series, readColors(el), compact), { replaceMerge: ['series'], silent: true });

    const draw = () => {
      const now = Date.now();
      const windows = series.map((s) => telemetry.buffer(s.key)?.since(now - windowMs - LEAD_IN_MS) ?? EMPTY);
      instance.setOption(trendDataUpdate(series, windows, now, windowMs), { lazyUpdate: true, silent: true });
    };
    draw();
    const offs = series.map((s) => telemetry.subscribe(s.key, draw));
    offs.push(onClockTick(draw));
    return () => {
      for (const off of offs) off();
    };
  }, [chart, telemetry, series, windowMs, compact, tone]);

  return <div ref={container} className={className ? `chart ${className}` : 'chart'} role="img" aria-label={label} />;
}
