// Keeps keyword search fast on a large index. FTS5 scores every chunk that matches any OR-ed
// term (about 2 µs each here), so a question with words found in most chunks ("check", "alarm")
// costs time in proportion to the index. Such words also weigh least: BM25's IDF of a word in
// half the chunks or more is nil, and small for one in a large share. So when the chunks the
// terms could match exceed a budget, the most common plain words are dropped, most common first,
// until the rest fit — never the rarest word, a tag or phrase, or the word being typed (whose
// matches count toward the budget all the same).
//
// How common a word is comes from FTS5's own vocabulary (fts5vocab), looked up with the word as
// the index stores it: the query words go through the same porter tokenizer in a scratch FTS5
// table in the connection's temp schema, so no stemmer is reimplemented here.
import type { KnowledgeDb } from './knowledge-db';
import type { FtsTerm } from './fts-query';

/** Chunks the kept terms may match at most (≈ 10–15 ms of ranking on this machine). */
export const MATCH_BUDGET = 6_000;

export class TermPruning {
  private ready = false;

  constructor(
    private readonly db: KnowledgeDb,
    private readonly budget = MATCH_BUDGET,
  ) {}

  /** The terms worth ranking with; `terms` itself when all fit the budget. */
  prune(terms: readonly FtsTerm[]): FtsTerm[] {
    const counted = terms.filter((t) => t.kind !== 'phrase');
    if (terms.length < 2 || !counted.some((t) => t.kind === 'word')) return [...terms];
    const df = this.documentFrequencies(counted);
    const total = this.chunkCount();
    const kept = new Set(terms);
    const cost = () => [...kept].reduce((n, t) => n + (df.get(t) ?? 0), 0);
    const commonFirst = counted.filter((t) => t.kind === 'word').sort((a, b) => (df.get(b) ?? 0) - (df.get(a) ?? 0));
    for (const w of commonFirst) {
      if (kept.size <= 1) break;
      if ((df.get(w) ?? 0) * 2 < total && cost() <= this.budget) break;
      kept.delete(w);
    }
    return terms.filter((t) => kept.has(t));
  }

  chunkCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM chunks').get() as { n: number }).n;
  }

  /**
   * In how many chunks each word occurs, as the index tokenizes it; for a prefix, the sum over
   * the words it expands to (an upper bound).
   */
  documentFrequencies(terms: readonly FtsTerm[]): Map<FtsTerm, number> {
    this.prepare();
    const out = new Map<FtsTerm, number>();
    this.db.transaction(() => {
      this.db.exec('DELETE FROM temp.query_words');
      const insert = this.db.prepare('INSERT INTO temp.query_words (rowid, w) VALUES (?, ?)');
      terms.forEach((t, i) => insert.run(i + 1, t.text));
      const stems = this.db.prepare('SELECT doc AS i, term FROM temp.query_word_terms').all() as {
        i: number;
        term: string;
      }[];
      const exact = this.db.prepare('SELECT doc AS n FROM temp.chunk_terms WHERE term = ?');
      const range = this.db.prepare(
        'SELECT COALESCE(SUM(doc), 0) AS n FROM temp.chunk_terms WHERE term >= ? AND term < ?',
      );
      for (const { i, term } of stems) {
        const t = terms[i - 1]!;
        const row = (t.kind === 'prefix' ? range.get(term, `${term}\u{10FFFF}`) : exact.get(term)) as
          { n: number } | undefined;
        out.set(t, row?.n ?? 0);
      }
    })();
    return out;
  }

  private prepare(): void {
    if (this.ready) return;
    this.db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_word_terms USING fts5vocab(temp, query_words, instance);
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunk_terms USING fts5vocab(main, chunks_fts, row);
    `);
    this.ready = true;
  }
}
