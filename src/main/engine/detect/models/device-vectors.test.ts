import { describe, expect, it } from 'vitest';
import { buildVectors } from './device-vectors';

/** Two signals read every second from t = 1 s; `skip` leaves signal b out at those seconds. */
function readings(n: number, skip: number[] = []) {
  const out: { signal: string; ts: number; value: number }[] = [];
  for (let i = 1; i <= n; i++) {
    out.push({ signal: 'a', ts: i * 1000, value: i });
    if (!skip.includes(i)) out.push({ signal: 'b', ts: i * 1000, value: -i });
  }
  return out;
}

describe('device vectors for models over consecutive vectors', () => {
  it('marks where a vector does not follow the one before: a rejected or stale vector in between', () => {
    const set = buildVectors(readings(10, [6, 7, 8]), ['a', 'b'], {
      maxAgeMs: 1500,
      maxVectors: 100,
      keep: (ts) => ts !== 3000,
    });
    // 3 is rejected; 6 holds b from 5, at 7 and 8 that value is stale.
    expect(set.ts).toEqual([1000, 2000, 4000, 5000, 6000, 9000, 10_000]);
    expect(set.breaks).toEqual([true, false, true, false, false, true, false]);
  });

  it('keeps the latest vectors in a row when asked to thin that way, so windows stay whole', () => {
    const latest = buildVectors(readings(10), ['a', 'b'], { maxAgeMs: 1500, maxVectors: 4, thin: 'latest' });
    expect(latest.ts).toEqual([7000, 8000, 9000, 10_000]);
    expect(latest.breaks).toEqual([true, false, false, false]);
    const even = buildVectors(readings(10), ['a', 'b'], { maxAgeMs: 1500, maxVectors: 4 });
    expect(even.breaks.every(Boolean)).toBe(true);
  });
});
