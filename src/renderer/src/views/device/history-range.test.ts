// Presets end now and keep following it; a custom range is exactly what was typed, and
// anything that is not a real, forward range is refused with a message that says why.
import { describe, expect, it } from 'vitest';
import {
  RANGE_PRESETS,
  checkCustomRange,
  liveRefreshMs,
  parseLocalInputValue,
  presetMs,
  resolveRange,
  toLocalInputValue,
} from './history-range';

const now = new Date(2025, 5, 15, 12, 0, 0).getTime();
const HOUR = 3_600_000;

describe('range presets', () => {
  it('covers 15 min to 1 year, ending now', () => {
    expect(RANGE_PRESETS.map((p) => p.id)).toEqual(['15m', '1h', '24h', '7d', '30d', '1y']);
    expect(resolveRange({ kind: 'preset', preset: '15m' }, now)).toEqual({
      from: now - 15 * 60_000,
      to: now,
      live: true,
      key: '15m',
    });
    expect(presetMs('24h')).toBe(24 * HOUR);
    expect(presetMs('7d')).toBe(7 * 24 * HOUR);
    expect(presetMs('30d')).toBe(30 * 24 * HOUR);
    expect(presetMs('1y')).toBe(365 * 24 * HOUR);
  });

  it('keeps its key when resolved again later, so a refresh does not reset the zoom', () => {
    const a = resolveRange({ kind: 'preset', preset: '1h' }, now);
    const b = resolveRange({ kind: 'preset', preset: '1h' }, now + 30_000);
    expect(b.from - a.from).toBe(30_000);
    expect(b.key).toBe(a.key);
  });

  it('resolves a custom range as given, not following now', () => {
    const r = resolveRange({ kind: 'custom', from: now - HOUR, to: now - 1000 }, now + 999_999);
    expect(r).toMatchObject({ from: now - HOUR, to: now - 1000, live: false });
    expect(r.key).not.toBe(resolveRange({ kind: 'custom', from: now - HOUR, to: now }, now).key);
  });

  it('re-queries short live ranges every 30 s and long ones at most every 5 min', () => {
    expect(liveRefreshMs(presetMs('15m'))).toBe(30_000);
    expect(liveRefreshMs(presetMs('1h'))).toBe(30_000);
    expect(liveRefreshMs(presetMs('24h'))).toBe(300_000);
    expect(liveRefreshMs(presetMs('1y'))).toBe(300_000);
  });
});

describe('datetime-local values', () => {
  it('round-trips local time to the minute', () => {
    expect(toLocalInputValue(now)).toBe('2025-06-15T12:00');
    expect(parseLocalInputValue('2025-06-15T12:00')).toBe(now);
    expect(parseLocalInputValue('2025-06-15T12:00:30')).toBe(now + 30_000);
  });

  it('refuses what is not a real date and time', () => {
    expect(parseLocalInputValue('2025-02-31T10:00')).toBeNull();
    expect(parseLocalInputValue('2025-06-15T25:00')).toBeNull();
    expect(parseLocalInputValue('yesterday')).toBeNull();
    expect(parseLocalInputValue('')).toBeNull();
  });
});

describe('custom range validation', () => {
  it('accepts a start before the end', () => {
    expect(checkCustomRange('2025-06-15T10:00', '2025-06-15T12:00')).toEqual({
      ok: true,
      from: now - 2 * HOUR,
      to: now,
    });
  });

  it('refuses an end that is not after the start, pointing at the end', () => {
    expect(checkCustomRange('2025-06-15T12:00', '2025-06-15T12:00')).toEqual({
      ok: false,
      field: 'to',
      error: 'The end must be after the start.',
    });
    expect(checkCustomRange('2025-06-15T13:00', '2025-06-15T12:00')).toMatchObject({ ok: false, field: 'to' });
  });

  it('asks for missing fields and names the broken one', () => {
    expect(checkCustomRange('', '2025-06-15T12:00')).toMatchObject({ ok: false, field: 'from' });
    expect(checkCustomRange('2025-06-15T12:00', ' ')).toMatchObject({ ok: false, field: 'to' });
    expect(checkCustomRange('2025-02-30T12:00', '2025-06-15T12:00')).toMatchObject({
      ok: false,
      field: 'from',
      error: 'The start is not a valid date and time.',
    });
  });
});
