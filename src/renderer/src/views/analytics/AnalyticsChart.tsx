// One Analytics chart: an ECharts instance (charts/use-chart.ts: in a ref, resized with its box,
// disposed on unmount) drawn from an option the panel builds with the panel's colours. The panel
// hears zoom and clicks; the option's builder is kept so the panel can export the same picture.
import { useEffect, useRef } from 'react';
import type { ChartOption } from '../../charts/echarts';
import { useChart } from '../../charts/use-chart';
import { readAnalyticsColors, type AnalyticsColors } from './analytics-chart';

export interface AnalyticsChartProps {
  label: string;
  className?: string;
  /** Builds the option from the colours read off the chart's box; keep its identity stable. */
  build(colors: AnalyticsColors): ChartOption;
  /** The x zoom window (ms) after the user zooms, or null when back to the whole range. */
  onZoom?(window: { from: number; to: number } | null): void;
  onClick?(params: { seriesIndex?: number; dataIndex?: number; value?: unknown }): void;
  /** A change of this (a new range) zooms back out to the whole range. */
  zoomKey?: string;
}

export function AnalyticsChart({ label, className, build, onZoom, onClick, zoomKey }: AnalyticsChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useChart(box);
  const handlers = useRef({ onZoom, onClick });
  useEffect(() => {
    handlers.current = { onZoom, onClick };
  });

  useEffect(() => {
    const instance = chart.current;
    const el = box.current;
    if (!instance || !el) return;
    // Series and value axes are replaced, the rest merged: a zoom survives a live refresh.
    instance.setOption(build(readAnalyticsColors(el)), { replaceMerge: ['series', 'yAxis'], lazyUpdate: true });
  }, [chart, build]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || zoomKey === undefined) return;
    instance.dispatchAction({ type: 'dataZoom', start: 0, end: 100 });
    handlers.current.onZoom?.(null);
  }, [chart, zoomKey]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const zoom = () => {
      const dz = (
        instance.getOption().dataZoom as
          { startValue?: number; endValue?: number; start?: number; end?: number }[] | undefined
      )?.[0];
      if (!dz) return;
      const whole = (dz.start ?? 0) <= 0 && (dz.end ?? 100) >= 100;
      handlers.current.onZoom?.(
        whole || dz.startValue === undefined || dz.endValue === undefined
          ? null
          : { from: dz.startValue, to: dz.endValue },
      );
    };
    const click = (p: unknown) => handlers.current.onClick?.(p as { seriesIndex?: number; dataIndex?: number });
    instance.on('datazoom', zoom);
    instance.on('click', click);
    return () => {
      instance.off('datazoom', zoom);
      instance.off('click', click);
    };
  }, [chart]);

  return (
    <div
      ref={box}
      className={className ? `analytics-chart ${className}` : 'analytics-chart'}
      role="img"
      aria-label={label}
    />
  );
}
