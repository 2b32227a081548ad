// Nearest-neighbour search over a real knowledge.db with sqlite-vec: the in-memory sign-bit
// shortlist (binary-prefilter.ts) finds what vec0's exact KNN finds, and stays in step with the
// store as vectors are added, replaced, deleted, or dropped for another model, and after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BinaryPrefilter } from './binary-prefilter';
import { openKnowledgeDb, type KnowledgeDb } from './knowledge-db';
import { VectorStore } from './vector-store';

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

/** Vectors in clusters around a common offset, as embeddings of related passages are. */
function clustered(dimension: number, clusters: number, seed: number): () => number[] {
  const rnd = random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const offset = Array.from({ length: dimension }, gauss);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dimension }, gauss));
  return () => {
    const c = centres[Math.floor(rnd() * clusters)]!;
    return c.map((x, d) => offset[d]! + x + gauss() * 1.2);
  };
}

function exactNearest(all: Map<number, number[]>, q: number[], k: number): number[] {
  const cos = (a: number[]) => {
    let dot = 0;
    let na = 0;
    let nq = 0;
    a.forEach((x, d) => {
      dot += x * q[d]!;
      na += x * x;
      nq += q[d]! * q[d]!;
    });
    return dot / Math.sqrt(na * nq);
  };
  return [...all.entries()]
    .map(([rowid, v]) => ({ rowid, c: cos(v) }))
    .sort((a, b) => b.c - a.c)
    .slice(0, k)
    .map((x) => x.rowid);
}

const overlap = (a: number[], b: number[]) => a.filter((x) => b.includes(x)).length / a.length;

describe('binary prefilter', () => {
  it('finds the exact nearest neighbours of clustered vectors, and forgets removed ones', () => {
    const point = clustered(96, 40, 1);
    const all = new Map<number, number[]>();
    for (let r = 1; r <= 3000; r++) all.set(r, point());
    const index = BinaryPrefilter.build(
      96,
      [...all].map(([rowid, vector]) => ({ rowid, vector })),
    );
    let recall = 0;
    for (let i = 0; i < 30; i++) {
      const q = point();
      recall +=
        overlap(
          exactNearest(all, q, 10),
          index.nearest(q, 10).map((n) => n.rowid),
        ) / 30;
    }
    expect(recall).toBeGreaterThanOrEqual(0.9);
    const q = point();
    const first = index.nearest(q, 1)[0]!.rowid;
    index.remove(first);
    expect(index.size).toBe(2999);
    expect(index.nearest(q, 10).map((n) => n.rowid)).not.toContain(first);
    index.add(first, q);
    expect(index.nearest(q, 1)[0]).toEqual({ rowid: first, distance: expect.closeTo(0, 2) });
  });
});

describe('vector store with the in-memory index', () => {
  const dirs: string[] = [];
  const dbs: KnowledgeDb[] = [];
  afterEach(() => {
    dbs.splice(0).forEach((db) => db.close());
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  function open(file: string): { db: KnowledgeDb; vectors: VectorStore } {
    const { db, vectorsUnavailable } = openKnowledgeDb(file);
    dbs.push(db);
    return { db, vectors: new VectorStore(db, vectorsUnavailable, { exactBelow: 200, loadBatch: 100 }) };
  }

  function addChunks(db: KnowledgeDb, n: number): number[] {
    db.prepare(
      `INSERT OR IGNORE INTO documents (id, path, folder, type, size, mtime_ms, status, indexed_at)
       VALUES (1, '/k/a.md', '/k', '.md', 1, 0, 'ok', 0)`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO chunks (id, doc_id, ordinal, start, "end", heading_path, heading, title, text)
       VALUES (?, 1, ?, 0, 1, '[]', '', '', 'x')`,
    );
    return Array.from({ length: n }, (_, i) => Number(insert.run(`c${Math.random()}`, i).lastInsertRowid));
  }

  it('answers as exact KNN does, and stays in step through adds, deletes, a restart and a new model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-vectors-'));
    dirs.push(dir);
    const file = join(dir, 'knowledge.db');
    const { db, vectors } = open(file);
    const rowids = addChunks(db, 600);
    const point = clustered(64, 20, 2);
    const all = new Map<number, number[]>();
    vectors.use('m', 64);
    vectors.put(rowids.slice(0, 150).map((rowid) => ({ rowid, vector: point() })));
    // Below the threshold: exact KNN from vec0, no copy in memory.
    expect(vectors.warm()).toBeUndefined();
    for (const rowid of rowids) all.set(rowid, point());
    vectors.put([...all].map(([rowid, vector]) => ({ rowid, vector })));
    expect(vectors.warm()?.size).toBe(600);

    let recall = 0;
    for (let i = 0; i < 20; i++) {
      const p = point();
      recall +=
        overlap(
          exactNearest(all, p, 10),
          vectors.nearest(p, 10).map((n) => n.rowid),
        ) / 20;
    }
    expect(recall).toBeGreaterThanOrEqual(0.85);
    const q = point();
    const fromMemory = vectors.nearest(q, 10).map((n) => n.rowid);

    vectors.delete([fromMemory[0]!]);
    all.delete(fromMemory[0]!);
    expect(vectors.nearest(q, 10).map((n) => n.rowid)).not.toContain(fromMemory[0]);
    const [moved] = [fromMemory[1]!];
    vectors.put([{ rowid: moved, vector: q.map((x) => -x) }]);
    expect(vectors.nearest(q, 10).map((n) => n.rowid)).not.toContain(moved);

    const before = vectors.nearest(q, 5).map((n) => n.rowid);
    db.close();
    dbs.splice(dbs.indexOf(db), 1);
    const again = open(file);
    // Loading at start leaves the event loop free between batches; a vector stored meanwhile is in.
    const loading = again.vectors.load();
    expect(again.vectors.warm()).toBeUndefined(); // still loading: exact KNN answers
    expect(again.vectors.nearest(q, 5).map((n) => n.rowid)).toEqual(before);
    const extra = addChunks(again.db, 1);
    again.vectors.put([{ rowid: extra[0]!, vector: point() }]);
    await loading;
    expect(again.vectors.warm()?.size).toBe(600);
    again.vectors.delete(extra);
    expect(again.vectors.nearest(q, 5).map((n) => n.rowid)).toEqual(before);

    again.vectors.use('other-model', 32);
    expect(again.vectors.warm()).toBeUndefined();
    expect(again.vectors.nearest(q.slice(0, 32), 5)).toEqual([]);
  });
});
