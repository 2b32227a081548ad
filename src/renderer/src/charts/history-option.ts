// ECharts options for a history chart, from plain arrays. The base option (axes, zoom,
// tooltip, alarm limits, normal band, and whether there is a min/max band at all) is set when
// the look changes, with replaceMerge on series because the band comes and goes with
// downsampling; each redraw then sends only data, the time axis and the value range.
import type { AlarmLimits } from '../../../shared/domain';
import { formatLocalTime, formatValue, unitSuffix } from '../components/format';
import { formatAxisTime, timeZoneLabel } from '../components/time-format';
import type { ChartOption } from './echarts';
import { extentOf, type HistoryPoints } from './history-points';
import { greyedData, LABEL_SERIES_IDS } from './label-marks';
import { limitsInView, paddedRange } from './trend-option';

export interface HistoryLook {
  name: string;
  unit: string;
  limits?: AlarmLimits;
  normal?: readonly [number, number];
  /** Downsampled data (bucketMs > 0) gets a min/max band behind the average line. */
  downsampled: boolean;
}

export interface HistoryColors {
  line: string;
  band: string;
  limit: string;
  critical: string;
  normal: string;
  axis: string;
  text: string;
  panel: string;
}

export interface TimeWindow {
  from: number;
  to: number;
}

export const SERIES_IDS = { avg: 'avg', bandBase: 'band-base', bandRange: 'band-range' } as const;

const LIMITS: { key: keyof AlarmLimits; label: string; critical: boolean }[] = [
  { key: 'hiHi', label: 'HiHi', critical: true },
  { key: 'hi', label: 'Hi', critical: false },
  { key: 'lo', label: 'Lo', critical: false },
  { key: 'loLo', label: 'LoLo', critical: true },
];

/** The plot's margins in the chart's box (px): labelling and downsampling work in the plot. */
export const HISTORY_GRID = { left: 56, right: 20, top: 20, bottom: 64 } as const;

/** Shortest zoom window: below this there is nothing more for the engine to resolve. */
export const MIN_ZOOM_SPAN_MS = 10_000;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function limitMarkLines(limits: AlarmLimits | undefined, colors: HistoryColors) {
  return LIMITS.flatMap(({ key, label, critical }) => {
    const y = limits?.[key];
    if (y === undefined) return [];
    const color = critical ? colors.critical : colors.limit;
    return [
      {
        name: label,
        yAxis: y,
        label: { formatter: `${label} ${formatValue(y)}`, color },
        lineStyle: { color, type: critical ? ('solid' as const) : ('dashed' as const) },
      },
    ];
  });
}

interface TooltipParam {
  seriesId?: string;
  data?: unknown;
}

/**
 * The tooltip's text for the point under the pointer. Nothing (ECharts then hides the box) for a
 * gap, and for a point outside the window in view: the chart is handed one point beyond each
 * edge and a window either side (visible-points.ts), and the axis tooltip snaps to the nearest
 * point, so a zoom window with no data of its own would otherwise show one from outside it.
 */
export function tooltipFormatter(unit: string, inView: () => TimeWindow | null = () => null) {
  const u = escapeHtml(unitSuffix(unit));
  return (raw: unknown): string => {
    const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
    const avg = params.find((p) => p.seriesId === SERIES_IDS.avg);
    const d = avg?.data as (number | null)[] | undefined;
    if (!d || d[1] === null || d[1] === undefined) return '';
    const [ts, value, min, max, count] = d as number[];
    const view = inView();
    if (view && (ts! < view.from || ts! > view.to)) return '';
    const lines = [`<b>${escapeHtml(formatLocalTime(ts!))}</b>`];
    if (count !== undefined && count > 1) {
      lines.push(`avg ${formatValue(value!)}${u}`);
      lines.push(`min ${formatValue(min!)} · max ${formatValue(max!)}`);
      lines.push(`${count} readings`);
    } else {
      lines.push(`${formatValue(value!)}${u}`);
    }
    return lines.join('<br/>');
  };
}

/** Time-axis ticks in this screen's clock (format.ts), seconds when the window is short. */
export function axisTimeFormatter(inView: () => TimeWindow | null) {
  return (ts: number): string => {
    const view = inView();
    return formatAxisTime(ts, view ? view.to - view.from : Infinity);
  };
}

export function historyBaseOption(
  look: HistoryLook,
  colors: HistoryColors,
  /** The window in view right now, read when the tooltip or an axis label is drawn. */
  inView: () => TimeWindow | null = () => null,
): ChartOption {
  const quiet = { silent: true, showSymbol: false, symbol: 'none', animation: false } as const;
  const band = look.downsampled
    ? [
        {
          ...quiet,
          id: SERIES_IDS.bandBase,
          type: 'line' as const,
          stack: 'band',
          stackStrategy: 'all' as const,
          data: [],
          lineStyle: { opacity: 0 },
          z: 1,
        },
        {
          ...quiet,
          id: SERIES_IDS.bandRange,
          name: 'min–max',
          type: 'line' as const,
          stack: 'band',
          stackStrategy: 'all' as const,
          data: [],
          lineStyle: { opacity: 0 },
          areaStyle: { color: colors.band, opacity: 1 },
          z: 1,
        },
      ]
    : [];
  return {
    animation: false,
    grid: { ...HISTORY_GRID },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: colors.panel,
      borderColor: colors.axis,
      textStyle: { color: colors.text, fontSize: 12 },
      axisPointer: { type: 'line', lineStyle: { color: colors.axis } },
      formatter: tooltipFormatter(look.unit, inView),
    },
    xAxis: {
      type: 'time',
      axisLine: { lineStyle: { color: colors.axis } },
      axisLabel: { color: colors.axis, hideOverlap: true, formatter: axisTimeFormatter(inView) },
      splitLine: { show: false },
      // The ticks leave the zone out (format.ts); the axis names it once.
      name: timeZoneLabel(),
      nameLocation: 'end',
      nameGap: 6,
      nameTextStyle: { color: colors.axis, align: 'right', verticalAlign: 'top', padding: [18, 0, 0, 0] },
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: colors.axis },
      splitLine: { lineStyle: { color: colors.axis, opacity: 0.2 } },
    },
    // No start/end here: re-applying the look must not undo the operator's zoom.
    dataZoom: [
      {
        id: 'inside',
        type: 'inside',
        xAxisIndex: 0,
        filterMode: 'none',
        // A plain drag selects a range to label (label-drag.ts); shift-drag pans, the wheel
        // zooms, and the slider below does both.
        moveOnMouseMove: 'shift',
        minValueSpan: MIN_ZOOM_SPAN_MS,
      },
      {
        id: 'slider',
        type: 'slider',
        xAxisIndex: 0,
        filterMode: 'none',
        minValueSpan: MIN_ZOOM_SPAN_MS,
        // The shadow spaces points evenly by index, which misdraws gaps and sparse data.
        showDataShadow: false,
        height: 20,
        bottom: 10,
        borderColor: colors.axis,
        textStyle: { color: colors.axis },
        fillerColor: colors.band,
        dataBackground: { lineStyle: { color: colors.axis }, areaStyle: { color: colors.band } },
        // ECharts' own handles are blue: the theme's greys instead.
        handleStyle: { color: colors.panel, borderColor: colors.axis },
        moveHandleStyle: { color: colors.axis },
        emphasis: { handleStyle: { borderColor: colors.text }, moveHandleStyle: { color: colors.text } },
      },
    ],
    series: [
      {
        id: SERIES_IDS.avg,
        name: look.name,
        type: 'line',
        data: [],
        showSymbol: false,
        symbolSize: 4,
        connectNulls: false,
        animation: false,
        z: 3,
        lineStyle: { width: 1.5, color: colors.line },
        itemStyle: { color: colors.line },
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          label: { position: 'insideEndTop', fontSize: 11 },
          lineStyle: { width: 1, opacity: 0.8 },
          data: limitMarkLines(look.limits, colors),
        },
        markArea: look.normal
          ? {
              silent: true,
              animation: false,
              itemStyle: { color: colors.normal },
              label: { show: false },
              data: [[{ name: 'normal', yAxis: look.normal[0] }, { yAxis: look.normal[1] }]],
            }
          : undefined,
      },
      ...band,
      // Labels (shaded ranges, alarm lines), bad data greyed and corrected values: empty until
      // a chart has labels (label-marks.ts fills them), declared here so a new look keeps them.
      // Not silent: ECharts makes a silent series' marks silent too, and labels and alarms are clicked.
      { ...quiet, silent: false, id: LABEL_SERIES_IDS.labels, type: 'line' as const, data: [], z: 0 },
      {
        ...quiet,
        id: LABEL_SERIES_IDS.greyed,
        name: 'bad data',
        type: 'line' as const,
        data: [],
        connectNulls: false,
        z: 4,
        lineStyle: { width: 1.5, color: colors.axis, opacity: 0.9 },
      },
      {
        ...quiet,
        id: LABEL_SERIES_IDS.corrected,
        name: 'corrected',
        type: 'line' as const,
        data: [],
        connectNulls: false,
        z: 5,
        lineStyle: { width: 1.5, type: 'dashed' as const, color: colors.line },
      },
    ],
  };
}

/**
 * A gap longer than this breaks the line: an outage must not look like a straight ramp. For
 * raw readings it is the offline threshold; for buckets, more than two buckets missing.
 */
export function gapThresholdMs(bucketMs: number, offlineAfterMs: number): number {
  return Math.max(offlineAfterMs, 2.5 * bucketMs);
}

export interface HistorySeriesData {
  /** [ts, avg, min, max, count]; min/max/count ride along for the tooltip. */
  avg: (number | null)[][];
  bandBase: (number | null)[][];
  bandRange: (number | null)[][];
}

export function historySeriesData(p: HistoryPoints, gapMs: number, withBand: boolean): HistorySeriesData {
  const avg: (number | null)[][] = [];
  const bandBase: (number | null)[][] = [];
  const bandRange: (number | null)[][] = [];
  for (let i = 0; i < p.ts.length; i++) {
    const t = p.ts[i]!;
    const prev = p.ts[i - 1];
    if (prev !== undefined && t - prev > gapMs) {
      const mid = (prev + t) / 2;
      avg.push([mid, null]);
      if (withBand) {
        bandBase.push([mid, null]);
        bandRange.push([mid, null]);
      }
    }
    const min = p.min[i] ?? p.value[i]!;
    const max = p.max[i] ?? p.value[i]!;
    avg.push([t, p.value[i]!, min, max, p.count[i] ?? 1]);
    if (withBand) {
      bandBase.push([t, min]);
      bandRange.push([t, max - min]);
    }
  }
  return { avg, bandBase, bandRange };
}

/**
 * Widens [min, max] to multiples of a round step (1, 2, 2.5 or 5 × 10ⁿ, about five steps),
 * so the value axis, whose ends ECharts always labels, reads 40–90 rather than 44.4376–89.3.
 */
export function niceRange(min: number, max: number): { min: number; max: number } {
  const span = max - min;
  if (!Number.isFinite(span) || span <= 0) return { min, max };
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const clean = (v: number) => Number(v.toPrecision(12));
  return { min: clean(Math.floor(min / step) * step), max: clean(Math.ceil(max / step) * step) };
}

/**
 * The per-redraw update: data, the time axis, and a value range that fits what is in view
 * (the zoom window) plus the alarm limits that are near it.
 */
export function historyDataOption(
  p: HistoryPoints,
  look: HistoryLook,
  axis: TimeWindow,
  view: TimeWindow,
  gapMs: number,
  /** Bad-data ranges: the line's points inside them are drawn again in grey. */
  grey: readonly TimeWindow[] = [],
): ChartOption {
  const data = historySeriesData(p, gapMs, look.downsampled);
  const series: { id: string; data: (number | null)[][] }[] = [{ id: SERIES_IDS.avg, data: data.avg }];
  if (look.downsampled) {
    series.push({ id: SERIES_IDS.bandBase, data: data.bandBase }, { id: SERIES_IDS.bandRange, data: data.bandRange });
  }
  series.push({ id: LABEL_SERIES_IDS.greyed, data: greyedData(data.avg, grey) });
  const extent = extentOf(p, view.from, view.to);
  let yAxis: { min?: number; max?: number } = {};
  if (extent) {
    const withLimits = limitsInView([{ key: '', name: look.name, limits: look.limits }], extent.min, extent.max);
    const padded = paddedRange(withLimits.min, withLimits.max);
    yAxis = niceRange(padded.min, padded.max);
  }
  // Single points (one raw reading in view) are invisible without a symbol.
  const sparse = data.avg.length > 0 && data.avg.length < 3;
  return {
    xAxis: { min: axis.from, max: axis.to },
    yAxis: { min: yAxis.min, max: yAxis.max },
    series: series.map((s) => (s.id === SERIES_IDS.avg ? { ...s, showSymbol: sparse } : s)),
  };
}
