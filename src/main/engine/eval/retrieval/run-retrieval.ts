// `watchfloor eval retrieval`: how well the knowledge index finds the passage that answers a
// question, measured on a question set over the shipped runbooks (test/fixtures/assistant/
// retrieval-set.json). The real KnowledgeIndex indexes the folder into ':memory:' (no embedder,
// so BM25 alone) and every question goes through the real KnowledgeIndex.search.
//
// Scoring: an answer is {doc, quote}, the quote verbatim in the doc. A returned chunk hits when
// it is from that doc and contains the quote or overlaps the quote's character range (a quote
// cut across two chunks still counts). recall@k: share of answerable questions with a hit among
// the first k; MRR@10: mean of 1/rank of the first hit within 10 (0 when none). For unanswerable
// questions the relevance floor (relevance.ts) decides: a good floor leaves them no covered hit
// while answerable questions keep the hit that answers them.
//
// Held out: questions are tuned on odd ids only; even ids are reported apart as held out, so a
// figure reached by tuning shows whether it generalises. Hybrid (vector) figures need a real
// embedding model, which this machine does not have: they are not measured here.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { coveredHits } from '../../assistant/knowledge/relevance';
import { KnowledgeIndex } from '../../assistant/knowledge/knowledge-index';
import type { SearchHit } from '../../assistant/knowledge/knowledge-search';

export type QuestionType = 'exact' | 'paraphrase' | 'unanswerable';

export interface RetrievalQuestion {
  id: string;
  question: string;
  type: QuestionType;
  answers: { doc: string; quote: string }[];
}

export interface Figures {
  n: number;
  recall: number;
  mrr10: number;
}

/** Odd ids (tuned on), even ids (held out), and all. */
export interface Split<T> {
  tuning: T;
  heldOut: T;
  all: T;
}

export interface FloorFigures {
  n: number;
  /** Unanswerable: share left with no covered hit. Answerable: share whose first hit in k stays covered. */
  rate: number;
}

export interface QuestionOutcome {
  id: string;
  type: QuestionType;
  /** 1-based rank of the first hit within 10, null when none. */
  rank: number | null;
  covered: number;
  /** Whether the first hit within k is among the covered hits (answerable questions). */
  hitCovered: boolean;
  top: string[];
}

export interface RetrievalEvaluation {
  k: number;
  documents: number;
  chunks: number;
  questions: number;
  exact: Split<Figures>;
  paraphrase: Split<Figures>;
  answerable: Split<Figures>;
  floor: { unanswerableRejected: Split<FloorFigures>; answerableKept: Split<FloorFigures> };
  searchMs: { mean: number; max: number };
  hybrid: string;
  outcomes: QuestionOutcome[];
}

export const HYBRID_NOTE =
  'hybrid (BM25 + vectors) figures need a real embedding model (Ollama /api/embed); none is available here, so they are not measured — these are BM25 alone';

/** Parses and checks a question set: every quote must be verbatim in its document. */
export function loadQuestionSet(file: string, knowledgeDir: string): RetrievalQuestion[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RetrievalQuestion[];
  if (!Array.isArray(raw)) throw new Error(`${file}: expected an array of questions`);
  const texts = new Map<string, string>();
  for (const q of raw) {
    if (typeof q.id !== 'string' || typeof q.question !== 'string' || !Array.isArray(q.answers)) {
      throw new Error(`${file}: question ${JSON.stringify(q).slice(0, 80)} lacks id, question or answers`);
    }
    if (!['exact', 'paraphrase', 'unanswerable'].includes(q.type)) throw new Error(`${q.id}: unknown type ${q.type}`);
    if ((q.type === 'unanswerable') !== (q.answers.length === 0)) {
      throw new Error(`${q.id}: unanswerable questions, and only they, have no answers`);
    }
    for (const a of q.answers) {
      if (!texts.has(a.doc)) texts.set(a.doc, readFileSync(join(knowledgeDir, a.doc), 'utf8'));
      if (!texts.get(a.doc)!.includes(a.quote)) throw new Error(`${q.id}: the quote is not in ${a.doc}: "${a.quote}"`);
    }
  }
  return raw;
}

export interface RetrievalEvalOptions {
  knowledgeDir: string;
  questions: readonly RetrievalQuestion[];
  /** recall@k (default 5). */
  k?: number;
}

export async function evaluateRetrieval(options: RetrievalEvalOptions): Promise<RetrievalEvaluation> {
  const k = options.k ?? 5;
  const depth = Math.max(k, 10);
  const index = new KnowledgeIndex({ file: ':memory:', folders: [options.knowledgeDir], watch: false, rescanMs: 0 });
  try {
    const sync = await index.indexer.sync();
    if (sync.errors > 0) throw new Error(`${sync.errors} document(s) of ${options.knowledgeDir} could not be indexed`);
    const status = index.indexer.status();
    const ranges = quoteRanges(index, options.questions);
    const outcomes: QuestionOutcome[] = [];
    let totalMs = 0;
    let maxMs = 0;
    for (const q of options.questions) {
      const t = performance.now();
      const result = await index.search(q.question, { k: depth });
      const ms = performance.now() - t;
      totalMs += ms;
      maxMs = Math.max(maxMs, ms);
      const isHit = (h: SearchHit) => q.answers.some((a, i) => hits(h, a, ranges.get(`${q.id}/${i}`)));
      const at = result.hits.findIndex(isHit);
      const covered = coveredHits({ ...result, hits: result.hits.slice(0, k) });
      const first = at >= 0 && at < k ? result.hits[at]! : undefined;
      outcomes.push({
        id: q.id,
        type: q.type,
        rank: at >= 0 ? at + 1 : null,
        covered: covered.length,
        hitCovered: first !== undefined && covered.includes(first),
        top: result.hits.slice(0, k).map((h) => `${basename(h.path)}#${h.start}-${h.end}`),
      });
    }
    const of = (type: QuestionType | 'answerable') =>
      outcomes.filter((o) => (type === 'answerable' ? o.type !== 'unanswerable' : o.type === type));
    const split = <T>(list: QuestionOutcome[], f: (l: QuestionOutcome[]) => T): Split<T> => ({
      tuning: f(list.filter((o) => idNumber(o.id) % 2 === 1)),
      heldOut: f(list.filter((o) => idNumber(o.id) % 2 === 0)),
      all: f(list),
    });
    const figures = (l: QuestionOutcome[]): Figures => ({
      n: l.length,
      recall: round(share(l, (o) => o.rank !== null && o.rank <= k)),
      mrr10: round(l.length ? l.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / l.length : 0),
    });
    return {
      k,
      documents: status.documents.ok,
      chunks: status.chunks,
      questions: outcomes.length,
      exact: split(of('exact'), figures),
      paraphrase: split(of('paraphrase'), figures),
      answerable: split(of('answerable'), figures),
      floor: {
        unanswerableRejected: split(of('unanswerable'), (l) => ({
          n: l.length,
          rate: round(share(l, (o) => o.covered === 0)),
        })),
        answerableKept: split(
          of('answerable').filter((o) => o.rank !== null && o.rank <= k),
          (l) => ({ n: l.length, rate: round(share(l, (o) => o.hitCovered)) }),
        ),
      },
      searchMs: { mean: round(totalMs / Math.max(1, outcomes.length)), max: round(maxMs) },
      hybrid: HYBRID_NOTE,
      outcomes,
    };
  } finally {
    await index.stop();
  }
}

/** Where each answer's quote lies in its document's indexed text. */
function quoteRanges(index: KnowledgeIndex, questions: readonly RetrievalQuestion[]): Map<string, [number, number]> {
  const texts = new Map<string, string>();
  for (const d of index.store.documents()) {
    const text = index.store.text(d.path);
    if (text !== undefined) texts.set(basename(d.path), text);
  }
  const out = new Map<string, [number, number]>();
  for (const q of questions) {
    q.answers.forEach((a, i) => {
      const at = texts.get(a.doc)?.indexOf(a.quote) ?? -1;
      if (at < 0) throw new Error(`${q.id}: the quote is not in the indexed text of ${a.doc}`);
      out.set(`${q.id}/${i}`, [at, at + a.quote.length]);
    });
  }
  return out;
}

function hits(h: SearchHit, a: { doc: string; quote: string }, range: [number, number] | undefined): boolean {
  if (basename(h.path) !== a.doc) return false;
  if (h.text.includes(a.quote)) return true;
  return range !== undefined && h.start < range[1] && h.end > range[0];
}

function idNumber(id: string): number {
  return Number(/\d+/.exec(id)?.[0] ?? 0);
}

function share<T>(list: readonly T[], ok: (x: T) => boolean): number {
  return list.length ? list.filter(ok).length / list.length : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The evaluation as lines for a terminal. */
export function retrievalReport(r: RetrievalEvaluation): string[] {
  const pair = (f: Figures) => `${f.recall.toFixed(3)} / ${f.mrr10.toFixed(3)}`;
  const row = (name: string, s: Split<Figures>) =>
    `${name.padEnd(12)} ${String(s.all.n).padStart(3)}   ${pair(s.all)}    ${pair(s.tuning)}    ${pair(s.heldOut)}`;
  const rate = (s: Split<FloorFigures>) =>
    `${s.all.rate.toFixed(3)} of ${s.all.n} (tuning ${s.tuning.rate.toFixed(3)}, held out ${s.heldOut.rate.toFixed(3)})`;
  return [
    `Retrieval, BM25 alone: ${r.documents} documents, ${r.chunks} chunks, ${r.questions} questions (search ${r.searchMs.mean} ms mean, ${r.searchMs.max} max)`,
    `recall@${r.k} / MRR@10   n   all                tuning (odd ids)   held out (even ids)`,
    row('exact', r.exact),
    row('paraphrase', r.paraphrase),
    row('answerable', r.answerable),
    `relevance floor: unanswerable questions left with no covered passage ${rate(r.floor.unanswerableRejected)}`,
    `                 answerable questions whose answering passage (in the first ${r.k}) stays covered ${rate(r.floor.answerableKept)}`,
    `note: ${r.hybrid}`,
  ];
}
