// The one chart component: it owns the ECharts instance (in a ref, disposed on unmount) and
// draws either a live trend from the telemetry buffers (`series`: wall tiles) or a zoomable
// history (`history`: the Device view) or a fixed option (`option`: the KPI charts). Colours come from CSS custom properties (--chart-*)
// on the container, so the theme and status stay in CSS. A ref exposes what is needed to
// export what the chart shows: a PNG and, for history, the points in view.
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useTelemetry } from '../app/engine-context';
import { LIVE_WINDOW_MS } from '../telemetry/telemetry-store';
import { readHistoryColors } from './chart-colors';
import type { ChartOption } from './echarts';
import type { TimeWindow } from './history-option';
import type { HistoryPoints } from './history-points';
import type { TrendSeries } from './trend-option';
import { useChart } from './use-chart';
import { useHistoryDrawing, type HistoryView } from './use-history-drawing';
import { useLiveTrend, type LiveTrend } from './use-live-trend';

export type { HistoryView } from './use-history-drawing';

export interface ChartHandle {
  /** The chart as a PNG data URL at twice the screen resolution, on the panel colour. */
  toPng(): string | null;
  /** History only: the points in view (zoom window, live tail included). */
  shownPoints(): HistoryPoints | null;
  shownWindow(): TimeWindow | null;
}

interface CommonProps {
  /** Changes the colours (read from CSS) when the status of what is charted changes. */
  tone?: string;
  label: string;
  className?: string;
  ref?: Ref<ChartHandle>;
}

/** A chart whose whole option is given (small, changing rarely): KPI bars and lines. */
export interface OptionChartProps extends CommonProps {
  option: ChartOption;
  series?: undefined;
  history?: undefined;
}

export interface LiveChartProps extends CommonProps {
  /** Keep the array identity stable (useMemo): a new array resets the chart's series. */
  series: readonly TrendSeries[];
  windowMs?: number;
  /** Sparkline look: no axes, no labels. */
  compact?: boolean;
  history?: undefined;
  option?: undefined;
}

export interface HistoryChartProps extends CommonProps {
  history: HistoryView;
  series?: undefined;
  option?: undefined;
}

export type ChartProps = LiveChartProps | HistoryChartProps | OptionChartProps;

export function Chart(props: ChartProps) {
  const { tone, label, className, ref } = props;
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
  useLiveTrend(chart, container, telemetry, trend, tone);
  const drawing = useHistoryDrawing(chart, container, telemetry, props.history ?? null, tone);

  useImperativeHandle(
    ref,
    () => ({
      toPng: () => {
        const instance = chart.current;
        const el = container.current;
        if (!instance || !el) return null;
        return instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: readHistoryColors(el).panel });
      },
      shownPoints: drawing.shownPoints,
      shownWindow: drawing.shownWindow,
    }),
    [chart, drawing.shownPoints, drawing.shownWindow],
  );

  return <div ref={container} className={className ? `chart ${className}` : 'chart'} role="img" aria-label={label} />;
}
