// How values read on a tile, in the alarm queue, on a source card and in the dead-letter table.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatValue, unitSuffix } from './format';
import { formatBytes, formatRate } from './rate-format';

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

describe('source figures', () => {
  it('reads a lag in the unit that suits it', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(849.6)).toBe('850 ms');
    expect(formatDuration(3_250)).toBe('3.2 s');
    expect(formatDuration(59_999)).toBe('59.9 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000 + 59_000)).toBe('2 h 03 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });

  it('never shows a nonsense lag', () => {
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('gives a slow source decimals and a fast one none', () => {
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(0.05)).toBe('0.05/s');
    expect(formatRate(12.34)).toBe('12.3/s');
    expect(formatRate(1520.4)).toBe('1520/s');
  });

  it('sizes payloads in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300.0 MiB');
  });
});
