import { afterEach, describe, expect, it } from 'vitest';
import { chunkDocument } from './chunker';
import { ftsTerms } from './fts-query';
import { openKnowledgeDb, type KnowledgeDb } from './knowledge-db';
import { KnowledgeSearch } from './knowledge-search';
import { KnowledgeStore } from './knowledge-store';
import { TermPruning } from './term-pruning';
import { VectorStore } from './vector-store';

let db: KnowledgeDb | undefined;
afterEach(() => db?.close());

/** 20 one-chunk documents: every one says "check", 8 name a valve, 3 a seal, 1 the tag HV-204. */
function store(): KnowledgeStore {
  db = openKnowledgeDb(':memory:').db;
  const s = new KnowledgeStore(db, new VectorStore(db, undefined));
  for (let i = 0; i < 20; i++) {
    const words = ['Check the line.', i < 8 ? 'Inspect the valves.' : '', i < 3 ? 'Replace the seal.' : ''];
    if (i === 5) words.push('Tag HV-204.');
    const text = words.join(' ');
    const path = `/k/${i}.txt`;
    const doc = { text, segments: [{ start: 0, end: text.length, headingPath: [] }] };
    s.replace(
      { path, folder: '/k', type: '.txt', size: text.length, mtimeMs: 0 },
      String(i),
      doc,
      chunkDocument(path, doc),
      0,
    );
  }
  return s;
}

const exprs = (terms: { expr: string }[]) => terms.map((t) => t.expr);

describe('term pruning', () => {
  it('counts chunks per word as the index stems it', () => {
    const p = new TermPruning(store().db);
    const terms = ftsTerms('checking valve seals', { prefix: 'none' });
    const df = p.documentFrequencies(terms);
    expect(terms.map((t) => df.get(t))).toEqual([20, 8, 3]);
  });

  it('drops words in half the chunks or more, then the commonest until the rest fit the budget', () => {
    const p = new TermPruning(store().db, 10);
    expect(exprs(p.prune(ftsTerms('check valve seal', { prefix: 'none' })))).toEqual(['"seal"']);
    const roomy = new TermPruning(db!, 100);
    expect(exprs(roomy.prune(ftsTerms('check valve seal', { prefix: 'none' })))).toEqual(['"valve"', '"seal"']);
  });

  it('keeps tags, the word being typed, and always one word', () => {
    const p = new TermPruning(store().db, 1);
    expect(exprs(p.prune(ftsTerms('check valve HV-204', { prefix: 'none' })))).toEqual(['"hv 204"']);
    expect(exprs(p.prune(ftsTerms('check valve sea')))).toEqual(['"sea"*']);
    expect(exprs(p.prune(ftsTerms('check valve', { prefix: 'none' })))).toEqual(['"valve"']);
  });

  it('still ranks the passage with the rare word first', async () => {
    const s = store();
    const { hits } = await new KnowledgeSearch(s, { matchBudget: 5 }).search('check the valve seal', { k: 3 });
    expect(hits[0]!.text).toContain('seal');
    expect(hits.every((h) => h.text.includes('seal'))).toBe(true);
  });
});
