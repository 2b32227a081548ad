// An answer's [n] marks become buttons for passages that were sent; anything else stays text.
import { describe, expect, it } from 'vitest';
import { extraCitations, splitCitations, splitSnippet } from './citations';

describe('splitCitations', () => {
  it('turns each [n] into a citation between the text around it', () => {
    expect(splitCitations('Check the relief valve [1]. Then the gauge [2].', 2)).toEqual([
      { kind: 'text', text: 'Check the relief valve ' },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: '. Then the gauge ' },
      { kind: 'cite', n: 2 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('splits groups such as [1, 3] and [2][3] into one citation per number', () => {
    expect(splitCitations('A [1, 3] B [2][3]', 3)).toEqual([
      { kind: 'text', text: 'A ' },
      { kind: 'cite', n: 1 },
      { kind: 'cite', n: 3 },
      { kind: 'text', text: ' B ' },
      { kind: 'cite', n: 2 },
      { kind: 'cite', n: 3 },
    ]);
  });

  it('leaves a number that names no passage sent, and things that are not citations, as text', () => {
    expect(splitCitations('See [4] and [0] and [a] and PT-201[x]', 3)).toEqual([
      { kind: 'text', text: 'See [4] and [0] and [a] and PT-201[x]' },
    ]);
    expect(splitCitations('limit [1, 9] exceeded', 3)).toEqual([{ kind: 'text', text: 'limit [1, 9] exceeded' }]);
  });

  it('gives an empty list for an empty answer and one text part for an answer without citations', () => {
    expect(splitCitations('', 5)).toEqual([]);
    expect(splitCitations('Not in the runbooks', 5)).toEqual([{ kind: 'text', text: 'Not in the runbooks' }]);
  });

  it('lists the citations a report line carries beside its text once', () => {
    const parts = splitCitations('Close the isolation valve [2]', 3);
    expect(extraCitations(parts, [2, 3, 3, 1])).toEqual([3, 1]);
  });
});

describe('splitSnippet', () => {
  it('marks the words between « and »', () => {
    expect(splitSnippet('the «pressure» rose above «55» psi')).toEqual([
      { text: 'the ', matched: false },
      { text: 'pressure', matched: true },
      { text: ' rose above ', matched: false },
      { text: '55', matched: true },
      { text: ' psi', matched: false },
    ]);
  });

  it('keeps an unpaired « as text', () => {
    expect(splitSnippet('a «b')).toEqual([{ text: 'a «b', matched: false }]);
  });
});
