// The overlay chart's option: several series of several devices on one time axis, either
// normalised (each scaled 0–1 over the range on one shared axis; the tooltip still reads each
// series' own value and unit) or on their own axes (one value axis per unit, alternating left
// and right, so °C and psi are never read off the same scale). Each series differs in colour,
// dash and symbol, so the legend never relies on colour alone.
import type { ChartOption } from '../../charts/echarts';
import { formatValue } from '../../components/format';
import { seriesLook, type AnalyticsColors } from './analytics-chart';
import type { OverlayScale } from './analytics-state';
import type { SeriesInfo } from './use-analytics-history';

export interface OverlaySeries {
  info: SeriesInfo;
  ts: readonly number[];
  value: readonly number[];
  normalised: readonly number[];
}

const AXIS_GAP = 56;

/** The value axes in axes mode: one per unit, in the order units first appear. */
export function unitAxes(series: readonly OverlaySeries[]): string[] {
  const units: string[] = [];
  for (const s of series) if (!units.includes(s.info.unit)) units.push(s.info.unit);
  return units;
}

export function buildOverlayOption(
  series: readonly OverlaySeries[],
  scale: OverlayScale,
  colors: AnalyticsColors,
  window: { from: number; to: number },
  timeText: (ts: number) => string,
): ChartOption {
  const units = scale === 'axes' ? unitAxes(series) : [''];
  const left = Math.ceil(units.length / 2);
  const right = Math.floor(units.length / 2);
  const axisStyle = {
    axisLine: { lineStyle: { color: colors.muted } },
    axisLabel: { color: colors.muted },
    splitLine: { lineStyle: { color: colors.grid } },
    nameTextStyle: { color: colors.muted },
  };
  const yAxis =
    scale === 'normalised'
      ? [{ type: 'value' as const, min: 0, max: 1, name: 'normalised 0–1', ...axisStyle }]
      : units.map((u, i) => ({
          type: 'value' as const,
          scale: true,
          name: u || '(no unit)',
          position: i % 2 === 0 ? ('left' as const) : ('right' as const),
          offset: Math.floor(i / 2) * AXIS_GAP,
          ...axisStyle,
          splitLine: { show: i === 0, lineStyle: { color: colors.grid } },
        }));
  const byName = new Map(series.map((s) => [s.info.label, s]));
  return {
    animation: false,
    grid: { top: 56, left: 24 + left * AXIS_GAP, right: 24 + Math.max(right, 0) * AXIS_GAP, bottom: 64 },
    legend: { type: 'scroll', top: 0, textStyle: { color: colors.text }, pageTextStyle: { color: colors.muted } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as {
          seriesName: string;
          marker: string;
          value: [number, number, number];
        }[];
        if (!list.length) return '';
        const head = timeText(list[0]!.value[0]);
        const rows = list.map((p) => {
          const unit = byName.get(p.seriesName)?.info.unit ?? '';
          return `${p.marker}${p.seriesName}: ${formatValue(p.value[2])}${unit ? ` ${unit}` : ''}`;
        });
        return [head, ...rows].join('<br/>');
      },
    },
    xAxis: {
      type: 'time',
      min: window.from,
      max: window.to,
      axisLabel: { color: colors.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: colors.muted } },
    },
    yAxis,
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, filterMode: 'none', bottom: 8, height: 24, textStyle: { color: colors.muted } },
    ],
    series: series.map((s, i) => {
      const look = seriesLook(i, colors);
      const y = scale === 'normalised' ? s.normalised : s.value;
      return {
        type: 'line' as const,
        name: s.info.label,
        yAxisIndex: scale === 'axes' ? Math.max(0, units.indexOf(s.info.unit)) : 0,
        showSymbol: s.ts.length < 60,
        symbol: look.symbol,
        symbolSize: 6,
        color: look.color,
        lineStyle: { width: 1.5, type: look.dash, color: look.color },
        data: s.ts.map((t, k) => [t, y[k]!, s.value[k]!]),
      };
    }),
  };
}
