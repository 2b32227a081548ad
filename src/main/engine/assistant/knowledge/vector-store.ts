// Chunk vectors in a sqlite-vec vec0 table (cosine distance), and each chunk's embedding state.
// The table's dimension is the embedding model's, learnt from its first answer; another model or
// another dimension empties it and marks every chunk for embedding again (vectors of two models
// are not comparable). Without sqlite-vec nothing is stored and search is keyword-only.
//
// Nearest neighbours: vec0's exact KNN reads every vector (about 12 ms per query at 10,000 ×
// 768 on this machine, p95 98–163 ms at 50,000). From EXACT_BELOW vectors on, queries go to an
// in-memory copy instead (binary-prefilter.ts: sign bits for a Hamming shortlist of 10 × k,
// ranked by an int8 cosine): p95 8–15 ms at 50,000, recall@10 0.993 against vec0's exact KNN on
// clustered 768-dimension vectors (random pairs cosine 0.31, a query and its nearest 0.69), 44 MB
// (test/bench/assistant.bench.ts, three runs on a shared 2-core machine). Below EXACT_BELOW,
// exact KNN is about as fast (5 ms at 5,000) and exact, while sign bits do worst on small indexes
// (recall@10 0.72 at 2,000 vectors of 400 topics: few true neighbours, many near-ties).
// The copy is built from chunk_vectors at start (KnowledgeIndex.start() → load(), by point
// lookups in batches that leave the event loop free; exact KNN answers meanwhile) or at the first
// search, and kept in step here: put adds (after its transaction commits), delete removes, another
// model or dimension drops it.
import { BinaryPrefilter } from './binary-prefilter';
import type { KnowledgeDb } from './knowledge-db';

export interface VectorSpace {
  model: string;
  dimension: number;
}

export interface EmbedCandidate {
  rowid: number;
  text: string;
  heading: string;
  title: string;
  attempts: number;
}

export interface EmbedCounts {
  pending: number;
  failed: number;
  done: number;
}

const TABLE = 'chunk_vectors';

/** From this many vectors on, nearest() uses the in-memory prefilter rather than vec0's exact scan. */
export const EXACT_BELOW = 10_000;
/** Vectors read per turn of the event loop while loading the copy (~30 ms). */
const LOAD_BATCH = 2_000;

export class VectorStore {
  /** The in-memory copy, once built (see above). */
  private memory: BinaryPrefilter | undefined;
  /** The copy load() is building, until it is done. */
  private loading: BinaryPrefilter | undefined;
  /** Bumped when the vector space changes, so a load of the old one stops. */
  private generation = 0;
  /** Vectors stored, counted once and then kept up to date, or undefined before the first count. */
  private stored: number | undefined;

  constructor(
    private readonly db: KnowledgeDb,
    /** Why vectors cannot be stored, or undefined when they can. */
    readonly unavailable: string | undefined,
    /** See EXACT_BELOW and LOAD_BATCH (tests set them lower). */
    private readonly tuning: { exactBelow: number; loadBatch: number } = {
      exactBelow: EXACT_BELOW,
      loadBatch: LOAD_BATCH,
    },
  ) {}

  private get exactBelow(): number {
    return this.tuning.exactBelow;
  }

  space(): VectorSpace | undefined {
    const get = (key: string) =>
      (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    const model = get('embed.model');
    const dimension = Number(get('embed.dimension'));
    return model && dimension > 0 && this.hasTable() ? { model, dimension } : undefined;
  }

  /**
   * Makes the table fit `model` at `dimension`. Returns true when it had to start over (vectors of
   * another model or size were dropped and every chunk is pending again).
   */
  use(model: string, dimension: number): boolean {
    if (this.unavailable) return false;
    const current = this.space();
    if (current && current.model === model && current.dimension === dimension) return false;
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > 8192) {
      throw new Error(`embedding dimension ${dimension} is not usable`);
    }
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${TABLE}`);
      this.db.exec(`CREATE VIRTUAL TABLE ${TABLE} USING vec0(embedding float[${dimension}] distance_metric=cosine)`);
      // Vectors of another model or size are gone: every chunk needs one again. (The first space
      // replaces nothing: chunks that failed keep their retry time.)
      if (current) {
        this.db
          .prepare(
            `UPDATE chunks SET embed_state = 'pending', embed_attempts = 0, embed_error = NULL, embed_after = NULL`,
          )
          .run();
      }
      const set = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      set.run('embed.model', model);
      set.run('embed.dimension', String(dimension));
    })();
    this.memory = undefined;
    this.loading = undefined;
    this.generation++;
    this.stored = 0;
    return current !== undefined;
  }

  /**
   * When `model` is not the one the stored vectors came from, every chunk needs a new vector: the
   * embedded ones become pending again (failed ones keep their retry time) (the old vectors stay until the new model's first answer replaces the table, and
   * search ignores them meanwhile, since they belong to another model).
   */
  forgetOtherModels(model: string): void {
    const space = this.space();
    if (!space || space.model === model) return;
    this.db
      .prepare(
        `UPDATE chunks SET embed_state = 'pending', embed_attempts = 0, embed_error = NULL, embed_after = NULL
         WHERE embed_state = 'done'`,
      )
      .run();
  }

  /** Chunks without a vector: pending ones, and failed ones whose retry time has come. */
  candidates(limit: number, now: number): EmbedCandidate[] {
    return this.db
      .prepare(
        `SELECT rowid, text, heading, title, embed_attempts AS attempts FROM chunks
         WHERE embed_state = 'pending' OR (embed_state = 'failed' AND embed_after <= ?)
         ORDER BY embed_state DESC, rowid LIMIT ?`,
      )
      .all(now, limit) as EmbedCandidate[];
  }

  /** When the next failed chunk may be retried, or undefined when none waits. */
  nextRetryAt(): number | undefined {
    const row = this.db.prepare(`SELECT MIN(embed_after) AS at FROM chunks WHERE embed_state = 'failed'`).get() as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  /** Stores vectors (their chunks become 'done'); chunks deleted meanwhile are skipped. */
  put(entries: readonly { rowid: number; vector: readonly number[] }[]): void {
    const space = this.space();
    if (!space) throw new Error('no vector space: call use(model, dimension) first');
    const exists = this.db.prepare('SELECT 1 FROM chunks WHERE rowid = ?');
    const del = this.db.prepare(`DELETE FROM ${TABLE} WHERE rowid = ?`);
    const insert = this.db.prepare(`INSERT INTO ${TABLE} (rowid, embedding) VALUES (?, ?)`);
    const done = this.db.prepare(
      `UPDATE chunks SET embed_state = 'done', embed_error = NULL, embed_after = NULL WHERE rowid = ?`,
    );
    const written: { rowid: number; vector: readonly number[] }[] = [];
    let added = 0;
    this.db.transaction(() => {
      for (const { rowid, vector } of entries) {
        if (vector.length !== space.dimension) {
          throw new Error(`embedding has ${vector.length} dimensions, the index ${space.dimension}`);
        }
        if (!exists.get(rowid)) continue;
        added += del.run(BigInt(rowid)).changes > 0 ? 0 : 1;
        insert.run(BigInt(rowid), new Float32Array(vector));
        done.run(rowid);
        written.push({ rowid, vector });
      }
    })();
    if (this.stored !== undefined) this.stored += added;
    for (const { rowid, vector } of written) {
      this.memory?.add(rowid, vector);
      this.loading?.add(rowid, vector);
    }
  }

  markFailed(rowids: readonly number[], error: string, retryAt: number): void {
    const stmt = this.db.prepare(
      `UPDATE chunks SET embed_state = 'failed', embed_attempts = embed_attempts + 1, embed_error = ?, embed_after = ?
       WHERE rowid = ?`,
    );
    this.db.transaction(() => rowids.forEach((r) => stmt.run(error, retryAt, r)))();
  }

  delete(rowids: readonly number[]): void {
    if (!this.hasTable() || rowids.length === 0) return;
    const del = this.db.prepare(`DELETE FROM ${TABLE} WHERE rowid = ?`);
    for (const r of rowids) {
      const gone = del.run(BigInt(r)).changes > 0;
      if (gone && this.stored !== undefined) this.stored--;
      this.memory?.remove(r);
      this.loading?.remove(r);
    }
  }

  /** The `k` nearest chunks to `vector`, nearest first (cosine distance, 0 = same direction). */
  nearest(vector: readonly number[], k: number): { rowid: number; distance: number }[] {
    const space = this.space();
    if (!space || vector.length !== space.dimension || k < 1) return [];
    const memory = this.warm();
    if (memory) return memory.nearest(vector, Math.min(k, 4096));
    return this.db
      .prepare(`SELECT rowid, distance FROM ${TABLE} WHERE embedding MATCH ? AND k = ? ORDER BY distance`)
      .all(new Float32Array(vector), Math.min(k, 4096)) as { rowid: number; distance: number }[];
  }

  /**
   * Builds the in-memory copy when the index is large enough to need it, LOAD_BATCH vectors at a
   * time with the event loop free in between (KnowledgeIndex.start() calls it); searches use exact
   * KNN until it is ready.
   */
  async load(): Promise<void> {
    for (const _ of this.build()) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Stops a load() in progress (the database is about to close). */
  stopLoading(): void {
    this.generation++;
  }

  /**
   * The in-memory copy when the index is large enough to need it, built at once if load() has not
   * run; undefined while exact KNN is as fast, or while load() is still building it.
   */
  warm(): BinaryPrefilter | undefined {
    if (!this.loading) for (const _ of this.build());
    return this.memory && this.memory.size >= this.exactBelow ? this.memory : undefined;
  }

  private *build(): Generator<void> {
    const space = this.space();
    if (!space || this.memory?.dimension === space.dimension) return;
    const done = () =>
      this.db.prepare(`SELECT rowid FROM chunks WHERE embed_state = 'done' ORDER BY rowid`).pluck().all() as number[];
    let rowids: number[] | undefined;
    if (this.stored === undefined) this.stored = (rowids = done()).length;
    if (this.stored < this.exactBelow) return;
    rowids ??= done();
    const generation = this.generation;
    const one = this.db.prepare(`SELECT embedding FROM ${TABLE} WHERE rowid = ?`).pluck();
    const read = (rowid: number): Float32Array | undefined => {
      const b = one.get(BigInt(rowid)) as Buffer | undefined;
      if (!b) return undefined;
      return b.byteOffset % 4 === 0
        ? new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4)
        : new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    // The centre from a sample: the mean of 2,000 vectors is as good a centre as that of all.
    const sum = new Float64Array(space.dimension);
    let n = 0;
    for (const rowid of rowids.slice(0, 2000)) {
      const v = read(rowid);
      if (!v) continue;
      for (let d = 0; d < space.dimension; d++) sum[d]! += v[d]!;
      n++;
    }
    const memory = new BinaryPrefilter(
      space.dimension,
      Float32Array.from(sum, (x) => x / Math.max(1, n)),
      rowids.length,
    );
    // Puts and deletes while it loads go to it as well (see put and delete); a vector deleted
    // before its batch is read is simply not found.
    this.loading = memory;
    try {
      const batch = this.tuning.loadBatch;
      for (let i = 0; i < rowids.length; i += batch) {
        if (i > 0) {
          yield;
          if (generation !== this.generation) return;
        }
        for (const rowid of rowids.slice(i, i + batch)) {
          const v = read(rowid);
          if (v) memory.add(rowid, v);
        }
      }
      this.memory = memory;
      this.stored = memory.size;
    } finally {
      if (this.loading === memory) this.loading = undefined;
    }
  }

  counts(): EmbedCounts {
    const rows = this.db.prepare('SELECT embed_state AS s, COUNT(*) AS n FROM chunks GROUP BY embed_state').all() as {
      s: string;
      n: number;
    }[];
    const n = (s: string) => rows.find((r) => r.s === s)?.n ?? 0;
    return { pending: n('pending'), failed: n('failed'), done: n('done') };
  }

  private hasTable(): boolean {
    return !!this.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(TABLE);
  }
}
