// What the KPI charts plot: per-area averages and peaks with EEMUA's lines, a rate series with
// zeros for quiet buckets, flood shares, and the top alarms with the most frequent on top.
import { describe, expect, it } from 'vitest';
import type { AlarmKpis } from '../../../../shared/contract';
import { floodShareOption, rateByAreaOption, rateOverTimeOption, topAlarmsOption } from './kpi-options';

const colors = { ok: 'g', caution: 'y', alarm: 'r', axis: 'a', text: 't', panel: 'p', series: ['s1', 's2'] };
const T0 = 1_700_000_400_000 - (1_700_000_400_000 % 600_000);
const kpis: AlarmKpis = {
  from: T0,
  to: T0 + 30 * 60_000,
  observedSince: T0,
  sinceStart: true,
  areas: [
    {
      area: 'north',
      alarms: 12,
      averagePer10Min: 4,
      peakPer10Min: 11,
      floodPercent: 25,
    },
    {
      area: 'south',
      alarms: 1,
      averagePer10Min: 0.33,
      peakPer10Min: 1,
      floodPercent: 0,
    },
  ],
  buckets: [
    { start: T0, area: 'north', count: 11 },
    { start: T0 + 20 * 60_000, area: 'north', count: 1 },
    { start: T0 + 10 * 60_000, area: 'south', count: 1 },
  ],
  top: [
    { key: 'p/t/high', deviceId: 'p', signal: 't', kind: 'high', area: 'north', count: 9 },
    { key: 'q/*/offline', deviceId: 'q', signal: '*', kind: 'offline', area: 'north', count: 3 },
  ],
  chattering: [],
  standing: [],
};

const series = (o: ReturnType<typeof rateByAreaOption>) => o.series as { name: string; data: unknown[] }[];

describe('KPI chart options', () => {
  it('plots average and peak per area with the manageable and flood lines', () => {
    const o = rateByAreaOption(kpis, colors);
    expect((o.xAxis as { data: string[] }).data).toEqual(['north', 'south']);
    expect(series(o).map((s) => [s.name, s.data])).toEqual([
      ['average', [4, 0.33]],
      ['peak', [11, 1]],
    ]);
    const lines = (o.series as { markLine?: { data: { yAxis: number }[] } }[])[0]!.markLine!.data.map((d) => d.yAxis);
    expect(lines).toEqual([1, 10]);
  });

  it('fills quiet 10-minute buckets with zero', () => {
    const o = rateOverTimeOption(kpis, colors);
    expect(series(o).map((s) => [s.name, (s.data as [number, number][]).map((p) => p[1])])).toEqual([
      ['north', [11, 0, 1, 0]],
      ['south', [0, 1, 0, 0]],
    ]);
  });

  it('plots the rate from when observation began, not from the start of a longer period', () => {
    const o = rateOverTimeOption({ ...kpis, from: T0 - 24 * 3600_000 }, colors);
    const first = (series(o)[0]!.data as [number, number][])[0]![0];
    expect(first).toBe(T0);
  });

  it('plots flood share and the most frequent alarm on top', () => {
    expect(series(floodShareOption(kpis, colors))[0]!.data).toEqual([25, 0]);
    const top = topAlarmsOption(kpis, colors);
    expect((top.yAxis as { data: string[] }).data).toEqual(['q offline', 'p t high']);
    expect(series(top)[0]!.data).toEqual([3, 9]);
  });
});
