import { describe, expect, it } from 'vitest';
import { formatTime, timeRefusal } from './reading-time';

const now = Date.parse('2026-06-01T12:00:00Z');
const limits = { now, maxFutureMs: 5 * 60_000, maxAgeMs: null };

describe('reading times', () => {
  it('takes any past and a few minutes of future by default', () => {
    expect(timeRefusal(now - 10 * 365 * 86_400_000, limits)).toBeUndefined();
    expect(timeRefusal(now + 5 * 60_000, limits)).toBeUndefined();
    expect(timeRefusal(now + 5 * 60_000 + 1, limits)).toBe(
      "timestamp 2026-06-01T12:05:00.001Z is more than 5 min ahead of the engine's clock (ingest.maxFutureMs)",
    );
  });

  it('refuses readings older than a maximum age when one is set', () => {
    const aged = { ...limits, maxAgeMs: 7 * 86_400_000 };
    expect(timeRefusal(now - 7 * 86_400_000, aged)).toBeUndefined();
    expect(timeRefusal(now - 7 * 86_400_000 - 1, aged, '"timestamp"')).toBe(
      '"timestamp" 2026-05-25T11:59:59.999Z is more than 7 d old (ingest.maxAgeMs)',
    );
  });

  it('never throws on a time no Date can print, and refuses it even with no age limit', () => {
    expect(timeRefusal(1e300, limits)).toBe('timestamp 1e+300 is not a date');
    // No age limit takes any past time, but not one no Date, export or rollup can hold.
    expect(timeRefusal(-1e300, { ...limits, maxAgeMs: null })).toBe('timestamp -1e+300 is not a date');
    expect(timeRefusal(-8.64e15, { ...limits, maxAgeMs: null })).toBeUndefined();
    expect(timeRefusal(Number.NaN, limits)).toBe('timestamp is not a finite number');
    expect(formatTime(8.64e15 + 1)).toBe('8640000000000001 ms since the epoch');
  });
});
