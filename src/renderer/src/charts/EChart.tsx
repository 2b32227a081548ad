// The chart proper, fetched with ECharts the first time a chart is drawn (see Chart.tsx): it
// owns the ECharts instance (in a ref, disposed on unmount) and draws either a live trend from
// the telemetry buffers (`series`: wall tiles) or a zoomable history (`history`: the Device
// view) or a fixed option (`option`: the KPI charts). Colours come from CSS custom properties
// (--chart-*) on the container, so the theme and status stay in CSS; they are read again on a
// change of either; times follow the screen's clock setting (components/format.ts). A ref exposes what is
// needed to export what the chart shows: a PNG and, for history, the points in view.
import { useEffect, useImperativeHandle, useRef } from 'react';
import { useTelemetry } from '../app/engine-context';
import { useDisplayPrefs } from '../store/display-prefs';
import { LIVE_WINDOW_MS } from '../telemetry/telemetry-store';
import { readHistoryColors } from './chart-colors';
import { chartPng } from './chart-png';
import type { ChartProps } from './Chart';
import { useChart } from './use-chart';
import { useHistoryDrawing } from './use-history-drawing';
import { useLiveTrend, type LiveTrend } from './use-live-trend';

export function EChart(props: ChartProps) {
  const { label, className, ref } = props;
  // A change of this screen's clock setting re-applies the base option, as a new tone does, so
  // axes and tooltips (format.ts formatters) redraw in the new format at once.
  const clock = useDisplayPrefs().clock;
  const tone = `${props.tone ?? ''}|${clock}`;
  const telemetry = useTelemetry();
  const container = useRef<HTMLDivElement>(null);
  const chart = useChart(container);

  const option = props.option;
  useEffect(() => {
    if (option) chart.current?.setOption(option, { notMerge: true, lazyUpdate: true, silent: true });
  }, [chart, option]);

  const trend: LiveTrend | null = props.series
    ? { series: props.series, windowMs: props.windowMs ?? LIVE_WINDOW_MS, compact: props.compact ?? false }
    : null;
  // Colours are read again when the status or the theme changes.
  const theme = useDisplayPrefs().theme;
  const look = `${tone ?? ''}/${theme}`;
  useLiveTrend(chart, container, telemetry, trend, look);
  const drawing = useHistoryDrawing(chart, container, telemetry, props.history ?? null, look);

  useImperativeHandle(
    ref,
    () => ({
      toPng: (caption) => {
        const instance = chart.current;
        const el = container.current;
        if (!instance || !el) return null;
        return chartPng(instance, readHistoryColors(el), caption);
      },
      shownPoints: drawing.shownPoints,
      shownWindow: drawing.shownWindow,
    }),
    [chart, drawing.shownPoints, drawing.shownWindow],
  );

  return <div ref={container} className={className ? `chart ${className}` : 'chart'} role="img" aria-label={label} />;
}
