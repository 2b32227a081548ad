import { describe, expect, it } from 'vitest';
import { decodeHeatmapParams, defaultHeatmapParams, encodeHeatmapParams } from './heatmap/heatmap-params';
import { decodeTrendParams, defaultTrendParams, encodeTrendParams } from './trend/trend-params';
import {
  MAX_STATE_SERIES,
  decodeAnalyticsState,
  defaultAnalyticsState,
  encodeAnalyticsState,
  rangeWindow,
  type AnalyticsState,
} from './analytics-state';

const full: AnalyticsState = {
  panel: 'correlation',
  series: ['device-001/temperature', 'device-002/pressure', 'line 2 boiler/steam flow'],
  range: { from: 1_765_000_000_000, to: 1_765_086_400_000 },
  scale: 'axes',
  compare: { kind: 'temperature', signal: 'temperature', period: 'week' },
  // Each panel's own part, as its own module reads it back (the panels' fields are theirs).
  heatmap: decodeHeatmapParams('m=signal'),
  trend: decodeTrendParams(encodeTrendParams(defaultTrendParams())),
};

describe('the Analytics URL state', () => {
  it('round-trips every field, including names with spaces, and stays readable', () => {
    const text = encodeAnalyticsState(full);
    expect(decodeAnalyticsState(text)).toEqual(full);
    expect(text).toMatch(/^v=1&p=correlation&s=device-001\/temperature,device-002\/pressure,/);
    expect(text).toContain('r=1765000000000~1765086400000');
  });

  it('writes nothing for the default view, so its URL is plain #analytics', () => {
    expect(encodeAnalyticsState(defaultAnalyticsState())).toBe('');
    expect(decodeAnalyticsState('')).toEqual(defaultAnalyticsState());
  });

  it('round-trips a live preset range', () => {
    const s = { ...defaultAnalyticsState(), range: { preset: '7d' as const }, series: ['a/b'] };
    expect(decodeAnalyticsState(encodeAnalyticsState(s))).toEqual(s);
    expect(rangeWindow(s.range, 10 * 86_400_000)).toEqual({ from: 3 * 86_400_000, to: 10 * 86_400_000 });
  });

  it('reads an old link without a version or later fields, and ignores fields it does not know', () => {
    const s = decodeAnalyticsState('p=compare&ck=pressure&future=42&v=7&zz=%7B');
    expect(s.panel).toBe('compare');
    expect(s.compare).toEqual({ kind: 'pressure', signal: '', period: 'hour' });
    expect(s.series).toEqual([]);
  });

  it('falls back field by field on garbage', () => {
    const s = decodeAnalyticsState('p=pie&s=nodevice,,a/b,a/b,/x,c/d&r=9~3&sc=log&cp=fortnight&h=%7Bnot json&t=');
    expect(s.panel).toBe('overlay');
    expect(s.series).toEqual(['a/b', 'c/d']);
    expect(s.range).toEqual({ preset: '1h' });
    expect(s.scale).toBe('normalised');
    expect(s.compare.period).toBe('hour');
    expect(s.heatmap).toEqual(defaultAnalyticsState().heatmap);
    for (const junk of ['%', '%%%', '&&&', '=', 'v=1&p', '\u0000', 'h=[1,2]', 'h=%7B%22m%22%3A5%7D', 't=%%'])
      expect(() => decodeAnalyticsState(junk)).not.toThrow();
    expect(decodeAnalyticsState('h=%7B%22m%22%3A5%7D').heatmap).toEqual(defaultHeatmapParams());
  });

  it("carries each panel's part as one value, read back by the panel's own decoder", () => {
    const heatmap = decodeHeatmapParams('m=signal');
    const text = encodeAnalyticsState({ ...defaultAnalyticsState(), panel: 'heatmap', heatmap });
    expect(new URLSearchParams(text).get('h')).toBe(encodeHeatmapParams(heatmap));
    expect(decodeAnalyticsState(text).heatmap).toEqual(heatmap);
    expect(decodeAnalyticsState('p=trend').trend).toEqual(defaultTrendParams());
  });

  it('caps the series a link can carry', () => {
    const many = Array.from({ length: 50 }, (_, i) => `d${i}/s`).join(',');
    expect(decodeAnalyticsState(`s=${many}`).series).toHaveLength(MAX_STATE_SERIES);
  });
});
