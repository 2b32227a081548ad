// Builds ECharts options for a live trend from plain arrays. The base option (axes, styles,
// limit lines) is set when the series or the look change; each redraw then sends only the
// data and the moving time window, so nothing is deep-compared per tick.
import type { AlarmLimits } from '../../../shared/domain';
import type { SeriesWindow } from '../telemetry/ring-buffer';
import { formatAxisTime, timeZoneLabel } from '../components/time-format';
import type { ChartOption } from './echarts';

export interface TrendSeries {
  /** "device/signal" */
  key: string;
  name: string;
  limits?: AlarmLimits;
}

export interface TrendColors {
  line: string;
  area: string;
  limit: string;
  axis: string;
}

const LIMIT_NAMES: (keyof AlarmLimits)[] = ['loLo', 'lo', 'hi', 'hiHi'];

export function limitValues(limits: AlarmLimits | undefined): number[] {
  if (!limits) return [];
  return LIMIT_NAMES.map((k) => limits[k]).filter((v): v is number => v !== undefined);
}

export function baseTrendOption(
  series: readonly TrendSeries[],
  colors: TrendColors,
  compact: boolean,
  /** The window shown, for the axis ticks' precision. */
  windowMs = Infinity,
): ChartOption {
  return {
    animation: false,
    grid: compact ? { left: 2, right: 2, top: 4, bottom: 2 } : { left: 48, right: 12, top: 12, bottom: 24 },
    xAxis: {
      type: 'time',
      show: !compact,
      axisLine: { lineStyle: { color: colors.axis } },
      axisLabel: { color: colors.axis, formatter: (ts: number) => formatAxisTime(ts, windowMs) },
      splitLine: { show: false },
      name: compact ? undefined : timeZoneLabel(),
      nameLocation: 'end',
      nameGap: 4,
      nameTextStyle: { color: colors.axis, align: 'right', verticalAlign: 'top', padding: [14, 0, 0, 0] },
    },
    yAxis: {
      type: 'value',
      show: !compact,
      scale: true,
      axisLabel: { color: colors.axis },
      splitLine: { show: !compact, lineStyle: { color: colors.axis, opacity: 0.2 } },
    },
    series: series.map((s) => ({
      id: s.key,
      name: s.name,
      type: 'line',
      data: [],
      showSymbol: false,
      sampling: 'lttb',
      silent: true,
      lineStyle: { width: compact ? 1.5 : 2, color: colors.line },
      itemStyle: { color: colors.line },
      areaStyle: compact ? { color: colors.area } : undefined,
      markLine: {
        silent: true,
        symbol: 'none',
        label: { show: !compact, color: colors.limit },
        lineStyle: { color: colors.limit, type: 'dashed', width: 1, opacity: 0.55 },
        data: limitValues(s.limits).map((yAxis) => ({ yAxis })),
      },
    })),
  };
}

/**
 * The per-frame update: data of each series and the window [now - windowMs, now]. The value
 * axis spans the data plus the alarm limits that matter right now: a limit the data has
 * crossed, or one it is approaching (within one data span). Far-away limits stay out of the
 * range so a quiet signal still shows its movement.
 */
export function trendDataUpdate(
  series: readonly TrendSeries[],
  windows: readonly SeriesWindow[],
  now: number,
  windowMs: number,
): ChartOption {
  let min = Infinity;
  let max = -Infinity;
  const updates = series.map((s, i) => {
    const w = windows[i];
    const n = w ? w.ts.length : 0;
    const data: [number, number][] = new Array(n);
    for (let k = 0; k < n; k++) {
      const v = w!.value[k]!;
      data[k] = [w!.ts[k]!, v];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { id: s.key, data };
  });
  if (!Number.isFinite(min)) return { xAxis: { min: now - windowMs, max: now }, yAxis: {}, series: updates };
  const range = limitsInView(series, min, max);
  return { xAxis: { min: now - windowMs, max: now }, yAxis: paddedRange(range.min, range.max), series: updates };
}

export function limitsInView(
  series: readonly TrendSeries[],
  dataMin: number,
  dataMax: number,
): { min: number; max: number } {
  const span = Math.max(dataMax - dataMin, Math.abs(dataMax) * 0.05, 1e-9);
  let min = dataMin;
  let max = dataMax;
  for (const s of series) {
    const l = s.limits;
    if (!l) continue;
    const near = [
      ...[l.hi, l.hiHi].filter((h): h is number => h !== undefined && h <= dataMax + span),
      ...[l.lo, l.loLo].filter((lo): lo is number => lo !== undefined && lo >= dataMin - span),
    ];
    for (const limit of near) {
      min = Math.min(min, limit);
      max = Math.max(max, limit);
    }
  }
  return { min, max };
}

/** The value axis around [min, max], with a little air so lines do not touch the frame. */
export function paddedRange(min: number, max: number): { min: number; max: number } {
  const span = max - min || Math.abs(max) || 1;
  const pad = span * 0.08;
  return { min: min - pad, max: max + pad };
}
