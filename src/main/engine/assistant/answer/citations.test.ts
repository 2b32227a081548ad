// Every [n] an operator sees names a passage that was sent: what is kept, what is removed, and
// how the text reads afterwards.
import { describe, expect, it } from 'vitest';
import { NOT_COVERED } from '../../../../shared/contract/assistant';
import { checkCitations, isNotCovered } from './citations';

describe('checkCitations', () => {
  it('keeps citations of passages that were sent and lists them once, sorted', () => {
    const r = checkCitations('Compare PT-201 with PI-201 [2]. Check the filter [1][2].', 3);
    expect(r).toEqual({
      answer: 'Compare PT-201 with PI-201 [2]. Check the filter [1][2].',
      cited: [1, 2],
      removed: [],
    });
  });

  it('removes an invented [9] with 3 passages and tidies the space it leaves', () => {
    const r = checkCitations('Stop the press at end of stroke [9]. Call the technician [3].', 3);
    expect(r.answer).toBe('Stop the press at end of stroke. Call the technician [3].');
    expect(r.cited).toEqual([3]);
    expect(r.removed).toEqual([9]);
  });

  it('rewrites a group without its invalid numbers', () => {
    const r = checkCitations('Bleed the accumulator [1, 7, 3].', 3);
    expect(r.answer).toBe('Bleed the accumulator [1, 3].');
    expect(r.cited).toEqual([1, 3]);
    expect(r.removed).toEqual([7]);
  });

  it('expands ranges and keeps only the part inside the passages', () => {
    expect(checkCitations('See [1-2].', 3)).toEqual({ answer: 'See [1-2].', cited: [1, 2], removed: [] });
    const r = checkCitations('See [2–5] and [0].', 3);
    expect(r.answer).toBe('See [2, 3] and.');
    expect(r.cited).toEqual([2, 3]);
    expect(r.removed).toEqual([0, 4, 5]);
  });

  it('removes adjacent citations one by one', () => {
    const r = checkCitations('Lock out Q-201 [4][1][5].', 2);
    expect(r.answer).toBe('Lock out Q-201 [1].');
    expect(r.removed).toEqual([4, 5]);
  });

  it('leaves brackets that are not citations alone', () => {
    const text = 'The tag [sic] and [Note: see A-201] stay; a link [PT-201](x) too.';
    expect(checkCitations(text, 1)).toEqual({ answer: text, cited: [], removed: [] });
  });

  it('keeps the indentation of a nested list', () => {
    expect(checkCitations('1. Stop M-201 [1]\n   - then lock out Q-201 [8]', 1).answer).toBe(
      '1. Stop M-201 [1]\n   - then lock out Q-201',
    );
  });

  it('with no passages at all, every number is removed', () => {
    const r = checkCitations('It is 55 psi [1].\n1. Check [2]', 0);
    expect(r.answer).toBe('It is 55 psi.\n1. Check');
    expect(r.removed).toEqual([1, 2]);
  });
});

describe('isNotCovered', () => {
  it('recognises the phrase the prompt asks for, with a sentence after it', () => {
    expect(isNotCovered(`${NOT_COVERED}.`)).toBe(true);
    expect(isNotCovered(`${NOT_COVERED}. The passages cover the press hydraulics only.`)).toBe(true);
    expect(isNotCovered('**Not in the runbooks**: they cover the oven.')).toBe(true);
    expect(isNotCovered('  not in the Runbooks.')).toBe(true);
  });

  it('does not mistake an answer that mentions it later for the marker', () => {
    expect(isNotCovered('Check PI-201 [1]. The torque is not in the runbooks.')).toBe(false);
    expect(isNotCovered('Not in the runbook index, but [1] says…')).toBe(false);
    expect(isNotCovered('')).toBe(false);
  });
});
