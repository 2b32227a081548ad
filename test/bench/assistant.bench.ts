// npm run bench -- assistant [--phase pdf|search|retrieval|all] [--pages N] [--chunks N] [--queries N]
//
// What the knowledge index costs. `pdf`: a generated N-page PDF (default 300, ~2,400 characters
// of runbook-like text per page, written by test/support/make-pdf.ts) indexed from scratch by the
// real indexer into a knowledge.db on disk — load (unpdf), chunk and store, then a second sync of
// the unchanged folder. `search`: N chunks (default 50,000) stored directly, then keyword
// searches of free-text questions and tags, timed one by one (issue 12 asks p95 < 30 ms); then a
// 768-dimension vector for every chunk (clustered around a common offset, as real embeddings are:
// the mean cosine of two random vectors and of a query to its nearest are printed) and the same
// questions as hybrid searches through a fake embedder of that dimension, with the in-memory
// vector index's load time and its recall@10 against vec0's exact KNN. `retrieval`: the figures
// of `watchfloor eval retrieval` (BM25 on the shipped runbooks and the question set).
// Prints one JSON document on stdout; progress goes to stderr.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chunkDocument } from '../../src/main/engine/assistant/knowledge/chunker';
import { KnowledgeIndex } from '../../src/main/engine/assistant/knowledge/knowledge-index';
import type { Embedder } from '../../src/main/engine/assistant/knowledge/knowledge-types';
import { evaluateRetrieval, loadQuestionSet } from '../../src/main/engine/eval/retrieval/run-retrieval';
import { parseMarkdown } from '../../src/main/engine/assistant/knowledge/markdown-loader';
import { writePdf } from '../support/make-pdf';

const { values: args } = parseArgs({
  options: {
    phase: { type: 'string', default: 'all' },
    pages: { type: 'string', default: '300' },
    chunks: { type: 'string', default: '50000' },
    queries: { type: 'string', default: '300' },
    dimension: { type: 'string', default: '768' },
  },
});
const log = (m: string) => process.stderr.write(`[bench assistant] ${m}\n`);

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLANT_WORDS = (
  'pressure temperature vibration bearing pump valve relief filter regulator transmitter gauge thermocouple ' +
  'oven burner fan intake conveyor infeed photo-eye drive fault alarm limit setpoint drift spike flatline ' +
  'operator shift engineer isolate inspect replace calibrate confirm escalate lockout tagout maintenance ' +
  'coupling alignment lubrication oil level seal leak flow header line zone sensor reading quality counter'
).split(' ');
const FUNCTION_WORDS = 'the of and to a in is for on with if at by be or check when from this that'.split(' ');

/**
 * Text with a natural word distribution (Zipf: the word of rank r has weight 1/r): function
 * words first, the plant's words next, then 8,000 made-up words. A corpus of a few dozen words
 * repeated would put every word in every chunk, which no real document set does.
 */
function vocabulary(rnd: () => number): { words: string[]; cumulative: Float64Array } {
  const syllables = 'ka lo mi ne ru ta ve so pi de ga fu mo ri la ze'.split(' ');
  const made = new Set<string>();
  while (made.size < 8000) {
    const n = 2 + Math.floor(rnd() * 3);
    made.add(Array.from({ length: n }, () => syllables[Math.floor(rnd() * syllables.length)]).join(''));
  }
  const words = [...FUNCTION_WORDS, ...PLANT_WORDS, ...made];
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  words.forEach((_, r) => (cumulative[r] = sum += 1 / (r + 1)));
  return { words, cumulative: cumulative.map((c) => c / sum) };
}

function pick(v: { words: string[]; cumulative: Float64Array }, rnd: () => number): string {
  const x = rnd();
  let lo = 0;
  let hi = v.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return v.words[lo]!;
}

let vocab: ReturnType<typeof vocabulary> | undefined;

function sentence(rnd: () => number): string {
  vocab ??= vocabulary(random(7));
  const n = 8 + Math.floor(rnd() * 10);
  const words = Array.from({ length: n }, () => pick(vocab!, rnd));
  if (rnd() < 0.3) words.push(`device-${String(1 + Math.floor(rnd() * 500)).padStart(3, '0')}`);
  if (rnd() < 0.2)
    words.push(`${['HV', 'PT', 'TE', 'VT', 'PE'][Math.floor(rnd() * 5)]}-${Math.floor(rnd() * 900 + 100)}`);
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function paragraph(rnd: () => number, chars: number): string {
  let out = '';
  while (out.length < chars) out += `${sentence(rnd)} `;
  return out.trim();
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s[s.length - 1]!) };
}

async function pdfPhase(dir: string) {
  const pages = Number(args.pages);
  const rnd = random(12);
  const texts = Array.from({ length: pages }, (_, i) =>
    [`Section ${i + 1}`, paragraph(rnd, 800), paragraph(rnd, 800), paragraph(rnd, 800)].join('\n\n'),
  );
  const folder = join(dir, 'pdf');
  mkdirSync(folder);
  const file = join(folder, 'manual.pdf');
  let t = performance.now();
  writePdf(file, texts);
  const writeMs = performance.now() - t;
  const index = new KnowledgeIndex({ file: join(dir, 'pdf.db'), folders: [folder], watch: false, rescanMs: 0 });
  t = performance.now();
  const first = await index.indexer.sync();
  const indexMs = performance.now() - t;
  t = performance.now();
  const second = await index.indexer.sync();
  const unchangedMs = performance.now() - t;
  const status = index.indexer.status();
  await index.stop();
  log(`pdf: ${pages} pages indexed in ${Math.round(indexMs)} ms`);
  return {
    pages,
    characters: texts.reduce((n, p) => n + p.length, 0),
    writePdfMs: Math.round(writeMs),
    indexMs: Math.round(indexMs),
    chunks: status.chunks,
    indexed: first.indexed,
    unchangedSyncMs: Math.round(unchangedMs * 100) / 100,
    unchangedHashed: second.hashed,
  };
}

const DIMENSION = Number(args.dimension);

/**
 * Vectors like embeddings: 400 topics around a common offset, each vector its topic plus noise
 * (random pairs have a cosine of about 0.3, a query's nearest neighbour about 0.65).
 */
function vectorSpace(seed: number) {
  const rnd = random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const offset = Float32Array.from({ length: DIMENSION }, gauss);
  const topics = Array.from({ length: 400 }, () => Float32Array.from({ length: DIMENSION }, gauss));
  return (topic: number, noise: () => number): number[] => {
    const c = topics[topic % topics.length]!;
    const spread = 0.8 + noise() * 0.8;
    const v = Array.from({ length: DIMENSION }, (_, d) => {
      const u1 = noise() + 1e-12;
      const g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * noise());
      return offset[d]! + c[d]! + g * spread;
    });
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
}

/** An embedder of the right size answering at once: a question's topic from a hash of its text. */
function fakeEmbedder(space: ReturnType<typeof vectorSpace>): Embedder {
  return {
    model: 'fake-768',
    async embed(texts) {
      return texts.map((t) => {
        let h = 2166136261;
        for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
        return space(h >>> 0, random(h));
      });
    },
  };
}

async function timed(queries: string[], run: (q: string) => Promise<unknown>) {
  for (const q of queries.slice(0, 20)) await run(q); // warm-up
  const samples: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

async function searchPhase(dir: string) {
  const total = Number(args.chunks);
  const space = vectorSpace(56);
  const embedder = fakeEmbedder(space);
  const file = join(dir, 'search.db');
  let index = new KnowledgeIndex({ file, folders: [], watch: false, rescanMs: 0 });
  const rnd = random(34);
  const perDoc = 100;
  let t = performance.now();
  for (let d = 0; d * perDoc < total; d++) {
    const sections = Array.from(
      { length: Math.min(perDoc, total - d * perDoc) },
      (_, i) => `## Part ${i + 1}\n\n${paragraph(rnd, 950)}`,
    );
    const text = `# Generated runbook ${d + 1}\n\n${sections.join('\n\n')}`;
    const path = join(dir, `doc-${d}.md`);
    const doc = parseMarkdown(text, path);
    const meta = { path, folder: dir, type: '.md', size: text.length, mtimeMs: 0 };
    index.store.replace(meta, String(d), doc, chunkDocument(path, doc), Date.now());
  }
  const buildMs = performance.now() - t;
  const chunks = index.indexer.status().chunks;
  log(`search: ${chunks} chunks stored in ${Math.round(buildMs)} ms`);
  const queries = Array.from({ length: Number(args.queries) }, (_, i) =>
    i % 3 === 0
      ? `device-${String(1 + Math.floor(rnd() * 500)).padStart(3, '0')}`
      : `what should I check when the ${PLANT_WORDS[Math.floor(rnd() * PLANT_WORDS.length)]} ${PLANT_WORDS[Math.floor(rnd() * PLANT_WORDS.length)]} alarm is high`,
  );
  const keywordSearchMs = await timed(queries, (q) => index.search(q, { k: 8 }));

  // A vector for every chunk, as an embedding pass would store them.
  t = performance.now();
  const rowids = index.store.db.prepare('SELECT rowid FROM chunks ORDER BY rowid').pluck().all() as number[];
  const vrnd = random(78);
  index.store.vectors.use(embedder.model, DIMENSION);
  for (let i = 0; i < rowids.length; i += 1000) {
    index.store.vectors.put(
      rowids.slice(i, i + 1000).map((rowid) => ({ rowid, vector: space(Math.floor(vrnd() * 400), vrnd) })),
    );
  }
  const embedMs = performance.now() - t;
  log(`search: ${rowids.length} vectors stored in ${Math.round(embedMs)} ms`);
  await index.stop();

  // As the engine starts: open knowledge.db, load the vectors into memory, then search.
  index = new KnowledgeIndex({ file, folders: [], watch: false, rescanMs: 0, embedder });
  t = performance.now();
  const memory = index.store.vectors.warm();
  const vectorLoadMs = performance.now() - t;
  const hybridSearchMs = await timed(queries, async (q) => {
    const r = await index.search(q, { k: 8 });
    if (r.mode !== 'hybrid') throw new Error(`search was not hybrid: ${r.note}`);
  });

  // The in-memory index against vec0's exact KNN, on questions' vectors.
  const exact = index.store.db.prepare(
    'SELECT rowid FROM chunk_vectors WHERE embedding MATCH ? AND k = ? ORDER BY distance',
  );
  const exactMs: number[] = [];
  const memoryMs: number[] = [];
  let recall = 0;
  let nearestCos = 0;
  const sample = queries.slice(0, 100);
  for (const q of sample) {
    const [v] = await embedder.embed([q]);
    let s = performance.now();
    const truth = (exact.all(new Float32Array(v!), 10) as { rowid: number }[]).map((r) => r.rowid);
    exactMs.push(performance.now() - s);
    s = performance.now();
    const got = index.store.vectors.nearest(v!, 10);
    memoryMs.push(performance.now() - s);
    recall += truth.filter((r) => got.some((g) => g.rowid === r)).length / 10 / sample.length;
    nearestCos += (1 - (got[0]?.distance ?? 1)) / sample.length;
  }
  let pairCos = 0;
  for (let i = 0; i < 200; i++) {
    const a = space(Math.floor(vrnd() * 400), vrnd);
    const b = space(Math.floor(vrnd() * 400), vrnd);
    pairCos += a.reduce((s2, x, d) => s2 + x * b[d]!, 0) / 200;
  }
  await index.stop();
  const r2 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    chunks,
    buildMs: Math.round(buildMs),
    keywordSearchMs,
    vectors: {
      dimension: DIMENSION,
      storeMs: Math.round(embedMs),
      inMemory: memory !== undefined,
      loadMs: Math.round(vectorLoadMs),
      // Typed arrays of the in-memory index, at their capacity (its rowid map comes on top).
      memoryMB: Math.round((memory?.bytes ?? 0) / 1e5) / 10,
      recallAt10VsExact: r2(recall),
      meanCosineRandomPair: r2(pairCos),
      meanCosineNearest: r2(nearestCos),
      exactKnnMs: percentiles(exactMs),
      inMemoryKnnMs: percentiles(memoryMs),
    },
    hybridSearchMs,
  };
}

function retrievalPhase() {
  const knowledge = join(process.cwd(), 'resources', 'knowledge');
  const questions = loadQuestionSet(
    join(process.cwd(), 'test', 'fixtures', 'assistant', 'retrieval-set.json'),
    knowledge,
  );
  return evaluateRetrieval({ knowledgeDir: knowledge, questions, k: 5 }).then(({ outcomes: _, ...figures }) => figures);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-assistant-'));
  try {
    const result: Record<string, unknown> = { node: process.version };
    if (args.phase === 'pdf' || args.phase === 'all') result.pdf = await pdfPhase(dir);
    if (args.phase === 'search' || args.phase === 'all') result.search = await searchPhase(dir);
    if (args.phase === 'retrieval' || args.phase === 'all') result.retrieval = await retrievalPhase();
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
