// An answer or a report line as the operator reads it: text with its `[n]` marks turned into
// buttons that open passage n. Groups such as `[1, 3]` or `[2][4]` become one button per number;
// a number that names no passage sent stays as plain text (the engine already removes those from
// a finished answer; this keeps a report written by an older engine honest too).
export type AnswerPart = { kind: 'text'; text: string } | { kind: 'cite'; n: number };

const MARK = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

/** Splits `text` at its citation marks; `passages` is how many passages were sent (n in 1…passages). */
export function splitCitations(text: string, passages: number): AnswerPart[] {
  const parts: AnswerPart[] = [];
  const pushText = (t: string) => {
    if (!t) return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const match of text.matchAll(MARK)) {
    const numbers = match[1]!.split(',').map((s) => Number(s.trim()));
    pushText(text.slice(at, match.index));
    at = match.index + match[0].length;
    if (numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= passages)) {
      for (const n of numbers) parts.push({ kind: 'cite', n });
    } else pushText(match[0]);
  }
  pushText(text.slice(at));
  return parts;
}

/** The numbers a report line cites that its text does not already mark, in order, once each. */
export function extraCitations(parts: readonly AnswerPart[], citations: readonly number[]): number[] {
  const shown = new Set(parts.flatMap((p) => (p.kind === 'cite' ? [p.n] : [])));
  return [...new Set(citations)].filter((n) => !shown.has(n));
}

export type SnippetPart = { text: string; matched: boolean };

/** A search snippet with the matched words between « and »: the parts to emphasise. */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest) {
    const open = rest.indexOf('«');
    const close = open < 0 ? -1 : rest.indexOf('»', open + 1);
    if (open < 0 || close < 0) {
      parts.push({ text: rest, matched: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), matched: false });
    if (close > open + 1) parts.push({ text: rest.slice(open + 1, close), matched: true });
    rest = rest.slice(close + 1);
  }
  return parts;
}
