import { describe, expect, it } from 'vitest';
import { binFacts, ContextDetector } from './context-detector';

/** Feeds bins (each 0..7) and returns the detector's score of each. */
function run(d: ContextDetector, bins: number[]): number[] {
  const facts: number[] = [];
  return bins.map((b) => d.step(binFacts(b, 3, facts)));
}

describe('ContextDetector', () => {
  it('learns a repeating sequence until it scores 0, and scores a break in it high', () => {
    const d = new ContextDetector();
    const cycle = [0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1];
    const learned = run(d, Array.from({ length: 60 }, () => cycle).flat());
    expect(learned.slice(0, 14).some((s) => s > 0.5)).toBe(true); // new at first
    expect(learned.slice(-140)).toEqual(new Array(140).fill(0)); // then fully predicted
    // Values the series always shows, in an order it never did: 7 straight after 0.
    const broken = run(d, [0, 7]);
    expect(broken[1]).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps its memory within maxContexts however random the input', () => {
    const d = new ContextDetector({ maxContexts: 300 });
    let x = 12345;
    const bins = Array.from({ length: 3000 }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return Math.floor(x / 268435456); // the top 3 bits (the low bits of an LCG repeat)
    });
    run(d, bins);
    expect(d.size).toBe(300);
    // Still scores: a full memory keeps predicting from what it knows.
    expect(run(d, [0, 7, 0, 7]).every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('turns a bin into one fact per binary digit, more digits and a sign fact beyond 0..7', () => {
    const out: number[] = [];
    expect(binFacts(5, 3, out)).toEqual([1, 2, 5]); // 101
    expect(binFacts(0, 3, out)).toEqual([0, 2, 4]);
    expect(binFacts(9, 3, out)).toEqual([1, 2, 4, 7]); // 1001
    expect(binFacts(-1, 3, out)).toEqual([1, 2, 4, 1000]);
  });
});
