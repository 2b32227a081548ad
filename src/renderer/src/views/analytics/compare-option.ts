// The comparison's two charts: the distribution of one signal per device over the range (a box
// plot of the bucket averages: min, quartiles, median, max) and its average per period per device
// (one line each, the symbol and dash varying with the colour).
import type { ChartOption } from '../../charts/echarts';
import { formatValue } from '../../components/format';
import { seriesLook, type AnalyticsColors } from './analytics-chart';
import type { PeriodRow, Quantiles } from './analytics-maths';

export interface CompareDevice {
  device: string;
  box: Quantiles | null;
  periods: PeriodRow[];
}

const axis = (c: AnalyticsColors) => ({
  axisLine: { lineStyle: { color: c.muted } },
  axisLabel: { color: c.muted, hideOverlap: true },
  splitLine: { lineStyle: { color: c.grid } },
  nameTextStyle: { color: c.muted },
});

export function buildBoxOption(devices: readonly CompareDevice[], unit: string, c: AnalyticsColors): ChartOption {
  const withData = devices.filter((d) => d.box);
  return {
    animation: false,
    grid: { top: 40, left: 64, right: 24, bottom: 56 },
    legend: { show: false },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { name, value } = p as { name: string; value: number[] };
        const [, min, q1, med, q3, max] = value;
        const f = (v: number | undefined) => (v === undefined ? '–' : `${formatValue(v)} ${unit}`);
        return `${name}<br/>max ${f(max)}<br/>Q3 ${f(q3)}<br/>median ${f(med)}<br/>Q1 ${f(q1)}<br/>min ${f(min)}`;
      },
    },
    xAxis: { type: 'category', data: withData.map((d) => d.device), ...axis(c) },
    yAxis: { type: 'value', scale: true, name: unit, ...axis(c) },
    series: [
      {
        type: 'boxplot',
        name: 'distribution',
        itemStyle: { color: c.panel, borderColor: c.series[0] },
        data: withData.map((d) => [d.box!.min, d.box!.q1, d.box!.median, d.box!.q3, d.box!.max]),
      },
    ],
  } as ChartOption;
}

export function buildPeriodOption(
  devices: readonly CompareDevice[],
  unit: string,
  c: AnalyticsColors,
  timeText: (ts: number) => string,
): ChartOption {
  return {
    animation: false,
    grid: { top: 48, left: 64, right: 24, bottom: 40 },
    legend: { type: 'scroll', top: 0, textStyle: { color: c.text }, pageTextStyle: { color: c.muted } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as {
          seriesName: string;
          marker: string;
          value: [number, number, number, number];
        }[];
        if (!list.length) return '';
        return [
          timeText(list[0]!.value[0]),
          ...list.map(
            (p) =>
              `${p.marker}${p.seriesName}: avg ${formatValue(p.value[1])}, min ${formatValue(p.value[2])}, max ${formatValue(p.value[3])} ${unit}`,
          ),
        ].join('<br/>');
      },
    },
    xAxis: { type: 'time', ...axis(c), splitLine: { show: false } },
    yAxis: { type: 'value', scale: true, name: `avg ${unit}`, ...axis(c) },
    series: devices.map((d, i) => {
      const look = seriesLook(i, c);
      return {
        type: 'line' as const,
        name: d.device,
        symbol: look.symbol,
        symbolSize: 7,
        color: look.color,
        lineStyle: { type: look.dash, color: look.color, width: 1.5 },
        data: d.periods.map((p) => [p.start, p.avg, p.min, p.max]),
      };
    }),
  };
}

type Loose = Record<string, unknown>;
const one = (v: unknown): Loose => ((Array.isArray(v) ? v[0] : v) ?? {}) as Loose;

/** The two charts stacked in one picture (the PNG export): distribution above, periods below. */
export function stackOptions(top: ChartOption, bottom: ChartOption): ChartOption {
  const t = top as Loose;
  const b = bottom as Loose;
  const series = (o: Loose, index: number) =>
    ((o.series as Loose[] | undefined) ?? []).map((s) => ({ ...s, xAxisIndex: index, yAxisIndex: index }));
  return {
    animation: false,
    legend: { ...one(b.legend), top: 64 },
    grid: [
      { top: 120, left: 72, right: 32, height: '32%' },
      { top: '58%', left: 72, right: 32, bottom: 48 },
    ],
    xAxis: [
      { ...one(t.xAxis), gridIndex: 0 },
      { ...one(b.xAxis), gridIndex: 1 },
    ],
    yAxis: [
      { ...one(t.yAxis), gridIndex: 0 },
      { ...one(b.yAxis), gridIndex: 1 },
    ],
    series: [...series(t, 0), ...series(b, 1)],
  } as ChartOption;
}
