// The heatmap's URL form: what a shared link brings back, and what garbage cannot break.
import { describe, expect, it } from 'vitest';
import {
  decodeHeatmapParams,
  defaultHeatmapParams,
  encodeHeatmapParams,
  heatmapRange,
  usableBucket,
  type HeatmapParams,
} from './heatmap-params';

describe('heatmap params in the URL', () => {
  it('the default view is the empty string, and comes back from it', () => {
    expect(encodeHeatmapParams(defaultHeatmapParams())).toBe('');
    expect(decodeHeatmapParams('')).toEqual(defaultHeatmapParams());
  });

  it('every field survives a round trip', () => {
    const views: HeatmapParams[] = [
      {
        measure: 'signal',
        signal: 'temp/inlet & x',
        scope: { by: 'area', area: 'Line 1' },
        days: 30,
        fixed: null,
        bucket: 'day',
        sort: 'name',
      },
      {
        measure: 'alarms',
        signal: null,
        scope: { by: 'kind', kind: 'pump' },
        days: 7,
        fixed: { from: 1_000, to: 90_000_000 },
        bucket: 'hour',
        sort: 'total',
      },
      {
        measure: 'alarms',
        signal: null,
        scope: { by: 'devices', devices: ['press-01', 'press-02'] },
        days: 90,
        fixed: null,
        bucket: 'hour',
        sort: 'total',
      },
    ];
    for (const v of views) expect(decodeHeatmapParams(encodeHeatmapParams(v))).toEqual(v);
  });

  it('keeps what it can read of a damaged link and defaults the rest', () => {
    const p = decodeHeatmapParams('m=signal&s=pressure&d=13&b=minute&o=worst&from=9&to=3&area=' + 'x'.repeat(500));
    expect(p).toEqual({ ...defaultHeatmapParams(), measure: 'signal', signal: 'pressure' });
    for (const junk of ['%%%', '?&&==', 'm=<script>', '#d=30', 'dev=,,,', '\u0000\uffff']) {
      const q = decodeHeatmapParams(junk);
      expect(['alarms', 'signal']).toContain(q.measure);
      expect([1, 7, 30, 90]).toContain(q.days);
    }
    expect(decodeHeatmapParams('#d=30').days).toBe(30);
    expect(decodeHeatmapParams(undefined as unknown as string)).toEqual(defaultHeatmapParams());
  });

  it('a signal is only kept for a signal heatmap', () => {
    expect(decodeHeatmapParams('s=pressure').signal).toBeNull();
    expect(encodeHeatmapParams({ ...defaultHeatmapParams(), signal: 'pressure' })).toBe('');
  });

  it('a range follows now unless fixed, and ranges past 80 days use day buckets', () => {
    const now = 100 * 86_400_000;
    expect(heatmapRange({ ...defaultHeatmapParams(), days: 30 }, now)).toEqual({ from: 70 * 86_400_000, to: now });
    expect(heatmapRange({ ...defaultHeatmapParams(), fixed: { from: 5, to: 6 } }, now)).toEqual({ from: 5, to: 6 });
    expect(usableBucket({ ...defaultHeatmapParams(), days: 90 })).toBe('day');
    expect(usableBucket({ ...defaultHeatmapParams(), days: 30 })).toBe('hour');
  });
});
