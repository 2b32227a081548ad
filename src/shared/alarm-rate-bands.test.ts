import { describe, expect, it } from 'vitest';
import { averageBand, peakBand } from './alarm-rate-bands';

const MIN = 60_000;

describe('EEMUA 191 rate bands', () => {
  it('places an average in the row of the table it has reached', () => {
    expect(averageBand(0.25, 30 * MIN)).toBe('acceptable');
    expect(averageBand(1, 30 * MIN)).toBe('acceptable');
    expect(averageBand(1.5, 30 * MIN)).toBe('manageable');
    expect(averageBand(4, 30 * MIN)).toBe('over-demanding');
    expect(averageBand(12, 30 * MIN)).toBe('unacceptable');
  });

  it('gives no band to a rate over less than ten minutes', () => {
    expect(averageBand(0.25, 8 * MIN)).toBe('too-short');
    expect(averageBand(0.25, 10 * MIN)).toBe('acceptable');
  });

  it('calls a peak over ten a flood even before ten minutes have passed', () => {
    expect(peakBand(3, 8 * MIN)).toBe('too-short');
    expect(peakBand(36, 8 * MIN)).toBe('flood');
    expect(peakBand(10, 20 * MIN)).toBe('manageable');
    expect(peakBand(101, 20 * MIN)).toBe('excessive');
  });
});
