import { describe, expect, it } from 'vitest';
import { changeText, fieldTitle, labelsText } from './suggestion-format';

describe('suggestion wording', () => {
  it('shows delays in seconds or minutes, limits as numbers, and an unset delay as none', () => {
    expect(changeText({ field: 'onDelayMs', current: 0, proposed: 10_000 })).toBe('none → 10 s');
    expect(changeText({ field: 'onDelayMs', current: 90_000, proposed: 120_000 })).toBe('1.5 min → 2 min');
    expect(changeText({ field: 'hi', current: 85, proposed: 88 })).toBe('85 → 88');
    expect(changeText({ field: 'deadband', current: null, proposed: 1.2 })).toBe('not set → 1.2');
    expect(fieldTitle('onDelayMs')).toBe('on-delay');
  });

  it('names the labels it rests on, the first few and how many more', () => {
    expect(labelsText(['a'])).toBe('1 label: a');
    expect(labelsText(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('6 labels: a, b, c, d and 2 more');
  });
});
