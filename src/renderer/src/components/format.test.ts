// How values read on a tile and in the alarm queue.
import { describe, expect, it } from 'vitest';
import { formatValue, unitSuffix } from './format';

describe('value formatting', () => {
  it('keeps precision proportional to magnitude, without separators', () => {
    expect(formatValue(3.14159)).toBe('3.14');
    expect(formatValue(72.46)).toBe('72.5');
    expect(formatValue(12345.6)).toBe('12346');
    expect(formatValue(-0.5)).toBe('-0.50');
  });

  it('shows familiar unit symbols', () => {
    const show = (v: number, unit: string) => formatValue(v) + unitSuffix(unit);
    expect(show(72.46, 'celsius')).toBe('72.5°C');
    expect(show(91.2, 'percent')).toBe('91.2%');
    expect(show(42, 'psi')).toBe('42.0 psi');
    expect(show(42, '')).toBe('42.0');
  });
});
