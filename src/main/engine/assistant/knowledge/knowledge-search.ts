// Hybrid retrieval over knowledge.db: FTS5 BM25 always; when chunks have vectors of the current
// embedding model, the query is embedded too and the vec0 nearest neighbours are fused with the
// keyword ranking by reciprocal rank fusion (score = Σ 1/(60 + rank)), which needs no score
// calibration between the two. A query embedding that fails or is slow (the embedder is down)
// degrades to keyword search and says so, rather than making the operator wait. On a large
// index the commonest words of a question are left out of the keyword query (term-pruning.ts):
// keyword p95 over 10,000 generated chunks went from 20.5 to 14.9 ms (test/bench/assistant.bench.ts).
import { ftsTerms, type FtsQueryOptions, type FtsTerm } from './fts-query';
import type { Embedder } from './knowledge-types';
import type { KnowledgeStore, StoredChunk } from './knowledge-store';
import { TermPruning } from './term-pruning';
import { vocabularyTerms, type VocabularyTerm } from './plant-vocabulary';

export const RRF_K = 60;
/**
 * bm25() column weights: text, heading path, document title. On the 26 test questions
 * (knowledge-search.test.ts), first-ranked answers: 1/2/1.5 and 1/1/1 25 of 26, text only (1/0/0)
 * 24, headings heavier (1/5/3) 24 (MRR 0.933). On the shipped runbooks (eval retrieval, tuning
 * half) no other weighting found more answers in the first five (knowledge-index.ts lists them).
 */
const RANK = 'bm25(1.0, 2.0, 1.5)';

export interface SearchFilter {
  /** Only these documents (paths as stored). */
  paths?: readonly string[];
  /** Only documents found under these configured folders. */
  folders?: readonly string[];
}

export interface SearchOptions {
  k?: number;
  filter?: SearchFilter;
  prefix?: FtsQueryOptions['prefix'];
}

export interface SearchHit {
  chunkId: string;
  path: string;
  title: string;
  headingPath: string[];
  page: number | null;
  start: number;
  end: number;
  text: string;
  /** A short excerpt with the matched terms between « and » (the passage's start when only vectors matched). */
  snippet: string;
  /** BM25 relevance (FTS5's bm25() negated: higher is better), null when keywords did not match. */
  bm25: number | null;
  /** 1-based rank in the keyword list, null when not in it. */
  keywordRank: number | null;
  /** 1-based rank among the nearest vectors, null when not among them or without vectors. */
  vectorRank: number | null;
  /** Reciprocal rank fusion of both ranks; the order of the results. */
  score: number;
}

/** One term of the question as the keyword search used it, for relevance.ts. */
export interface QueryTerm {
  /** Its words, lower case (one word, or a tag's parts). */
  text: string;
  /** BM25's inverse document frequency over the index: a word in no chunk weighs most. */
  idf: number;
  /** Words or phrases the plant vocabulary (plant-vocabulary.ts) accepts in its place. */
  alternatives: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** The question's own terms (before the vocabulary widened it), with their weights. */
  terms?: QueryTerm[];
  mode: 'hybrid' | 'keyword';
  /** Why the search was keyword-only, when it was. */
  note?: string;
}

export interface KnowledgeSearchOptions {
  /** The current embedder, or undefined for keyword search only. */
  embedder?: () => Embedder | undefined;
  /** How long a query embedding may take before the search goes on without it. */
  queryEmbedTimeoutMs?: number;
  /** See term-pruning.ts. */
  matchBudget?: number;
}

interface KeywordRow {
  rowid: number;
  score: number;
  snippet: string;
}

export class KnowledgeSearch {
  private readonly pruning: TermPruning;

  constructor(
    private readonly store: KnowledgeStore,
    private readonly options: KnowledgeSearchOptions = {},
  ) {
    this.pruning = new TermPruning(store.db, options.matchBudget);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    // Nothing to look for: no keyword query, and a vector of nothing would return noise.
    if (!/[\p{L}\p{N}]/u.test(query)) return { hits: [], terms: [], mode: 'keyword' };
    const k = Math.max(1, Math.min(options.k ?? 8, 100));
    const depth = Math.max(50, k * 5);
    const { rows: keyword, terms } = this.keywordSearch(query, depth, options);
    const vector = await this.vectorSearch(query, depth, options.filter);

    const fused = new Map<number, { kw?: number; vec?: number; score: number }>();
    keyword.forEach((r, i) => fused.set(r.rowid, { kw: i + 1, score: 1 / (RRF_K + i + 1) }));
    (vector.rowids ?? []).forEach((rowid, i) => {
      const entry = fused.get(rowid) ?? { score: 0 };
      entry.vec = i + 1;
      entry.score += 1 / (RRF_K + i + 1);
      fused.set(rowid, entry);
    });
    const ranked = [...fused.entries()].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).slice(0, k);
    const chunks = this.store.chunks(ranked.map(([rowid]) => rowid));
    const byRow = new Map(keyword.map((r) => [r.rowid, r]));
    const hits = ranked.flatMap(([rowid, f]) => {
      const c = chunks.get(rowid);
      if (!c) return [];
      const kw = byRow.get(rowid);
      return [toHit(c, kw, f)];
    });
    return vector.rowids
      ? { hits, terms, mode: 'hybrid' }
      : { hits, terms, mode: 'keyword', ...(vector.note ? { note: vector.note } : {}) };
  }

  private keywordSearch(
    query: string,
    depth: number,
    options: SearchOptions,
  ): { rows: KeywordRow[]; terms: QueryTerm[] } {
    const base = ftsTerms(query, options.prefix ? { prefix: options.prefix } : {});
    const added = vocabularyTerms(query, base);
    const terms = this.queryTerms(base, added);
    const kept = this.pruning.prune([...base, ...added]);
    if (kept.length === 0) return { rows: [], terms };
    const match = kept.map((t) => t.expr).join(' OR ');
    const { where, params } = filterSql(options.filter);
    const rows = this.store.db
      .prepare(
        // ORDER BY rank lets FTS5 rank inside the table and hand over only the top rows, so
        // snippet() runs for those alone (ORDER BY bm25(...) would build every match's snippet).
        `SELECT f.rowid AS rowid, f.rank AS score, snippet(chunks_fts, 0, '«', '»', '…', 24) AS snippet
         FROM chunks_fts f ${where ? 'JOIN chunks c ON c.rowid = f.rowid JOIN documents d ON d.id = c.doc_id' : ''}
         WHERE chunks_fts MATCH ? AND f.rank MATCH ? ${where}
         ORDER BY f.rank LIMIT ?`,
      )
      .all(match, RANK, ...params, depth) as KeywordRow[];
    return { rows, terms };
  }

  /** The question's terms with their IDF (a tag's: that of its rarest part) and vocabulary alternatives. */
  private queryTerms(base: readonly FtsTerm[], added: readonly VocabularyTerm[]): QueryTerm[] {
    if (base.length === 0) return [];
    const parts = new Map<string, FtsTerm>();
    for (const t of base) {
      for (const w of t.kind === 'phrase' ? t.text.split(' ') : [t.text]) {
        if (!parts.has(w)) parts.set(w, { text: w, expr: `"${w}"`, kind: t.kind === 'prefix' ? 'prefix' : 'word' });
      }
    }
    const df = this.pruning.documentFrequencies([...parts.values()]);
    const total = this.pruning.chunkCount();
    return base.map((t) => {
      const n = Math.min(
        ...(t.kind === 'phrase' ? t.text.split(' ') : [t.text]).map((w) => df.get(parts.get(w)!) ?? 0),
      );
      const words = t.text.split(' ');
      return {
        text: t.text,
        idf: Math.log(1 + (total - n + 0.5) / (n + 0.5)),
        alternatives: added.filter((a) => a.for.some((w) => words.includes(w))).map((a) => a.text),
      };
    });
  }

  private async vectorSearch(
    query: string,
    depth: number,
    filter: SearchFilter | undefined,
  ): Promise<{ rowids?: number[]; note?: string }> {
    const embedder = this.options.embedder?.();
    const vectors = this.store.vectors;
    if (!embedder) return {};
    if (vectors.unavailable) return { note: vectors.unavailable };
    const space = vectors.space();
    if (!space || space.model !== embedder.model) return { note: `no passages embedded with ${embedder.model} yet` };
    let vector: number[] | undefined;
    try {
      [vector] = await withTimeout(embedder.embed([query]), this.options.queryEmbedTimeoutMs ?? 800);
    } catch (err) {
      return { note: `query not embedded (${(err as Error).message}); keyword search only` };
    }
    if (!vector || vector.length !== space.dimension) return { note: 'query embedding has the wrong size' };
    const filtered = !!(filter?.paths || filter?.folders);
    const near = vectors.nearest(vector, filtered ? depth * 8 : depth);
    let rowids = near.map((n) => n.rowid);
    if (filtered) {
      const chunks = this.store.chunks(rowids);
      const docs = new Map(this.store.documents().map((d) => [d.path, d.folder]));
      rowids = rowids.filter((r) => {
        const c = chunks.get(r);
        return c !== undefined && matchesFilter(c, docs.get(c.path), filter);
      });
    }
    return { rowids: rowids.slice(0, depth) };
  }
}

/** A chunk as a hit found other than by ranking (an alarm's section looked up by its heading). */
export function unrankedHit(c: StoredChunk): SearchHit {
  return toHit(c, undefined, { score: 0 });
}

function toHit(c: StoredChunk, kw: KeywordRow | undefined, f: { kw?: number; vec?: number; score: number }): SearchHit {
  return {
    chunkId: c.id,
    path: c.path,
    title: c.title,
    headingPath: c.headingPath,
    page: c.page,
    start: c.start,
    end: c.end,
    text: c.text,
    snippet: kw?.snippet ?? leadingSnippet(c.text),
    bm25: kw ? -kw.score : null,
    keywordRank: f.kw ?? null,
    vectorRank: f.vec ?? null,
    score: f.score,
  };
}

function filterSql(filter: SearchFilter | undefined): { where: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (filter?.paths) {
    parts.push(`AND d.path IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(filter.paths));
  }
  if (filter?.folders) {
    parts.push(`AND d.folder IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(filter.folders));
  }
  return { where: parts.join(' '), params };
}

function matchesFilter(c: StoredChunk, folder: string | undefined, filter: SearchFilter | undefined): boolean {
  if (filter?.paths && !filter.paths.includes(c.path)) return false;
  if (filter?.folders && (folder === undefined || !filter.folders.includes(folder))) return false;
  return true;
}

function leadingSnippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
