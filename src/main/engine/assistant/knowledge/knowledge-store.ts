// Documents and chunks in knowledge.db: what the indexer writes and the search and viewer read.
// A document is replaced whole in one transaction (its chunks, their FTS rows and vectors), so a
// search never sees half a document.
import type { KnowledgeDb } from './knowledge-db';
import type { Chunk, ExtractedDocument, Segment } from './knowledge-types';
import type { VectorStore } from './vector-store';

export interface FileMeta {
  path: string;
  /** The configured folder the file was found under. */
  folder: string;
  type: string;
  size: number;
  mtimeMs: number;
}

export interface DocumentRecord extends FileMeta {
  id: number;
  title: string | null;
  hash: string | null;
  status: 'ok' | 'error';
  reason: string | null;
  pages: number | null;
  chunkCount: number;
  indexedAt: number;
}

export interface StoredChunk {
  rowid: number;
  id: string;
  docId: number;
  path: string;
  title: string;
  ordinal: number;
  start: number;
  end: number;
  headingPath: string[];
  page: number | null;
  text: string;
}

interface DocumentRow {
  id: number;
  path: string;
  folder: string;
  type: string;
  title: string | null;
  size: number;
  mtime_ms: number;
  hash: string | null;
  status: 'ok' | 'error';
  reason: string | null;
  pages: number | null;
  chunk_count: number;
  indexed_at: number;
}

export interface ChunkRow {
  rowid: number;
  id: string;
  doc_id: number;
  path: string;
  title: string;
  ordinal: number;
  start: number;
  end: number;
  heading_path: string;
  page: number | null;
  text: string;
}

export const CHUNK_COLUMNS =
  'c.rowid AS rowid, c.id AS id, c.doc_id AS doc_id, d.path AS path, c.title AS title, c.ordinal AS ordinal, ' +
  'c.start AS start, c."end" AS "end", c.heading_path AS heading_path, c.page AS page, c.text AS text';

export function toStoredChunk(r: ChunkRow): StoredChunk {
  return {
    rowid: r.rowid,
    id: r.id,
    docId: r.doc_id,
    path: r.path,
    title: r.title,
    ordinal: r.ordinal,
    start: r.start,
    end: r.end,
    headingPath: JSON.parse(r.heading_path) as string[],
    page: r.page,
    text: r.text,
  };
}

function toRecord(r: DocumentRow): DocumentRecord {
  return {
    id: r.id,
    path: r.path,
    folder: r.folder,
    type: r.type,
    title: r.title,
    size: r.size,
    mtimeMs: r.mtime_ms,
    hash: r.hash,
    status: r.status,
    reason: r.reason,
    pages: r.pages,
    chunkCount: r.chunk_count,
    indexedAt: r.indexed_at,
  };
}

export class KnowledgeStore {
  constructor(
    readonly db: KnowledgeDb,
    readonly vectors: VectorStore,
  ) {}

  document(path: string): DocumentRecord | undefined {
    const row = this.db.prepare('SELECT * FROM documents WHERE path = ?').get(path) as DocumentRow | undefined;
    return row && toRecord(row);
  }

  documents(): DocumentRecord[] {
    return (this.db.prepare('SELECT * FROM documents ORDER BY path').all() as DocumentRow[]).map(toRecord);
  }

  /** A readable document's text and chunks replace whatever was stored for its path. */
  replace(meta: FileMeta, hash: string, doc: ExtractedDocument, chunks: readonly Chunk[], at: number): void {
    const title = doc.title ?? '';
    this.db.transaction(() => {
      const id = this.upsert(meta, { hash, status: 'ok', reason: null, title, pages: doc.pages ?? null }, at);
      this.clearChunks(id);
      this.db
        .prepare('INSERT OR REPLACE INTO document_texts (doc_id, text, segments) VALUES (?, ?, ?)')
        .run(id, doc.text, JSON.stringify(doc.segments));
      const insert = this.db.prepare(
        `INSERT INTO chunks (id, doc_id, ordinal, start, "end", heading_path, heading, title, page, text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const c of chunks) {
        insert.run(
          c.id,
          id,
          c.ordinal,
          c.start,
          c.end,
          JSON.stringify(c.headingPath),
          c.headingPath.join(' › '),
          title,
          c.page ?? null,
          c.text,
        );
      }
      this.db.prepare('UPDATE documents SET chunk_count = ? WHERE id = ?').run(chunks.length, id);
    })();
  }

  /** A file that cannot be indexed: listed with its reason, nothing of it searchable. */
  markError(meta: FileMeta, hash: string | null, reason: string, at: number): void {
    this.db.transaction(() => {
      const id = this.upsert(meta, { hash, status: 'error', reason, title: null, pages: null }, at);
      this.clearChunks(id);
      this.db.prepare('DELETE FROM document_texts WHERE doc_id = ?').run(id);
      this.db.prepare('UPDATE documents SET chunk_count = 0 WHERE id = ?').run(id);
    })();
  }

  /** The file was touched but its content is the same: only size and time are new. */
  touch(meta: FileMeta): void {
    this.db
      .prepare('UPDATE documents SET size = ?, mtime_ms = ?, folder = ? WHERE path = ?')
      .run(meta.size, meta.mtimeMs, meta.folder, meta.path);
  }

  remove(path: string): boolean {
    return this.db.transaction(() => {
      const doc = this.db.prepare('SELECT id FROM documents WHERE path = ?').get(path) as { id: number } | undefined;
      if (!doc) return false;
      this.clearChunks(doc.id);
      this.db.prepare('DELETE FROM documents WHERE id = ?').run(doc.id);
      return true;
    })();
  }

  /** The extracted text a document's chunk offsets point into. */
  text(path: string): string | undefined {
    const row = this.db
      .prepare('SELECT t.text FROM document_texts t JOIN documents d ON d.id = t.doc_id WHERE d.path = ?')
      .get(path) as { text: string } | undefined;
    return row?.text;
  }

  /**
   * What a viewer shows: the extracted text and where each section or page lies in it (a PDF
   * passage on page n is highlighted at `start - segment.start` within that page's text).
   */
  extracted(path: string): { text: string; segments: Segment[] } | undefined {
    const row = this.db
      .prepare('SELECT t.text, t.segments FROM document_texts t JOIN documents d ON d.id = t.doc_id WHERE d.path = ?')
      .get(path) as { text: string; segments: string } | undefined;
    return row && { text: row.text, segments: JSON.parse(row.segments) as Segment[] };
  }

  chunks(rowids: readonly number[]): Map<number, StoredChunk> {
    const out = new Map<number, StoredChunk>();
    if (rowids.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT ${CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.doc_id
         WHERE c.rowid IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(rowids)) as ChunkRow[];
    for (const r of rows) out.set(r.rowid, toStoredChunk(r));
    return out;
  }

  chunksOf(path: string): StoredChunk[] {
    return (
      this.db
        .prepare(
          `SELECT ${CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.path = ? ORDER BY c.ordinal`,
        )
        .all(path) as ChunkRow[]
    ).map(toStoredChunk);
  }

  private upsert(
    meta: FileMeta,
    v: {
      hash: string | null;
      status: 'ok' | 'error';
      reason: string | null;
      title: string | null;
      pages: number | null;
    },
    at: number,
  ): number {
    const row = this.db
      .prepare(
        `INSERT INTO documents (path, folder, type, title, size, mtime_ms, hash, status, reason, pages, indexed_at)
         VALUES (@path, @folder, @type, @title, @size, @mtimeMs, @hash, @status, @reason, @pages, @at)
         ON CONFLICT (path) DO UPDATE SET folder = excluded.folder, type = excluded.type, title = excluded.title,
           size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash, status = excluded.status,
           reason = excluded.reason, pages = excluded.pages, indexed_at = excluded.indexed_at
         RETURNING id`,
      )
      .get({ ...meta, ...v, at }) as { id: number };
    return row.id;
  }

  private clearChunks(docId: number): void {
    const rowids = (this.db.prepare('SELECT rowid FROM chunks WHERE doc_id = ?').all(docId) as { rowid: number }[]).map(
      (r) => r.rowid,
    );
    this.vectors.delete(rowids);
    this.db.prepare('DELETE FROM chunks WHERE doc_id = ?').run(docId);
  }
}
