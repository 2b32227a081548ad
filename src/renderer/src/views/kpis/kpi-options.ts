// ECharts options for the KPI screen, built from the engine's AlarmKpis: pure, so what each
// chart plots is pinned by tests. EEMUA 191's reference figures are drawn as lines.
import { observedSpan } from '../../../../shared/alarm-rate-bands';
import type { AlarmKpis } from '../../../../shared/contract';
import type { ChartOption } from '../../charts/echarts';

export interface KpiColors {
  ok: string;
  caution: string;
  alarm: string;
  axis: string;
  text: string;
  /** The tooltip's ground. */
  panel: string;
  /** Colours of series in turn (one per area): the theme's greys and calm hues, no alarm colour. */
  series: readonly string[];
}

/** EEMUA 191: about one alarm per 10 minutes is manageable; over 10 is a flood. */
export const EEMUA_ACCEPTABLE_PER_10MIN = 1;
export const EEMUA_FLOOD_PER_10MIN = 10;

const TEN_MINUTES = 10 * 60_000;

function base(c: KpiColors): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 28, bottom: 32, containLabel: true },
    color: [...c.series],
    tooltip: { trigger: 'axis', backgroundColor: c.panel, borderColor: c.axis, textStyle: { color: c.text } },
    textStyle: { color: c.text },
  };
}

const axis = (c: KpiColors) => ({
  axisLine: { lineStyle: { color: c.axis } },
  axisLabel: { color: c.axis },
  splitLine: { lineStyle: { color: c.axis, opacity: 0.15 } },
});

/** Average and peak new alarms per 10 minutes, per area, against EEMUA's references. */
export function rateByAreaOption(k: AlarmKpis, c: KpiColors): ChartOption {
  return {
    ...base(c),
    legend: { top: 0, textStyle: { color: c.text } },
    xAxis: { type: 'category', data: k.areas.map((a) => a.area), ...axis(c) },
    yAxis: { type: 'value', name: 'alarms / 10 min', ...axis(c) },
    series: [
      {
        type: 'bar',
        name: 'average',
        data: k.areas.map((a) => a.averagePer10Min),
        itemStyle: { color: c.ok },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [
            { yAxis: EEMUA_ACCEPTABLE_PER_10MIN, name: 'manageable', lineStyle: { color: c.caution } },
            { yAxis: EEMUA_FLOOD_PER_10MIN, name: 'flood', lineStyle: { color: c.alarm } },
          ],
        },
      },
      { type: 'bar', name: 'peak', data: k.areas.map((a) => a.peakPer10Min), itemStyle: { color: c.caution } },
    ],
  };
}

/**
 * New alarms per 10-minute bucket over the time observed (not hours before the engine watched),
 * one line per area (empty buckets are zero).
 */
export function rateOverTimeOption(k: AlarmKpis, c: KpiColors): ChartOption {
  const start = Math.floor(observedSpan(k).observedFrom / TEN_MINUTES) * TEN_MINUTES;
  const byArea = new Map<string, Map<number, number>>();
  for (const a of k.areas) byArea.set(a.area, new Map());
  for (const b of k.buckets) {
    let m = byArea.get(b.area);
    if (!m) byArea.set(b.area, (m = new Map()));
    m.set(b.start, b.count);
  }
  const times: number[] = [];
  for (let t = start; t <= k.to; t += TEN_MINUTES) times.push(t);
  return {
    ...base(c),
    legend: { top: 0, textStyle: { color: c.text } },
    xAxis: { type: 'time', ...axis(c) },
    yAxis: { type: 'value', name: 'alarms / 10 min', minInterval: 1, ...axis(c) },
    series: [...byArea].map(([area, counts]) => ({
      type: 'line' as const,
      name: area,
      step: 'end' as const,
      showSymbol: false,
      data: times.map((t) => [t, counts.get(t) ?? 0]),
      markLine: {
        silent: true,
        symbol: 'none',
        data: [{ yAxis: EEMUA_FLOOD_PER_10MIN, lineStyle: { color: c.alarm } }],
      },
    })),
  };
}

export function floodShareOption(k: AlarmKpis, c: KpiColors): ChartOption {
  return {
    ...base(c),
    xAxis: { type: 'category', data: k.areas.map((a) => a.area), ...axis(c) },
    yAxis: { type: 'value', name: '% of time in flood', max: 100, ...axis(c) },
    series: [
      { type: 'bar', name: 'in flood', data: k.areas.map((a) => a.floodPercent), itemStyle: { color: c.alarm } },
    ],
  };
}

export function topAlarmsOption(k: AlarmKpis, c: KpiColors): ChartOption {
  const top = [...k.top].reverse(); // most frequent at the top of a horizontal bar chart
  return {
    ...base(c),
    grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axis(c) },
    yAxis: {
      type: 'category',
      data: top.map((t) => `${t.deviceId} ${t.signal === '*' ? '' : t.signal} ${t.kind}`.replace(/\s+/g, ' ')),
      ...axis(c),
    },
    series: [{ type: 'bar', name: 'occurrences', data: top.map((t) => t.count), itemStyle: { color: c.caution } }],
  };
}
