// Which search hits are worth sending to a model. BM25 over OR-ed terms always returns something:
// a question about the boiler feedwater's conductivity limit still finds passages about "limit".
// What tells a passage that answers from one that merely shares a common word is how much of the
// question it holds, weighted by how telling each word is: coverage = Σ idf(question terms the
// passage holds) / Σ idf(all question terms), where a term counts as held when the passage (its
// text, heading path or title, as indexed) has the word, a word of the same stem, or one of the
// plant vocabulary's alternatives for it. A word that is in no chunk at all ("conductivity") has
// the highest idf, so a question about something the runbooks never mention stays low.
//
// The judgement is per question, not per hit: when the best keyword hit's coverage reaches
// COVERAGE_FLOOR, the question is in the runbooks' scope and every hit goes to the model (the
// passage that answers a paraphrase often shares few of its words, so a per-hit floor dropped
// the answer itself); otherwise none does and the assistant says "not in the runbooks". Hits
// found by vectors alone are judged with the question as well (vector distances are not
// calibrated across questions, so they cannot decide it).
//
// COVERAGE_FLOOR, chosen on odd question ids of test/fixtures/assistant/retrieval-set.json
// (`watchfloor eval retrieval`; even ids held out), best coverage among the first 5 hits:
//   floor  tuning: unanswerable rejected / answerable kept   held out: rejected / kept
//   0.30   0.50 / 0.97                                        0.50 / 0.91
//   0.40   0.63 / 0.84                                        0.75 / 0.78
//   0.45   0.75 / 0.81  (chosen)                              0.88 / 0.75
//   0.55   0.88 / 0.66                                        0.88 / 0.59
//   0.65   1.00 / 0.56                                        0.88 / 0.41
// No floor separates the two cleanly: paraphrases are made of words the runbooks do not use,
// just as questions about things they do not cover are; 0.45 loses a fifth of the answerable
// questions to keep three in four uncovered ones from inventing an answer.
//
// How the assistant uses it (answer/ask.ts): losing a fifth of the answerable questions is too
// much to refuse them, so the model is asked whenever some passage clears the BM25 floor of
// answer/retrieval.ts (it says "Not in the runbooks" itself when its passages do not answer);
// this rule decides the warning a retrieval-only answer opens with ("the runbooks may not cover
// this"), shown before the closest passages rather than instead of them.
import type { QueryTerm, SearchHit, SearchResult } from './knowledge-search';
import { stem } from './plant-vocabulary';

export const COVERAGE_FLOOR = 0.45;

/** The hits a model may be given: all of them when the question is in the runbooks' scope, else none. */
export function coveredHits(result: SearchResult): SearchHit[] {
  const terms = result.terms;
  if (!terms || terms.length === 0) return [];
  const best = Math.max(0, ...result.hits.filter((h) => h.bm25 !== null).map((h) => coverage(h, terms)));
  return best >= COVERAGE_FLOOR ? result.hits : [];
}

/** The idf-weighted share of the question's terms that `hit` holds (0–1). */
export function coverage(hit: SearchHit, terms: readonly QueryTerm[]): number {
  const words = wordsOf(`${hit.title}\n${hit.headingPath.join('\n')}\n${hit.text}`);
  const stems = new Set(words.map(stem));
  const joined = ` ${words.join(' ')} `;
  const holds = (text: string) =>
    text.includes(' ') ? joined.includes(` ${text} `) : stems.has(stem(text)) || words.some((w) => sameStem(w, text));
  let total = 0;
  let held = 0;
  for (const t of terms) {
    total += t.idf;
    if (holds(t.text) || t.alternatives.some(holds)) held += t.idf;
  }
  return total > 0 ? held / total : 0;
}

function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Two words of one stem, roughly: one starts with most of the other (calibrate, calibration). */
function sameStem(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return false;
  let i = 0;
  while (i < shorter && a[i] === b[i]) i++;
  return i >= Math.max(5, shorter - 2);
}
