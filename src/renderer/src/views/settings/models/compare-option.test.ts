import { describe, expect, it } from 'vitest';
import { aboveText, compareOption } from './compare-option';

describe('model comparison chart', () => {
  it('draws active solid and shadow dashed, each with its threshold', () => {
    const o = compareOption([
      {
        modelId: 'p@v1',
        version: 1,
        status: 'active',
        threshold: 1,
        ts: [1, 2],
        score: [0.2, 3],
        scored: 10,
        above: 1,
      },
      { modelId: 'p@v2', version: 2, status: 'shadow', threshold: 1.5, ts: [1], score: [0.1], scored: 10, above: 0 },
    ]);
    const series = o.series as {
      name: string;
      lineStyle: { type: string };
      data: number[][];
      markLine: { data: { yAxis: number }[] };
    }[];
    expect(series.map((s) => [s.name, s.lineStyle.type])).toEqual([
      ['v1 (active)', 'solid'],
      ['v2 (shadow)', 'dashed'],
    ]);
    expect(series[0]!.data).toEqual([
      [1, 0.2],
      [2, 3],
    ]);
    expect(series[1]!.markLine.data[0]!.yAxis).toBe(1.5);
  });

  it('says how many scores were above threshold', () => {
    expect(aboveText({ scored: 3400, above: 12 })).toBe('12 of 3,400 above threshold (0.35 %)');
    expect(aboveText({ scored: 0, above: 0 })).toBe('nothing scored in this period');
  });
});
