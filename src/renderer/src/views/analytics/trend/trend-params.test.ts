// The trend panel's state survives a shared link: what is chosen encodes, decodes to the same,
// and a broken or hand-edited link opens with defaults rather than failing.
import { describe, expect, it } from 'vitest';
import { decodeTrendParams, defaultTrendParams, encodeTrendParams, type TrendParams } from './trend-params';

describe('trend params in the URL', () => {
  it('leaves defaults out', () => {
    expect(encodeTrendParams(defaultTrendParams())).toBe('');
    expect(decodeTrendParams('')).toEqual(defaultTrendParams());
  });

  it('round-trips every choice', () => {
    const p: TrendParams = {
      preset: '24h',
      kind: 'pressure',
      area: 'line 1',
      devices: ['device-002', 'press/7'],
      signal: 'pressure',
      sort: 'device',
      desc: false,
    };
    expect(decodeTrendParams(encodeTrendParams(p))).toEqual(p);
  });

  it('falls back to defaults for values that are not valid', () => {
    const p = decodeTrendParams('r=3w&sort=colour&dir=sideways&d=,,&kind=');
    expect(p).toEqual(defaultTrendParams());
  });
});
