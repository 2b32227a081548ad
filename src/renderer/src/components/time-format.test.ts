// One time format everywhere: the clock setting decides 24 h or 12 h, the zone is always named,
// and a change of the setting takes effect on the next call (charts' formatters included).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setDisplayPrefs } from '../store/display-prefs';
import { formatLocalTime } from './format';
import { formatAxisTime, formatClock, formatDateTime, formatRange, formatSpan, timeZoneLabel } from './time-format';

// 14:02:11 in Berlin in winter (UTC+1), so 24 h and 12 h differ and the zone is not UTC.
const AT = Date.UTC(2026, 0, 15, 13, 2, 11);
const NOW = AT + 60_000;

beforeAll(() => {
  vi.stubEnv('TZ', 'Europe/Berlin');
});
afterEach(() => setDisplayPrefs({ clock: 'h23' }));

describe('time format per clock setting', () => {
  it('24 h: 14:02:11 with the zone', () => {
    setDisplayPrefs({ clock: 'h23' });
    const zone = timeZoneLabel(AT);
    expect(zone).toMatch(/^(CET|UTC\+1)$/);
    expect(formatLocalTime(AT, NOW)).toBe(`14:02:11 ${zone}`);
    expect(formatClock(AT)).toBe('14:02:11');
    expect(formatClock(AT, false)).toBe('14:02');
  });

  it('12 h: 02:02:11 PM with the zone, and back to 24 h on the next call', () => {
    setDisplayPrefs({ clock: 'h12' });
    const text = formatLocalTime(AT, NOW);
    expect(text).toMatch(/^0?2:02:11\s?PM (CET|UTC\+1)$/i);
    setDisplayPrefs({ clock: 'h23' });
    expect(formatLocalTime(AT, NOW)).toMatch(/^14:02:11 /);
  });

  it("'locale' follows the locale's own hour cycle", () => {
    setDisplayPrefs({ clock: 'locale' });
    const cycle = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hourCycle;
    const text = formatLocalTime(AT, NOW);
    if (cycle === 'h12' || cycle === 'h11') expect(text).toMatch(/PM/i);
    else expect(text).toMatch(/^14:02:11 /);
  });

  it('writes an offset zone as UTC±n, never GMT', () => {
    expect(timeZoneLabel(AT)).not.toMatch(/GMT/);
    expect(formatLocalTime(AT, NOW)).not.toMatch(/GMT/);
  });

  it('adds the date when the time is not today, and always in logs', () => {
    const yesterday = formatLocalTime(AT, AT + 86_400_000);
    expect(yesterday).toMatch(/15/);
    expect(yesterday).toMatch(/14:02:11/);
    expect(formatDateTime(AT)).toMatch(/15/);
    expect(formatDateTime(AT)).toMatch(/(CET|UTC\+1)$/);
  });

  it('names the zone once at the end of a range and of a span', () => {
    const range = formatRange(AT, AT + 120_000, false, NOW);
    expect(range).toMatch(/14:02:11 – 14:04:11 (CET|UTC\+1)$/);
    expect(formatSpan(AT, AT + 120_000, NOW)).toMatch(/^14:02:11–14:04:11 (CET|UTC\+1)$/);
    expect(formatSpan(AT, AT + 3_600_000, NOW + 3_600_000)).toMatch(/^14:02–15:02 (CET|UTC\+1)$/);
    setDisplayPrefs({ clock: 'h12' });
    expect(formatSpan(AT, AT + 120_000, NOW)).toMatch(/PM/i);
  });

  it('labels axis ticks in the same clock, seconds only for short windows, the date at midnight', () => {
    expect(formatAxisTime(AT, 5 * 60_000)).toBe('14:02:11');
    expect(formatAxisTime(AT, 3_600_000)).toBe('14:02');
    setDisplayPrefs({ clock: 'h12' });
    expect(formatAxisTime(AT, 3_600_000)).toMatch(/^0?2:02\s?PM$/i);
    const midnight = new Date(2026, 0, 16).getTime();
    expect(formatAxisTime(midnight, 86_400_000)).toMatch(/16/);
  });
});
