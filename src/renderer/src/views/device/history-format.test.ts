// The operator reads the tier to know how much detail is behind the line.
import { describe, expect, it } from 'vitest';
import { tierLabel } from './history-format';

describe('tier label', () => {
  it('names rollups and raw data', () => {
    expect(tierLabel('raw', 0)).toBe('raw');
    expect(tierLabel('1m', 60_000)).toBe('1-minute rollup');
    expect(tierLabel('1h', 3_600_000)).toBe('1-hour rollup');
    expect(tierLabel('1d', 86_400_000)).toBe('1-day rollup');
  });

  it('says when raw readings were downsampled, and to what', () => {
    expect(tierLabel('raw', 30_000)).toBe('raw, 30 s buckets');
  });
});
