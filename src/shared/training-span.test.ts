import { describe, expect, it } from 'vitest';
import { durationText, parseDuration, spanRefusal } from './training-span';

describe('minimum training span', () => {
  it('reads durations as written in the configuration and on the command line', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('90 min')).toBe(5_400_000);
    expect(parseDuration('1d 12h')).toBe(129_600_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('24')).toBeNull();
    expect(parseDuration('a day')).toBeNull();
    expect(parseDuration('24h and more')).toBeNull();
  });

  it('says how long the history is, to the minute', () => {
    expect(durationText(7.2 * 3_600_000)).toBe('7 h 12 min');
    expect(durationText(86_400_000)).toBe('24 h');
    expect(durationText(499 * 180_000)).toBe('24 h 57 min');
    expect(durationText(7 * 86_400_000)).toBe('7 days');
    expect(durationText(30_000)).toBe('30 s');
  });

  it('refuses a history shorter than the minimum with the reason and what to do', () => {
    expect(spanRefusal(7.2 * 3_600_000, 86_400_000)).toBe(
      'the history spans 7 h 12 min; a model needs at least 24 h of normal running (models.minTrainingSpan) — ' +
        'train on a longer span',
    );
    // TEP's normal training file: 500 samples 3 min apart.
    expect(spanRefusal(499 * 180_000, 86_400_000)).toBeNull();
    // "last 24 hours" of readings: the first a step after the range's start, the last a few seconds old.
    expect(spanRefusal(86_400_000 - 5_000, 86_400_000)).toBeNull();
    expect(spanRefusal(23 * 3_600_000, 86_400_000)).toContain('spans 23 h;');
    expect(spanRefusal(60_000, 0)).toBeNull();
  });
});
