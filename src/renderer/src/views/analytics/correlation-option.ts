// The correlation matrix as a picture (the PNG export; the screen shows it as a table): one cell
// per pair, its colour's hue saying the sign and its strength |r|, and r written in it — colour is
// never the only signal. Also which rollup tier the matrix is computed on, so that both series of
// a pair are compared bucket for bucket.
import type { Tier } from '../../../../shared/contract';
import { TIER_WIDTH_MS } from '../../../../shared/contract/history';
import type { ChartOption } from '../../charts/echarts';
import type { AnalyticsColors } from './analytics-chart';
import type { CorrelationMatrix } from './analytics-maths';

const DAY = 86_400_000;

/** The finest rollup that keeps the matrix under 20,000 buckets per series: 1 min up to 2 days, 1 h up to 120. */
export function correlationTier(from: number, to: number): { tier: Exclude<Tier, 'raw'>; maxPoints: number } {
  const span = to - from;
  const tier = span <= 2 * DAY ? '1m' : span <= 120 * DAY ? '1h' : '1d';
  return { tier, maxPoints: Math.min(20_000, Math.max(2, Math.ceil(span / TIER_WIDTH_MS[tier]) + 2)) };
}

/** r with two decimals and its sign ("+0.87", "−0.12"), or "–" when it cannot be computed. */
export function formatR(r: number | null): string {
  if (r === null) return '–';
  const text = Math.abs(r).toFixed(2);
  if (text === '0.00') return text;
  return r < 0 ? `−${text}` : `+${text}`;
}

export function buildCorrelationOption(
  m: CorrelationMatrix,
  labels: readonly string[],
  c: AnalyticsColors,
): ChartOption {
  const data = m.r.flatMap((row, i) =>
    row.map((r, j) => ({
      value: [j, i, r ?? 0],
      label: { show: true, formatter: formatR(r), color: c.text },
      itemStyle: {
        color: r === null ? c.panel : r >= 0 ? c.positive : c.negative,
        opacity: r === null ? 1 : 0.15 + 0.85 * Math.abs(r),
        borderColor: c.grid,
        borderWidth: 1,
      },
    })),
  );
  const axis = { axisLabel: { color: c.text, interval: 0 }, axisLine: { lineStyle: { color: c.muted } } };
  return {
    animation: false,
    grid: { left: 260, right: 32, bottom: 160 },
    legend: { show: false },
    xAxis: { type: 'category', data: [...labels], ...axis, axisLabel: { ...axis.axisLabel, rotate: 30 } },
    yAxis: { type: 'category', data: [...labels], inverse: true, ...axis },
    series: [{ type: 'heatmap', name: 'Pearson r', data }],
  } as ChartOption;
}
