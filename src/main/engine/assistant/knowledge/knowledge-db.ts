// knowledge.db: the knowledge index in a SQLite file of its own, apart from state.db. It can be
// deleted at any time and is rebuilt from the folders, so it never holds anything only it knows,
// and a large index never slows state.db's backups. WAL, numbered migrations as in state.db.
//
// Tables: documents (one row per file seen, readable or not, with its reason), document_texts
// (the extracted text chunk offsets point into, for the viewer), chunks (passages, with their
// embedding state), chunks_fts (FTS5 over chunks as external content, kept by triggers) and,
// once an embedding model has answered, chunk_vectors (sqlite-vec vec0, cosine, dimension of the
// model; rowid = chunk rowid).
import Database from 'better-sqlite3';
import { getLoadablePath } from 'sqlite-vec';

export type KnowledgeDb = Database.Database;

export const KNOWLEDGE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL,
    type TEXT NOT NULL,
    title TEXT,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    hash TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    reason TEXT,
    pages INTEGER,
    chunk_count INTEGER NOT NULL DEFAULT 0,
    indexed_at INTEGER NOT NULL
  );
  CREATE INDEX documents_folder ON documents(folder);
  CREATE TABLE document_texts (
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    -- JSON Segment[]: where each heading's section or PDF page lies in text (for the viewer)
    segments TEXT NOT NULL
  );
  -- AUTOINCREMENT: a rowid is never reused, so an embedding that was asked for a chunk since
  -- replaced cannot land on the chunk that took its place
  CREATE TABLE chunks (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    heading_path TEXT NOT NULL,
    heading TEXT NOT NULL,
    title TEXT NOT NULL,
    page INTEGER,
    text TEXT NOT NULL,
    -- 'pending': no vector yet (new, or no embedder); 'done'; 'failed': retried from embed_after
    embed_state TEXT NOT NULL DEFAULT 'pending',
    embed_attempts INTEGER NOT NULL DEFAULT 0,
    embed_error TEXT,
    embed_after INTEGER
  );
  CREATE INDEX chunks_doc ON chunks(doc_id, ordinal);
  CREATE INDEX chunks_embed ON chunks(embed_state, embed_after);
  CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, heading, title,
    content = 'chunks', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, text, heading, title) VALUES (new.rowid, new.text, new.heading, new.title);
  END;
  CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text, heading, title)
      VALUES ('delete', old.rowid, old.text, old.heading, old.title);
  END;
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];

export interface OpenedKnowledgeDb {
  db: KnowledgeDb;
  /** Why vectors are unavailable (sqlite-vec could not be loaded), or undefined when they are. */
  vectorsUnavailable?: string;
}

/**
 * sqlite-vec's extension file. In an installed app the package sits in app.asar, whose files only
 * Electron's fs can read; SQLite opens the extension itself, so it loads the unpacked copy
 * (build/electron-builder.config.mjs unpacks sqlite-vec-*).
 */
export function sqliteVecPath(path: string = getLoadablePath()): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** Opens (creating or migrating) the knowledge index at `file` (`<data>/knowledge.db`, or ':memory:'). */
export function openKnowledgeDb(file: string): OpenedKnowledgeDb {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  let vectorsUnavailable: string | undefined;
  try {
    db.loadExtension(sqliteVecPath());
  } catch (err) {
    vectorsUnavailable = `sqlite-vec could not be loaded (${(err as Error).message}); keyword search only`;
  }
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > KNOWLEDGE_MIGRATIONS.length) {
    db.close();
    throw new Error(
      `${file} has schema version ${current}, newer than this Watchfloor (${KNOWLEDGE_MIGRATIONS.length}); delete it to rebuild the index`,
    );
  }
  for (let v = current; v < KNOWLEDGE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(KNOWLEDGE_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return vectorsUnavailable ? { db, vectorsUnavailable } : { db };
}
