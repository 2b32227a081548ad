import { describe, expect, it } from 'vitest';
import { splitSpan } from './embed-texts';

describe('splitting an input that exceeds the embedding context', () => {
  it('cuts at the whitespace nearest the middle and covers the text exactly', () => {
    const text = 'check the relief valve then the transmitter';
    const halves = splitSpan(text, { index: 0, start: 0, end: text.length });
    expect(halves).not.toBeNull();
    const [a, b] = halves ?? [];
    expect(a?.start).toBe(0);
    expect(a?.end).toBe(b?.start);
    expect(b?.end).toBe(text.length);
    expect(text[a?.end ?? 0]).toBe(' ');
    expect(Math.abs((a?.end ?? 0) - text.length / 2)).toBeLessThan(6);
  });

  it('cuts in the middle when there is no whitespace near it, but never inside a surrogate pair', () => {
    const text = 'x'.repeat(9) + '😀' + 'y'.repeat(9); // the pair sits across the middle
    const [a] = splitSpan(text, { index: 0, start: 0, end: text.length }) ?? [];
    expect(a?.end).toBe(9);
  });

  it('works inside a range of the text and gives up on one character', () => {
    const text = 'aaaa bbbb cccc dddd'; // the range 'bbbb cccc dddd': middle at 12, spaces at 9 and 14
    const [a, b] = splitSpan(text, { index: 3, start: 5, end: 19 }) ?? [];
    expect(a).toEqual({ index: 3, start: 5, end: 14 });
    expect(b).toEqual({ index: 3, start: 14, end: 19 });
    expect(splitSpan(text, { index: 0, start: 2, end: 3 })).toBeNull();
  });
});
