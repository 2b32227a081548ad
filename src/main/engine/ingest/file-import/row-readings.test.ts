// A row becomes the readings an operator expects: one per long row, one per signal column of
// a wide plant export (gaps skipped, units read from the header), and each bad field refused
// with a reason that says which one — while history of any age is accepted.
import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../../shared/contract';
import { compilePlan, parseFileTimestamp, readRow, signalFromHeader, type RowContext } from './row-readings';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const ctx: RowContext = { now: NOW, maxFutureMs: 60_000, separator: ',' };
const row = (fields: (string | null)[], n = 2) => ({ row: n, fields, raw: fields.join(',') });

describe('long rows', () => {
  const columns = ['time', 'device', 'signal', 'value', 'unit', 'status'];
  const mapping: ImportMapping = {
    timestamp: 'time',
    deviceColumn: 'device',
    signalColumn: 'signal',
    value: 'value',
    unit: 'unit',
    quality: 'status',
  };
  const plan = compilePlan(columns, mapping);

  it('gives one reading with its unit and quality', () => {
    const out = readRow(row(['2026-05-01 12:00:00', 'press-7', 'pressure', '41.5', 'bar', 'fault']), plan, ctx);
    expect(out.errors).toEqual([]);
    expect(out.readings).toEqual([
      {
        deviceId: 'press-7',
        signal: 'pressure',
        ts: Date.parse('2026-05-01T12:00:00Z'),
        value: 41.5,
        quality: 'bad',
        unit: 'bar',
      },
    ]);
  });

  it('refuses a ragged row, a bad value and a bad device id with reasons', () => {
    expect(readRow(row(['2026-05-01', 'press-7', 'p', '1']), plan, ctx).errors).toEqual(['has 4 fields, expected 6']);
    expect(readRow(row(['2026-05-01', 'press-7', 'p', 'abc', '', '']), plan, ctx).errors).toEqual([
      'value "abc" is not a number',
    ]);
    expect(readRow(row(['2026-05-01', 'press 7', 'p', '1', '', '']), plan, ctx).errors[0]).toMatch(/deviceId/);
  });

  it('takes a constant device and signal', () => {
    const p = compilePlan(['ts', 'v'], { timestamp: 'ts', deviceId: 'oven-2', signal: 'temperature', value: 'v' });
    expect(readRow(row(['1767225600', '21']), p, ctx).readings[0]).toMatchObject({
      deviceId: 'oven-2',
      signal: 'temperature',
      ts: 1767225600_000,
      value: 21,
    });
  });

  it('names a column that is not in the file', () => {
    expect(() => compilePlan(['a', 'b'], { timestamp: 'a', deviceId: 'd', signal: 's', value: 'c' })).toThrow(
      'the value column "c" is not in the file',
    );
  });
});

describe('wide rows', () => {
  const columns = ['time', 'Temperature (°C)', 'Flow rate [m3/h]', 'operator'];
  const mapping: ImportMapping = { wide: true, deviceId: 'press-7', timestamp: 'time', exclude: ['operator'] };
  const plan = compilePlan(columns, mapping);

  it('makes every other column a signal, with the unit from its header', () => {
    expect(plan.wide!.map((w) => [w.signal, w.unit])).toEqual([
      ['Temperature', '°C'],
      ['Flow_rate', 'm3/h'],
    ]);
    const out = readRow(row(['2026-05-01T00:00:00Z', '71.25', '3.5', 'ann']), plan, ctx);
    expect(out.readings.map((r) => [r.deviceId, r.signal, r.value, r.unit])).toEqual([
      ['press-7', 'Temperature', 71.25, '°C'],
      ['press-7', 'Flow_rate', 3.5, 'm3/h'],
    ]);
  });

  it('skips empty cells and refuses only the bad cell of a row', () => {
    const out = readRow(row(['2026-05-01T00:00:00Z', '', 'x1', 'ann']), plan, ctx);
    expect(out.readings).toEqual([]);
    expect(out.errors).toEqual(['"Flow rate [m3/h]": value "x1" is not a number']);
    expect(readRow(row(['2026-05-01T00:00:00Z', 'NaN', '2', '']), plan, ctx).readings).toHaveLength(1);
  });

  it('reads decimal commas where ";" separates fields', () => {
    const out = readRow(row(['2026-05-01T00:00:00Z', '71,5', '3', '']), plan, { ...ctx, separator: ';' });
    expect(out.readings[0]!.value).toBe(71.5);
  });

  it('turns headers into valid signal names', () => {
    expect(signalFromHeader('Motor current (A)')).toEqual({ signal: 'Motor_current', unit: 'A' });
    expect(signalFromHeader('temp')).toEqual({ signal: 'temp', unit: '' });
    expect(signalFromHeader('Druck/Ölstand %')).toEqual({ signal: 'Druck/_lstand', unit: '' });
  });
});

describe('file timestamps', () => {
  it('reads epoch seconds, milliseconds, microseconds and zone-less dates as UTC', () => {
    const t = Date.parse('2026-05-01T00:00:00Z');
    expect(parseFileTimestamp(String(t / 1000), ctx)).toBe(t);
    expect(parseFileTimestamp(String(t), ctx)).toBe(t);
    expect(parseFileTimestamp(String(t * 1000), ctx)).toBe(t);
    expect(parseFileTimestamp('2026-05-01 00:00', ctx)).toBe(t);
    expect(parseFileTimestamp('2026-05-01T02:00:00+02:00', ctx)).toBe(t);
  });

  it('accepts old history but not the future', () => {
    expect(parseFileTimestamp('2001-01-01', ctx)).toBe(Date.parse('2001-01-01T00:00:00Z'));
    expect(() => parseFileTimestamp('2027-01-01', ctx)).toThrow(/in the future/);
    expect(() => parseFileTimestamp('yesterday', ctx)).toThrow(/is not a date/);
  });
});
