// Every `[n]` in an answer must name a passage that was actually sent (issue 12): checked here,
// before anything is shown or stored. A number outside 1..passageCount is removed from the text
// and reported; the rest stay as the model wrote them.
//
// Decisions:
// - Forms read as citations: `[3]`, `[1, 3]`, `[1,3]`, `[1][2]`, `[1-2]` / `[1–2]` (a range,
//   expanded), also `[1, 3-4]`. A group keeps its valid numbers and is rewritten without the
//   others (`[2, 9]` → `[2]`); a group left empty disappears, and the
//   spaces around it are tidied (none before punctuation, never two in a row).
// - Brackets holding anything else (`[sic]`, `[Note]`, a Markdown link) are not citations.
// - A range wider than 20 is not a citation a model means; it is removed whole.
// - "Not covered" is the contract's NOT_COVERED ("Not in the runbooks") at the start of the
//   answer, as the prompt tells the model to write it, allowing Markdown emphasis and case.
import { NOT_COVERED } from '../../../../shared/contract/assistant';

export interface CheckedCitations {
  answer: string;
  /** Passage numbers the answer cites, sorted, each once. */
  cited: number[];
  /** Numbers that named no passage sent, sorted, each once (removed from `answer`). */
  removed: number[];
}

const GROUP = /\[\s*(\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*)\s*\]/g;
const MAX_RANGE = 20;

export function checkCitations(answer: string, passageCount: number): CheckedCitations {
  const cited = new Set<number>();
  const removed = new Set<number>();
  const text = answer.replace(GROUP, (whole, inner: string) => {
    const keep: number[] = [];
    for (const part of inner.split(',')) {
      const [a, b] = part.split(/[-–]/).map((x) => Number(x.trim()));
      const from = a!;
      const to = b ?? from;
      const numbers =
        to >= from && to - from <= MAX_RANGE ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [from, to];
      for (const n of numbers) {
        if (Number.isInteger(n) && n >= 1 && n <= passageCount) {
          cited.add(n);
          if (!keep.includes(n)) keep.push(n);
        } else removed.add(n);
      }
    }
    if (keep.length === 0) return '';
    return keep.length === numbersIn(inner).length ? whole : `[${keep.join(', ')}]`;
  });
  return { answer: tidy(text), cited: sorted(cited), removed: sorted(removed) };
}

function numbersIn(inner: string): number[] {
  const out: number[] = [];
  for (const part of inner.split(',')) {
    const [a, b] = part.split(/[-–]/).map((x) => Number(x.trim()));
    const to = b ?? a!;
    if (to >= a! && to - a! <= MAX_RANGE) for (let n = a!; n <= to; n++) out.push(n);
    else out.push(a!, to);
  }
  return out;
}

/** Spaces left behind by a removed citation: none before punctuation, never two in a row (indentation kept). */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+([.,;:!?)])/g, '$1')
    .replace(/(\S)[ \t]{2,}/g, '$1 ')
    .replace(/[ \t]+$/gm, '');
}

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

const MARKER = new RegExp(`^[\\s*_>"'“]*${NOT_COVERED.replace(/ /g, '\\s+')}\\b`, 'i');

/** Whether the model said the knowledge base does not answer the question. */
export function isNotCovered(answer: string): boolean {
  return MARKER.test(answer);
}
