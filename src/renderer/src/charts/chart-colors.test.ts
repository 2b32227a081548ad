// A theme colour mixed in CSS (color-mix) reaches ECharts as a colour it can parse: Chromium
// hands a mix back as "color(srgb r g b / a)", which ECharts would draw as black.
import { describe, expect, it } from 'vitest';
import { echartsColor } from './chart-colors';

describe('echartsColor', () => {
  it('turns a mixed colour into rgba()', () => {
    expect(echartsColor('color(srgb 1 0.4 0.38 / 0.16)')).toBe('rgba(255, 102, 97, 0.16)');
    expect(echartsColor('color(srgb 0.2 0.21 0.22)')).toBe('rgba(51, 54, 56, 1)');
    expect(echartsColor('color(srgb 1.2 -0.1 0 / 0.5)')).toBe('rgba(255, 0, 0, 0.5)');
  });

  it('leaves colours ECharts already reads as they are', () => {
    expect(echartsColor('rgb(51, 53, 55)')).toBe('rgb(51, 53, 55)');
    expect(echartsColor('rgba(0, 0, 0, 0)')).toBe('rgba(0, 0, 0, 0)');
  });
});
