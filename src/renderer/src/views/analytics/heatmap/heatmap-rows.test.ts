// From the engine's matrix to what the panel draws and exports: order, cells, CSV.
import { describe, expect, it } from 'vitest';
import type { Heatmap } from '../../../../../shared/contract/analytics';
import { buildHeatmapCsv, chartCells, heatmapFileName, heatmapTitle, rowOrder, rowTotals } from './heatmap-rows';

const H = 3_600_000;

function matrix(measure: Heatmap['measure'], values: (number | null)[]): Heatmap {
  return {
    measure,
    signal: measure === 'signal' ? 'pressure' : null,
    unit: measure === 'signal' ? 'psi' : null,
    bucket: 'hour',
    bucketMs: H,
    from: 0,
    to: 2 * H,
    devices: ['a', 'b', 'c'],
    names: ['Alpha', 'Bravo, 2', 'Charlie'],
    buckets: [0, H],
    values,
    min: null,
    max: null,
  };
}

describe('heatmap rows', () => {
  it('alarm rows total their counts and sort the worst first, ties by name', () => {
    const h = matrix('alarms', [1, 0, 3, 2, 1, 0]);
    expect(rowTotals(h)).toEqual([1, 5, 1]);
    expect(rowOrder(h, 'total')).toEqual([1, 0, 2]);
    expect(rowOrder(h, 'name')).toEqual([0, 1, 2]);
  });

  it('signal rows average the buckets with data; a row without data goes last', () => {
    const h = matrix('signal', [null, null, 10, 20, 40, null]);
    expect(rowTotals(h)).toEqual([null, 15, 40]);
    expect(rowOrder(h, 'total')).toEqual([2, 1, 0]);
  });

  it('cells are [bucket, row position, value] in display order, empty cells left out', () => {
    const h = matrix('signal', [null, 1, 2, 3, 4, null]);
    expect(chartCells(h, [2, 0, 1])).toEqual([
      [0, 0, 4],
      [1, 1, 1],
      [0, 2, 2],
      [1, 2, 3],
    ]);
  });

  it('the CSV carries the title and range, one row per device in display order', () => {
    const h = matrix('signal', [null, 1.5, 2, 3, 4, null]);
    const csv = buildHeatmapCsv(h, [1, 0]).trimEnd().split('\n');
    expect(csv[0]).toBe(`# ${heatmapTitle(h)}`);
    expect(csv[0]).toBe('# pressure (psi), average by device × hour');
    expect(csv[1]).toBe('# 1970-01-01 00:00 – 1970-01-01 02:00 UTC');
    expect(csv[2]).toBe('device,name,1970-01-01T00:00:00.000Z,1970-01-01T01:00:00.000Z');
    expect(csv[3]).toBe('b,"Bravo, 2",2,3');
    expect(csv[4]).toBe('a,Alpha,,1.5');
    expect(csv).toHaveLength(5);
    expect(heatmapFileName(h, 'csv')).toBe('heatmap-pressure-hour-1970-01-01-1970-01-01.csv');
  });
});
