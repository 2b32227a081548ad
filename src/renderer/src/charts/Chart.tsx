// The one chart component (wall sparklines, Device history, KPI and model charts). ECharts is
// most of the control room's code, so it is fetched once the first chart's box is on screen,
// not with the page: until it arrives the box is there, empty and sized, and the numbers
// around it are already live. Should it fail to arrive the box stays empty rather than taking
// the view down with it.
import { lazy, Suspense, useEffect, useState, type ComponentType, type Ref } from 'react';
import { LoadBoundary } from '../components/LoadBoundary';
import type { ChartOption } from './echarts';
import type { TimeWindow } from './history-option';
import type { HistoryPoints } from './history-points';
import type { TrendSeries } from './trend-option';
import type { HistoryView } from './use-history-drawing';

export type { HistoryView } from './use-history-drawing';

/** What an exported image says about itself: drawn above the plot and kept as PNG text. */
export interface PngCaption {
  /** "Line 1 press — pressure (psi)": device, signal, unit. */
  title: string;
  /** The range with its zone ("Dec 6 14:02 – 14:04 UTC"). */
  subtitle: string;
}

export interface ChartHandle {
  /**
   * The chart as PNG bytes at twice the screen resolution, on the panel colour, without the zoom
   * slider or toolbox; with a caption, titled and carrying it as text (charts/png-text.ts).
   */
  toPng(caption?: PngCaption): Uint8Array | null;
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

let loading: Promise<ComponentType<ChartProps>> | null = null;
let arrived = false;

/** Fetches the chart code once; a failed fetch is tried again by the next chart that mounts. */
function loadEChart(): Promise<ComponentType<ChartProps>> {
  loading ??= import('./EChart').then(
    (m) => {
      arrived = true;
      return m.EChart;
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

const EChart = lazy(() => loadEChart().then((component) => ({ default: component })));

export function Chart(props: ChartProps) {
  const { label, className } = props;
  // Fetched once this chart's box is on screen, so the chart code never holds up a view's first paint.
  const [ready, setReady] = useState(arrived);
  useEffect(() => {
    if (ready) return;
    let mounted = true;
    loadEChart().then(
      () => mounted && setReady(true),
      () => {},
    );
    return () => {
      mounted = false;
    };
  }, [ready]);
  const empty = <div className={className ? `chart ${className}` : 'chart'} role="img" aria-label={label} />;
  if (!ready) return empty;
  return (
    <LoadBoundary fallback={() => empty}>
      <Suspense fallback={empty}>
        <EChart {...props} />
      </Suspense>
    </LoadBoundary>
  );
}
