// Chunk vectors in a sqlite-vec vec0 table (cosine distance), and each chunk's embedding state.
// The table's dimension is the embedding model's, learnt from its first answer; another model or
// another dimension empties it and marks every chunk for embedding again (vectors of two models
// are not comparable). Without sqlite-vec nothing is stored and search is keyword-only.
//
// Nearest neighbours: vec0's exact KNN reads every vector (about 12 ms per query at 10,000 ×
// 768 on this machine, 58–76 ms at 50,000). From EXACT_BELOW vectors on, queries go to an
// in-memory copy instead (binary-prefilter.ts: sign bits for a Hamming shortlist of 10 × k,
// ranked by an int8 cosine): 5–12 ms at 50,000, recall@10 0.988 against exact KNN on clustered
// 768-dimension vectors (test/bench/assistant.bench.ts). Below it, exact KNN is as fast and exact.
// The copy is built from chunk_vectors when first needed (KnowledgeIndex.start() warms it, about
// 2 s at 50,000) and kept in step here: put adds (after its transaction commits), delete removes,
// another model or dimension drops it.
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

export class VectorStore {
  /** The in-memory copy, once built (see above). */
  private memory: BinaryPrefilter | undefined;
  /** Vectors stored, counted once and then kept up to date, or undefined before the first count. */
  private stored: number | undefined;

  constructor(
    private readonly db: KnowledgeDb,
    /** Why vectors cannot be stored, or undefined when they can. */
    readonly unavailable: string | undefined,
    /** See EXACT_BELOW (tests set it lower). */
    private readonly exactBelow = EXACT_BELOW,
  ) {}

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
    for (const { rowid, vector } of written) this.memory?.add(rowid, vector);
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
   * The in-memory copy when the index is large enough to need it, built from chunk_vectors the
   * first time; undefined while exact KNN is as fast.
   */
  warm(): BinaryPrefilter | undefined {
    const space = this.space();
    if (!space) return undefined;
    if (this.memory?.dimension === space.dimension)
      return this.memory.size >= this.exactBelow ? this.memory : undefined;
    this.stored ??= (this.db.prepare(`SELECT COUNT(*) AS n FROM ${TABLE}_rowids`).get() as { n: number }).n;
    if (this.stored < this.exactBelow) return undefined;
    // Two passes (the centre, then the vectors), so the floats are never all in memory at once.
    const rows = () =>
      this.db.prepare(`SELECT rowid, embedding FROM ${TABLE}`).raw().iterate() as Iterable<[number, Buffer]>;
    const asFloats = (b: Buffer) => new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    const sum = new Float64Array(space.dimension);
    let n = 0;
    for (const [, blob] of rows()) {
      const v = asFloats(blob);
      for (let d = 0; d < space.dimension; d++) sum[d]! += v[d]!;
      n++;
    }
    const memory = new BinaryPrefilter(
      space.dimension,
      Float32Array.from(sum, (x) => x / Math.max(1, n)),
    );
    for (const [rowid, blob] of rows()) memory.add(rowid, asFloats(blob));
    this.memory = memory;
    this.stored = memory.size;
    return memory.size >= this.exactBelow ? memory : undefined;
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
