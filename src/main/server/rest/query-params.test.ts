// Query strings to contract values: dates in either form, and errors that name the parameter.
import { describe, expect, it } from 'vitest';
import { DAY_MS, optionalInteger, optionalString, parseTime, timeRange } from './query-params';

const q = (s: string) => new URLSearchParams(s);

describe('parseTime', () => {
  it('accepts epoch milliseconds and ISO-8601, reading a time without offset as UTC', () => {
    expect(parseTime('from', '1704110400000')).toBe(1704110400000);
    expect(parseTime('from', '2024-01-01T12:00:00Z')).toBe(1704110400000);
    expect(parseTime('from', '2024-01-01T12:00')).toBe(1704110400000);
    expect(parseTime('from', '2024-01-01T14:00:00+02:00')).toBe(1704110400000);
    expect(parseTime('from', '2024-01-01')).toBe(Date.UTC(2024, 0, 1));
  });

  it('rejects anything else with the parameter in the message', () => {
    for (const bad of ['yesterday', '2024-02-30', '2024-13-01', '1.5', '-5', 'Jan 1 2024', '2024-01-01T25:00Z']) {
      expect(() => parseTime('from', bad), bad).toThrow('"from" is not a date or epoch milliseconds');
    }
  });
});

describe('timeRange', () => {
  it('defaults to the last 24 hours ending now', () => {
    expect(timeRange(q(''), 5 * DAY_MS)).toEqual({ from: 4 * DAY_MS, to: 5 * DAY_MS });
    expect(timeRange(q('from=&to='), 5 * DAY_MS)).toEqual({ from: 4 * DAY_MS, to: 5 * DAY_MS });
    expect(timeRange(q(`to=${DAY_MS * 2}`), 5 * DAY_MS)).toEqual({ from: DAY_MS, to: 2 * DAY_MS });
  });
});

describe('single values', () => {
  it('rejects a repeated parameter and a non-integer', () => {
    expect(() => optionalString(q('tier=raw&tier=1m'), 'tier')).toThrow('"tier" is given more than once');
    expect(() => optionalInteger(q('limit=ten'), 'limit')).toThrow('"limit" is not an integer');
    expect(optionalInteger(q('limit=-3'), 'limit')).toBe(-3);
  });
});
