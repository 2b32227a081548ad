// The comparison chart of Settings → Models: one line per model (the highest score in each
// bucket) and a dashed line at each threshold, so shadow and active read on the same axes.
import type { ModelScoreSeries } from '../../../../../shared/contract';
import type { ChartOption } from '../../../charts/echarts';

export function compareOption(series: readonly ModelScoreSeries[]): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 28, bottom: 28 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'score', min: 0 },
    series: series.map((s) => ({
      type: 'line' as const,
      name: `v${s.version} (${s.status})`,
      showSymbol: false,
      lineStyle: {
        width: s.status === 'active' ? 2 : 1,
        type: s.status === 'shadow' ? ('dashed' as const) : ('solid' as const),
      },
      data: s.ts.map((t, i) => [t, s.score[i]!] as [number, number]),
      markLine: { silent: true, symbol: 'none', data: [{ yAxis: s.threshold, name: 'threshold' }] },
    })),
  };
}

/** "12 of 3,400 above (0.4 %)" */
export function aboveText(s: Pick<ModelScoreSeries, 'scored' | 'above'>): string {
  if (s.scored === 0) return 'nothing scored in this period';
  const pct = (s.above / s.scored) * 100;
  return `${s.above.toLocaleString('en')} of ${s.scored.toLocaleString('en')} above threshold (${pct.toFixed(pct < 1 ? 2 : 1)} %)`;
}
