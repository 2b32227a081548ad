// The knowledge indexer against real files in a temporary folder and a real knowledge.db:
// every format, unreadable files, change detection by content, deletion, watching, and
// embeddings that fail and are retried.
import { mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embedInput } from '../../src/main/engine/assistant/knowledge/embedding-pass';
import { KnowledgeIndex } from '../../src/main/engine/assistant/knowledge/knowledge-index';
import type { KnowledgeIndexOptions } from '../../src/main/engine/assistant/knowledge/knowledge-index';
import { bagOfWordsVector, fakeEmbedder } from '../support/fake-embedder';
import { CORPUS } from '../support/knowledge-corpus';
import { writePdf } from '../support/make-pdf';
import { tempDirs } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const dirs = tempDirs('wf-knowledge-it-');
const open: KnowledgeIndex[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((i) => i.stop()));
  dirs.removeAll();
});

function makeIndex(folders: string[], options: Partial<KnowledgeIndexOptions> = {}, file?: string) {
  const index = new KnowledgeIndex({
    file: file ?? join(dirs.make(), 'knowledge.db'),
    folders,
    watch: false,
    rescanMs: 0,
    ...options,
  });
  open.push(index);
  return index;
}

function corpusFolder(): string {
  const folder = dirs.make();
  for (const [name, text] of Object.entries(CORPUS)) writeFileSync(join(folder, name), text);
  return folder;
}

/** The documents whose text holds the words (vector neighbours left out), each once. */
const paths = async (index: KnowledgeIndex, q: string) => [
  ...new Set(
    (await index.search(q, { k: 20 })).hits.filter((h) => h.keywordRank !== null).map((h) => h.path.split('/').pop()),
  ),
];

describe('knowledge indexer', () => {
  it('indexes every readable file and lists the others with their reason', async () => {
    const folder = corpusFolder();
    mkdirSync(join(folder, 'site', 'manuals'), { recursive: true });
    writePdf(join(folder, 'site', 'manuals', 'compressor.pdf'), [
      'Compressor manual\nAir compressor AC-7 start-up.',
      'Lubrication\nCheck oil level OL-77 weekly.',
      'Faults\nFault code F-310 means discharge temperature high.',
    ]);
    writeFileSync(join(folder, 'site', 'broken.pdf'), '%PDF-1.4\n1 0 obj << /Type /Catalog');
    writePdf(join(folder, 'site', 'scan.pdf'), ['', '']);
    writeFileSync(join(folder, 'site', 'old.docx'), 'PK\u0003\u0004');
    writeFileSync(join(folder, 'site', 'latin1.txt'), Buffer.from([0x70, 0x72, 0x65, 0x73, 0x73, 0x69, 0xf3, 0x6e]));
    writeFileSync(join(folder, '.hidden.md'), '# hidden');
    const index = makeIndex([folder]);
    const summary = await index.indexer.sync();
    expect(summary).toMatchObject({ files: 9, indexed: 5, errors: 4, removed: 0 });

    const reasons = Object.fromEntries(
      index.store
        .documents()
        .filter((d) => d.status === 'error')
        .map((d) => [d.path.split('/').pop(), d.reason]),
    );
    expect(reasons).toEqual({
      'broken.pdf': expect.stringMatching(/^not a readable PDF/),
      'scan.pdf': expect.stringMatching(/^scanned PDF without a text layer/),
      'old.docx': 'unsupported type .docx',
      'latin1.txt': expect.stringMatching(/^not UTF-8/),
    });
    const [f310] = (await index.search('F-310')).hits;
    expect(f310).toMatchObject({ page: 3, title: 'compressor' });
    // The viewer finds the passage on its page.
    const pdf = index.store.extracted(f310!.path)!;
    const page3 = pdf.segments.find((s) => s.page === 3)!;
    expect(pdf.text.slice(page3.start, page3.end)).toBe('Faults\nFault code F-310 means discharge temperature high.');
    expect(f310!.start).toBeGreaterThanOrEqual(page3.start);
    expect(f310!.end).toBeLessThanOrEqual(page3.end);
    expect(await paths(index, 'OL-77')).toEqual(['compressor.pdf']);
    expect(await paths(index, 'production_counter')).toEqual(['counter.txt']);
    expect(await paths(index, 'secret')).toEqual([]); // the HTML's script is not text
    expect(index.indexer.status()).toMatchObject({ documents: { ok: 5, error: 4 } });
  });

  it('re-parses and re-embeds only what changed, and drops what was deleted', async () => {
    const folder = corpusFolder();
    const embedder = fakeEmbedder();
    const index = makeIndex([folder], { embedder });
    const first = await index.indexer.sync();
    await index.indexer.embedPending();
    const chunks = index.indexer.status().chunks;
    expect(first).toMatchObject({ indexed: 4, hashed: 4 });
    expect(embedder.texts).toBe(chunks);

    // Nothing changed: a stat per file, nothing read.
    expect(await index.indexer.sync()).toMatchObject({ indexed: 0, hashed: 0, unchanged: 4 });
    // Touched but the same content: read and hashed, not parsed or embedded.
    utimesSync(join(folder, 'pressure.md'), new Date(), new Date(Date.now() + 5000));
    expect(await index.indexer.sync()).toMatchObject({ indexed: 0, hashed: 1, unchanged: 4 });
    await index.indexer.embedPending();
    expect(embedder.texts).toBe(chunks);

    // One file changed: only its chunks are made and embedded again.
    writeFileSync(join(folder, 'counter.txt'), 'Production counter device-004. Jam at the outfeed sorter OS-9.\n');
    expect(await index.indexer.sync()).toMatchObject({ indexed: 1, hashed: 1 });
    await index.indexer.embedPending();
    expect(embedder.texts).toBe(chunks + 1);
    expect(await paths(index, 'OS-9')).toEqual(['counter.txt']);
    expect(await paths(index, 'PE-401')).toEqual([]);

    // Deleted and renamed files leave the index.
    rmSync(join(folder, 'vibration.html'));
    renameSync(join(folder, 'temperature.md'), join(folder, 'oven.md'));
    expect(await index.indexer.sync()).toMatchObject({ removed: 2, indexed: 1 });
    expect(await paths(index, 'bearing')).toEqual([]);
    expect(await paths(index, 'TE-101')).toEqual(['oven.md']);
    expect(index.store.vectors.counts()).toMatchObject({ pending: 0, failed: 0 });
    const vectorRows = index.store.db.prepare('SELECT COUNT(*) AS n FROM chunk_vectors').get() as { n: number };
    expect(vectorRows.n).toBe(index.indexer.status().chunks);
  });

  it('keeps chunks searchable when embedding fails and embeds them on a later retry', async () => {
    const folder = corpusFolder();
    let now = 1_000_000;
    const embedder = fakeEmbedder();
    embedder.failWith = 'fetch failed (ECONNREFUSED)';
    const index = makeIndex([folder], { now: () => now, embedBatch: 4 });
    await index.indexer.sync();
    // One pass, one request: a down embedder fails the first batch and the pass stops there.
    index.indexer.setEmbedder(embedder);
    await index.indexer.embedPending();
    expect(embedder.calls).toHaveLength(1);
    const chunks = index.indexer.status().chunks;
    const counts = index.store.vectors.counts();
    expect(counts.done).toBe(0);
    expect(counts.failed).toBe(4);
    expect(counts.pending).toBe(chunks - 4);
    expect(index.indexer.status().embeddings.lastError).toMatch(/ECONNREFUSED/);
    expect(await paths(index, 'HV-204')).toContain('pressure.md');

    // Back up, but the retry time has not come: the failed chunks wait, the never-tried ones go.
    embedder.failWith = undefined;
    await index.indexer.embedPending();
    expect(index.store.vectors.counts()).toMatchObject({ pending: 0, failed: counts.failed });
    now += 31_000;
    await index.indexer.embedPending();
    expect(index.store.vectors.counts()).toEqual({ pending: 0, failed: 0, done: chunks });
    expect((await index.search('relief valve')).mode).toBe('hybrid');
  });

  it('never stores a vector for a chunk that was replaced while its embedding was on the way', async () => {
    const folder = dirs.make();
    writeFileSync(join(folder, 'a.md'), '# A\n\nFirst version about the relief valve.');
    const index = makeIndex([folder]);
    await index.indexer.sync();
    const real = fakeEmbedder('slow', 16);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    index.indexer.setEmbedder({ model: 'slow', embed: async (t) => (await gate, real.embed(t)) });
    const pass = index.indexer.embedPending();
    writeFileSync(join(folder, 'a.md'), '# A\n\nSecond version about the cooling fan.');
    await index.indexer.sync();
    release();
    await pass;
    await index.indexer.embedPending();
    const rows = index.store.db
      .prepare('SELECT c.heading, c.title, c.text, v.embedding FROM chunks c JOIN chunk_vectors v ON v.rowid = c.rowid')
      .all() as { heading: string; title: string; text: string; embedding: Buffer }[];
    expect(rows.map((r) => r.text)).toEqual(['# A\n\nSecond version about the cooling fan.']);
    const stored = [...new Float32Array(rows[0]!.embedding.buffer, rows[0]!.embedding.byteOffset, 16)];
    const expected = bagOfWordsVector(embedInput(rows[0]!), 16);
    stored.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
  });

  it('stops within a second while the embedder hangs, and writes nothing after', async () => {
    const folder = corpusFolder();
    const index = makeIndex([folder]);
    await index.indexer.sync();
    let answer!: (v: number[][]) => void;
    index.indexer.setEmbedder({ model: 'hung', embed: () => new Promise((r) => (answer = r)) });
    open.splice(open.indexOf(index), 1);
    const started = Date.now();
    await index.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(() => index.indexer.status()).toThrow(/not open/);
    answer([[1, 0]]);
    await new Promise((r) => setTimeout(r, 20));
    await expect(index.indexer.sync()).rejects.toThrow(/stopped/);
  });

  it('embeds everything again for another model or dimension', async () => {
    const folder = corpusFolder();
    const index = makeIndex([folder], { embedder: fakeEmbedder('a', 32) });
    await index.indexer.sync();
    await index.indexer.embedPending();
    const chunks = index.indexer.status().chunks;
    const b = fakeEmbedder('b', 48);
    index.indexer.setEmbedder(b);
    await index.indexer.embedPending();
    expect(b.texts).toBe(chunks);
    expect(index.store.vectors.space()).toEqual({ model: 'b', dimension: 48 });
    expect(index.store.vectors.counts()).toEqual({ pending: 0, failed: 0, done: chunks });
    expect((await index.search('pressure')).mode).toBe('hybrid');
  });

  it('does not index its own database when the data directory is inside a knowledge folder', async () => {
    const folder = corpusFolder();
    mkdirSync(join(folder, 'data'));
    const index = makeIndex([folder], {}, join(folder, 'data', 'knowledge.db'));
    expect(await index.indexer.sync()).toMatchObject({ files: 4, indexed: 4, errors: 0 });
    expect(await index.indexer.sync()).toMatchObject({ files: 4, hashed: 0 });
  });

  it('keeps what it knows across restarts and costs nothing for unchanged files', async () => {
    const folder = corpusFolder();
    const file = join(dirs.make(), 'knowledge.db');
    const first = makeIndex([folder], {}, file);
    await first.indexer.sync();
    await first.stop();
    open.splice(open.indexOf(first), 1);
    const again = makeIndex([folder], {}, file);
    expect(await again.indexer.sync()).toMatchObject({ indexed: 0, hashed: 0, unchanged: 4 });
    expect(await paths(again, 'PSV-210')).toEqual(['pressure.md']);
  });

  it('reads every document again when the index was built with other chunk sizes', async () => {
    const folder = corpusFolder();
    const file = join(dirs.make(), 'knowledge.db');
    const first = makeIndex([folder], {}, file);
    await first.indexer.sync();
    // As an index from an earlier version, which cut passages at other sizes.
    first.store.db.prepare("UPDATE meta SET value = '{\"target\":1000}' WHERE key = 'chunking'").run();
    await first.stop();
    open.splice(open.indexOf(first), 1);
    const again = makeIndex([folder], {}, file);
    expect(await again.indexer.sync()).toMatchObject({ indexed: 4, unchanged: 0 });
    const third = await again.indexer.sync();
    expect(third).toMatchObject({ indexed: 0, unchanged: 4 });
  });

  it('drops the documents of a folder taken off the list, and lists a file too large to read', async () => {
    const site = corpusFolder();
    const shipped = dirs.make();
    writeFileSync(join(shipped, 'handbook.md'), '# Handbook\n\nPress F1 for the alarm queue.');
    writeFileSync(join(shipped, 'huge.txt'), 'x'.repeat(2048));
    const index = makeIndex([shipped, site], { maxFileBytes: 1024 });
    expect(await index.indexer.sync()).toMatchObject({ indexed: 5, errors: 1 });
    expect(index.store.document(join(shipped, 'huge.txt'))?.reason).toBe(
      'too large to index (2 kB; the limit is 1 kB)',
    );
    expect(await index.indexer.setFolders([shipped])).toMatchObject({ removed: 4 });
    expect(await paths(index, 'HV-204')).toEqual([]);
    expect(await paths(index, 'alarm queue')).toEqual(['handbook.md']);
  });

  it('rebuilds a damaged knowledge.db, keeping the old file aside', async () => {
    const folder = corpusFolder();
    const data = dirs.make();
    writeFileSync(join(data, 'knowledge.db'), 'this is not a database, it is a damaged copy'.repeat(100));
    const logged: string[] = [];
    const index = makeIndex([folder], { log: (m) => logged.push(m) }, join(data, 'knowledge.db'));
    expect(await index.indexer.sync()).toMatchObject({ indexed: 4 });
    expect(await paths(index, 'HV-204')).toEqual(['pressure.md']);
    expect(logged[0]).toMatch(
      /knowledge\.db could not be opened .*rebuilding it, the old file is in .*knowledge-unreadable-/,
    );
    expect(readdirSync(data).some((f) => f.startsWith('knowledge-unreadable-'))).toBe(true);
  });

  it('keeps the documents of a folder that is gone for a while, and names the folder', async () => {
    const folder = corpusFolder();
    const index = makeIndex([folder]);
    await index.indexer.sync();
    const away = `${folder}-away`;
    renameSync(folder, away);
    const summary = await index.indexer.sync();
    expect(summary.removed).toBe(0);
    expect(summary.folderProblems).toEqual([{ folder, reason: 'folder does not exist' }]);
    expect(await paths(index, 'HV-204')).toEqual(['pressure.md']);
    renameSync(away, folder);
  });

  it('watches its folders: a new file becomes searchable and a removed one leaves', async () => {
    const folder = corpusFolder();
    const index = makeIndex([folder], { watch: true, debounceMs: 100 });
    const events: string[] = [];
    index.indexer.onEvent((e) => e.type === 'document' && events.push(`${e.status} ${e.path.split('/').pop()}`));
    index.start();
    await waitFor(async () => (await paths(index, 'HV-204')).length > 0, { what: 'first sync' });
    mkdirSync(join(folder, 'new'));
    writeFileSync(join(folder, 'new', 'boiler.md'), '# Boiler\n\nBoiler drum level LT-550 low: check feedwater pump.');
    await waitFor(async () => (await paths(index, 'LT-550')).includes('boiler.md'), { what: 'new file indexed' });
    rmSync(join(folder, 'new', 'boiler.md'));
    await waitFor(async () => (await paths(index, 'LT-550')).length === 0, { what: 'removed file gone' });
    expect(events).toEqual(expect.arrayContaining(['indexing boiler.md', 'ok boiler.md', 'removed boiler.md']));
  });
});
