import { describe, expect, it } from 'vitest';
import { bucketWidth, chooseTier } from './tier-choice';

const H = 3_600_000;
const D = 24 * H;
const now = Date.parse('2026-11-22T12:00:00Z');
const keepAll = { raw: -Infinity, '1m': -Infinity, '1h': -Infinity, '1d': -Infinity };

describe('chooseTier', () => {
  it('answers short ranges from raw readings and long ones from coarser rollups', () => {
    expect(chooseTier(now - H, now, 1000, keepAll)).toBe('raw');
    expect(chooseTier(now - 15 * 60_000, now, 1000, keepAll)).toBe('raw');
    expect(chooseTier(now - D, now, 1000, keepAll)).toBe('1m');
    expect(chooseTier(now - 30 * D, now, 1000, keepAll)).toBe('1m');
    expect(chooseTier(now - 365 * D, now, 1000, keepAll)).toBe('1h');
    expect(chooseTier(now - 5 * 365 * D, now, 1000, keepAll)).toBe('1d');
  });

  it('skips a tier whose retention no longer covers the start of the range', () => {
    const retention = { raw: now - 90 * D, '1m': now - 365 * D, '1h': -Infinity, '1d': -Infinity };
    // 1 hour, but 100 days ago: raw is gone, the 1-minute rollup still has it
    expect(chooseTier(now - 100 * D, now - 100 * D + H, 1000, retention)).toBe('1m');
    // two years ago: only hourly and daily remain
    expect(chooseTier(now - 730 * D, now - 730 * D + D, 1000, retention)).toBe('1h');
  });
});

describe('bucketWidth', () => {
  it('fits the range into maxPoints buckets, whole multiples of the tier', () => {
    expect(bucketWidth('raw', 0, H - 1, 1000)).toBe(3600);
    expect(bucketWidth('1m', 0, D - 1, 1000)).toBe(120_000);
    expect(bucketWidth('1h', 0, 365 * D - 1, 1000)).toBe(9 * H);
    expect(Math.ceil(D / bucketWidth('1m', 0, D - 1, 1000))).toBeLessThanOrEqual(1000);
  });
});
