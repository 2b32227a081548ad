import { describe, expect, it } from 'vitest';
import { READING_TIME_DEFAULTS } from '../../../../../shared/source-config';
import { readingTimesDraftOf, readingTimesParams } from './reading-time-drafts';

describe('the reading-time form', () => {
  it('shows the limits in minutes and days, an empty maximum age meaning any age', () => {
    expect(readingTimesDraftOf(READING_TIME_DEFAULTS)).toEqual({
      futureMinutes: '5',
      maxAgeDays: '',
      liveMinutes: '15',
    });
    expect(readingTimesDraftOf({ maxFutureMs: 90_000, maxAgeMs: 30 * 86_400_000, liveWindowMs: 0 })).toEqual({
      futureMinutes: '1.5',
      maxAgeDays: '30',
      liveMinutes: '0',
    });
  });

  it('turns what was typed into milliseconds, round trip', () => {
    expect(readingTimesParams({ futureMinutes: '2', maxAgeDays: '', liveMinutes: '60' })).toEqual({
      ok: true,
      value: { maxFutureMs: 120_000, maxAgeMs: null, liveWindowMs: 3_600_000 },
    });
    const back = readingTimesParams(
      readingTimesDraftOf({ maxFutureMs: 90_000, maxAgeMs: 86_400_000, liveWindowMs: 0 }),
    );
    expect(back).toEqual({ ok: true, value: { maxFutureMs: 90_000, maxAgeMs: 86_400_000, liveWindowMs: 0 } });
  });

  it('marks the fields that are not durations, by the paths the engine uses', () => {
    const r = readingTimesParams({ futureMinutes: '', maxAgeDays: '-1', liveMinutes: 'soon' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      'value.maxFutureMs': 'minutes, 0 or more (at most a year)',
      'value.maxAgeMs': 'days, more than 0, or empty for any age',
      'value.liveWindowMs': 'minutes, 0 or more (at most a year)',
    });
  });
});
