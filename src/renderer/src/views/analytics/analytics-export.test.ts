import { describe, expect, it } from 'vitest';
import { correlationMatrix } from './analytics-maths';
import { compareCsv, correlationCsv, exportCopy, isoWithZone, overlayCsv, rangeLabel } from './analytics-export';

const T = Date.UTC(2026, 11, 6, 20, 38, 4, 5);

describe('analytics exports', () => {
  it('writes times as ISO 8601 with the zone offset, east and west of UTC', () => {
    expect(isoWithZone(T, 60)).toBe('2026-12-06T21:38:04.005+01:00');
    expect(isoWithZone(T, -330)).toBe('2026-12-06T15:08:04.005-05:30');
    expect(isoWithZone(T, 0)).toBe('2026-12-06T20:38:04.005+00:00');
    expect(new Date(isoWithZone(T, 345)).getTime()).toBe(T);
  });

  it('names the range with its zone, the date once when both ends share a day', () => {
    const o = { timeZone: 'Europe/Berlin', hourCycle: 'h23' as const, locale: 'en-GB' };
    expect(rangeLabel(T - 3_600_000, T, o)).toBe('6 Dec 2026, 20:38 – 21:38 Europe/Berlin (UTC+01:00)');
    expect(rangeLabel(T - 86_400_000, T, o)).toBe('5 Dec 2026, 21:38 – 6 Dec 2026, 21:38 Europe/Berlin (UTC+01:00)');
  });

  it('exports the overlay as shown: every point, its unit, the normalised value when drawn so', () => {
    const csv = overlayCsv(
      [
        { series: 'd1/temp', device: 'd1', signal: 'temp', unit: '°C', ts: [T], value: [21.5], normalised: [0.25] },
        {
          series: 'd2/p',
          device: 'd2',
          signal: 'p',
          unit: 'psi',
          ts: [T, T + 1000],
          value: [3, 4],
          normalised: [0, 1],
        },
      ],
      () => 0,
    );
    expect(csv.split('\r\n')).toEqual([
      'series,device,signal,unit,time,value,normalised',
      'd1/temp,d1,temp,°C,2026-12-06T20:38:04.005+00:00,21.5,0.25',
      'd2/p,d2,p,psi,2026-12-06T20:38:04.005+00:00,3,0',
      'd2/p,d2,p,psi,2026-12-06T20:38:05.005+00:00,4,1',
      '',
    ]);
    expect(
      overlayCsv([{ series: 'a/=1', device: 'a', signal: '=1', unit: '', ts: [0], value: [1] }], () => 0),
    ).toContain("'=1");
  });

  it('exports a comparison as distribution rows then period rows', () => {
    const csv = compareCsv(
      {
        signal: 'temperature',
        unit: '°C',
        from: 0,
        to: 3_600_000,
        devices: [
          {
            device: 'd1',
            box: { min: 1, q1: 2, median: 3, q3: 4, max: 5, count: 9 },
            periods: [{ start: 0, min: 1, max: 5, avg: 3, count: 9 }],
          },
        ],
      },
      () => 0,
    ).split('\r\n');
    expect(csv[1]).toBe('distribution,d1,temperature,°C,1970-01-01T00:00:00.000+00:00,1,2,3,4,5,,9');
    expect(csv[2]).toBe('period,d1,temperature,°C,1970-01-01T00:00:00.000+00:00,1,,,,5,3,9');
  });

  it('exports the correlation matrix with units and the buckets each figure rests on', () => {
    const p = (series: string, value: number[]) => ({
      series,
      tier: '1m' as const,
      bucketMs: 60_000,
      ts: [0, 1, 2],
      value,
      min: value,
      max: value,
      count: [1, 1, 1],
    });
    const csv = correlationCsv(correlationMatrix([p('a/x', [1, 2, 3]), p('b/y', [3, 2, 1])]), ['°C', 'psi']).split(
      '\r\n',
    );
    expect(csv[0]).toBe('pearson_r,a/x (°C),b/y (psi)');
    expect(csv[1]).toBe('a/x (°C),1,-1');
    expect(csv[5]).toBe('a/x (°C),3,3');
  });

  it('makes the PNG option titled with the range, with a legend and without the zoom slider', () => {
    const copy = exportCopy(
      { dataZoom: [{ type: 'slider' }], legend: { type: 'scroll' }, series: [{ type: 'line', name: 'd1/temp (°C)' }] },
      { title: 'Overlay', range: 'the range', text: 'a', muted: 'b', panel: 'c' },
    ) as Record<string, unknown>;
    expect(copy.dataZoom).toEqual([]);
    expect(copy.title).toMatchObject({ text: 'Overlay', subtext: 'the range' });
    expect(copy.legend).toMatchObject({ show: true });
    expect(copy.animation).toBe(false);
    const matrix = exportCopy(
      { legend: { show: false } },
      { title: 'M', range: 'r', text: 'a', muted: 'b', panel: 'c' },
    );
    expect(matrix.legend).toMatchObject({ show: false });
  });
});
