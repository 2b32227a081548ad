// The CSV is evidence: it must open cleanly in a spreadsheet, say when each point was in
// unambiguous UTC, and hold exactly the numbers the chart shows.
import { describe, expect, it } from 'vitest';
import type { HistoryPoints } from '../../charts/history-points';
import { buildHistoryCsv, csvField, exportFileName } from './history-csv';

const t0 = Date.UTC(2025, 2, 14, 9, 30, 0);
const points: HistoryPoints = {
  bucketMs: 60_000,
  ts: [t0, t0 + 60_000],
  value: [42.5, -3.25],
  min: [40, -5],
  max: [45.125, 0],
  count: [30, 29],
};

describe('history CSV', () => {
  it('starts with a header and has one row per point with ISO UTC timestamps', () => {
    const lines = buildHistoryCsv(points, 'device-001/temperature').split('\r\n');
    expect(lines[0]).toBe('timestamp,series,value,min,max,count');
    expect(lines[1]).toBe('2025-03-14T09:30:00.000Z,device-001/temperature,42.5,40,45.125,30');
    expect(lines[2]).toBe('2025-03-14T09:31:00.000Z,device-001/temperature,-3.25,-5,0,29');
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('writes raw readings with min = max = value and a count of 1', () => {
    const raw: HistoryPoints = { bucketMs: 0, ts: [t0], value: [7], min: [], max: [], count: [] };
    expect(buildHistoryCsv(raw, 'd/s').split('\r\n')[1]).toBe('2025-03-14T09:30:00.000Z,d/s,7,7,7,1');
  });

  it('quotes fields with commas, quotes or line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
    const line = buildHistoryCsv(
      { ...points, ts: [t0], value: [1], min: [1], max: [1], count: [1] },
      'dev/flow, "main"',
    );
    expect(line.split('\r\n')[1]).toBe('2025-03-14T09:30:00.000Z,"dev/flow, ""main""",1,1,1,1');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@cmd')).toBe("'@cmd");
  });

  it('leaves a missing number empty rather than writing NaN', () => {
    const bad: HistoryPoints = { bucketMs: 0, ts: [t0], value: [Number.NaN], min: [1], max: [2], count: [1] };
    expect(buildHistoryCsv(bad, 'd/s').split('\r\n')[1]).toBe('2025-03-14T09:30:00.000Z,d/s,,1,2,1');
  });

  it('has only a header when nothing is shown', () => {
    expect(buildHistoryCsv({ bucketMs: 0, ts: [], value: [], min: [], max: [], count: [] }, 'd/s')).toBe(
      'timestamp,series,value,min,max,count\r\n',
    );
  });

  it('names the file after the series and the range, safely', () => {
    expect(exportFileName('device-001/temp erature', t0, t0 + 3_600_000, 'csv')).toBe(
      'device-001_temp_erature_20250314T093000Z_20250314T103000Z.csv',
    );
  });
});
