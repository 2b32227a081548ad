import { describe, expect, it } from 'vitest';
import type { AnalyticsColors } from './analytics-chart';
import { formatR, correlationTier } from './correlation-option';
import { buildOverlayOption, type OverlaySeries } from './overlay-option';

const colors: AnalyticsColors = {
  text: 't',
  muted: 'm',
  panel: 'p',
  grid: 'g',
  series: ['c1', 'c2', 'c3'],
  positive: '+',
  negative: '-',
};
const s = (series: string, unit: string, value: number[]): OverlaySeries => ({
  info: {
    series,
    device: series.split('/')[0]!,
    deviceName: '',
    signal: series.split('/')[1]!,
    unit,
    label: `${series} (${unit})`,
  },
  ts: value.map((_, i) => i * 1000),
  value,
  normalised: value.map((v) => v / 100),
});
type Loose = {
  yAxis: { name: string; position?: string }[];
  series: { yAxisIndex: number; data: number[][]; lineStyle: { type: string } }[];
};

describe('the overlay chart', () => {
  const three = [s('a/t', '°C', [20, 30]), s('b/p', 'psi', [3, 4]), s('c/t', '°C', [25, 26])];

  it('puts every unit on its own axis, alternating sides, and each series on its unit’s', () => {
    const o = buildOverlayOption(three, 'axes', colors, { from: 0, to: 1000 }, String) as unknown as Loose;
    expect(o.yAxis.map((a) => [a.name, a.position])).toEqual([
      ['°C', 'left'],
      ['psi', 'right'],
    ]);
    expect(o.series.map((x) => x.yAxisIndex)).toEqual([0, 1, 0]);
    expect(o.series[1]!.data).toEqual([
      [0, 3, 3],
      [1000, 4, 4],
    ]);
  });

  it('draws normalised values on one 0–1 axis and keeps the real value for the tooltip', () => {
    const o = buildOverlayOption(three, 'normalised', colors, { from: 0, to: 1000 }, String) as unknown as Loose;
    expect(o.yAxis).toHaveLength(1);
    expect(o.series[0]!.data[1]).toEqual([1000, 0.3, 30]);
  });

  it('tells series apart by dash as well as colour once colours repeat', () => {
    const many = Array.from({ length: 4 }, (_, i) => s(`d${i}/x`, '', [1, 2]));
    const o = buildOverlayOption(many, 'normalised', colors, { from: 0, to: 1000 }, String) as unknown as Loose;
    expect(o.series.map((x) => x.lineStyle.type)).toEqual(['solid', 'solid', 'solid', 'dashed']);
  });
});

describe('the correlation figures', () => {
  it('writes r with its sign and two decimals, and a dash when it cannot be computed', () => {
    expect(formatR(0.8712)).toBe('+0.87');
    expect(formatR(-0.12)).toBe('−0.12');
    expect(formatR(-0.001)).toBe('0.00');
    expect(formatR(null)).toBe('–');
  });

  it('picks a rollup tier whose buckets align and stay under 20,000 per series', () => {
    const day = 86_400_000;
    expect(correlationTier(0, day)).toEqual({ tier: '1m', maxPoints: 1442 });
    expect(correlationTier(0, 30 * day).tier).toBe('1h');
    expect(correlationTier(0, 400 * day).tier).toBe('1d');
  });
});
