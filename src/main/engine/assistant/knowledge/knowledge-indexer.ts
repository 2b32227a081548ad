// Keeps knowledge.db in step with the knowledge folders (the shipped resources/knowledge and the
// site's own). A sync lists the folders and, per file: an unchanged size and mtime costs a stat;
// a changed one is read and hashed (sha256), and only a changed hash is parsed, chunked and
// stored; a file gone from the folders leaves the index. A file that cannot be read or parsed is
// listed with its reason and the others go on. Folders are watched (fs.watch, debounced) with a
// periodic rescan as the fallback for file systems that do not report changes (network shares).
// After each sync, chunks without vectors go to the embedder, when there is one.
//
// Syncs never overlap: a request while one runs queues exactly one more. Events report each
// document's fate and the progress, for the knowledge view.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { chunkDocument } from './chunker';
import { loadDocument, unsupportedReason } from './document-loaders';
import { runEmbeddingPass, type EmbedPassResult } from './embedding-pass';
import { scanFolders, type FolderProblem, type ScannedFile } from './folder-scan';
import type { Embedder } from './knowledge-types';
import type { FileMeta, KnowledgeStore } from './knowledge-store';

export type IndexEvent =
  | {
      type: 'document';
      path: string;
      status: 'indexing' | 'ok' | 'error' | 'removed';
      reason?: string;
      chunks?: number;
    }
  | { type: 'progress'; phase: 'index' | 'embed'; done: number; total: number }
  | { type: 'synced'; summary: SyncSummary };

export interface SyncSummary {
  files: number;
  /** Parsed and stored (new or changed content). */
  indexed: number;
  /** Skipped on size and mtime, or read and found with the same hash. */
  unchanged: number;
  /** Read and hashed because size or mtime changed. */
  hashed: number;
  errors: number;
  removed: number;
  folderProblems: FolderProblem[];
  durationMs: number;
}

export interface IndexStatus {
  state: 'idle' | 'syncing' | 'embedding' | 'stopped';
  folders: string[];
  folderProblems: FolderProblem[];
  documents: { ok: number; error: number };
  chunks: number;
  embeddings: { model: string | null; pending: number; failed: number; done: number; lastError: string | null };
  lastSync: SyncSummary | null;
}

export interface KnowledgeIndexerOptions {
  store: KnowledgeStore;
  folders: readonly string[];
  embedder?: Embedder;
  log?: (message: string) => void;
  now?: () => number;
  /** Watch the folders for changes (default true). */
  watch?: boolean;
  debounceMs?: number;
  /** Full rescan interval, the fallback where watching misses changes (default 60 s; 0: never). */
  rescanMs?: number;
  embedBatch?: number;
  /** Larger files are listed with a reason, not read (default 100 MB). */
  maxFileBytes?: number;
  /** Files never listed (the index's own files, should the data directory sit in a knowledge folder). */
  exclude?: readonly string[];
}

export const MAX_FILE_BYTES = 100_000_000;

export class KnowledgeIndexer {
  private folders: string[];
  private embedder: Embedder | undefined;
  private readonly listeners = new Set<(e: IndexEvent) => void>();
  private running: Promise<SyncSummary> | undefined;
  private queued: Promise<SyncSummary> | undefined;
  private embedding: Promise<EmbedPassResult> | undefined;
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private rescan: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  private lastSync: SyncSummary | null = null;
  private lastEmbedError: string | null = null;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: KnowledgeIndexerOptions) {
    this.folders = options.folders.map((f) => resolve(f));
    this.embedder = options.embedder;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  /** Starts watching and the first sync (not awaited: the engine does not wait for the index). */
  start(): void {
    this.started = true;
    this.watchFolders();
    const every = this.options.rescanMs ?? 60_000;
    if (every > 0) {
      this.rescan = setInterval(() => void this.sync().catch((e) => this.log(`knowledge sync failed: ${e}`)), every);
      this.rescan.unref();
    }
    void this.sync().catch((e) => this.log(`knowledge sync failed: ${e}`));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unwatch();
    clearInterval(this.rescan);
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    // A sync writes until its current document is stored; an embedding pass writes nothing once
    // stopped (its answer is dropped), so it is not waited for beyond a moment.
    await Promise.allSettled([this.queued, this.running]);
    await Promise.race([this.embedding, new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  onEvent(listener: (e: IndexEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setFolders(folders: readonly string[]): Promise<SyncSummary> {
    this.folders = folders.map((f) => resolve(f));
    if (this.started) {
      this.unwatch();
      this.watchFolders();
    }
    return this.sync();
  }

  /** A new (or no) embedder: another model's vectors are replaced as the new one answers. */
  setEmbedder(embedder: Embedder | undefined): void {
    this.embedder = embedder;
    if (embedder) void this.embedPending();
  }

  currentEmbedder(): Embedder | undefined {
    return this.embedder;
  }

  /** Brings the index in step with the folders; resolves with what it did. */
  sync(): Promise<SyncSummary> {
    if (this.running) {
      this.queued ??= this.running.then(
        () => this.afterQueue(),
        () => this.afterQueue(),
      );
      return this.queued;
    }
    this.running = this.runSync().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Embeds every chunk still without a vector (resolves when done, or when the embedder fails). */
  embedPending(): Promise<EmbedPassResult> {
    const embedder = this.embedder;
    if (!embedder || this.stopped) return Promise.resolve({ embedded: 0, failed: 0 });
    if (this.embedding) return this.embedding;
    clearTimeout(this.retry);
    this.embedding = runEmbeddingPass(this.options.store.vectors, embedder, {
      batch: this.options.embedBatch ?? 16,
      now: this.now,
      current: () => this.embedder === embedder && !this.stopped,
      onProgress: (done, remaining) => this.emit({ type: 'progress', phase: 'embed', done, total: done + remaining }),
    })
      .then((result) => {
        if (result.error) this.lastEmbedError = result.error;
        else if (result.embedded > 0) this.lastEmbedError = null;
        if (result.error) this.log(`knowledge: embedding stopped (${result.error}); chunks stay keyword-searchable`);
        this.scheduleRetry();
        return result;
      })
      .finally(() => {
        this.embedding = undefined;
      });
    return this.embedding;
  }

  status(): IndexStatus {
    const { store } = this.options;
    const docs = store.db.prepare('SELECT status, COUNT(*) AS n FROM documents GROUP BY status').all() as {
      status: string;
      n: number;
    }[];
    const chunks = (store.db.prepare('SELECT COUNT(*) AS n FROM chunks').get() as { n: number }).n;
    return {
      state: this.stopped ? 'stopped' : this.running ? 'syncing' : this.embedding ? 'embedding' : 'idle',
      folders: [...this.folders],
      folderProblems: this.lastSync?.folderProblems ?? [],
      documents: {
        ok: docs.find((d) => d.status === 'ok')?.n ?? 0,
        error: docs.find((d) => d.status === 'error')?.n ?? 0,
      },
      chunks,
      embeddings: {
        model: this.embedder?.model ?? null,
        ...store.vectors.counts(),
        lastError: this.lastEmbedError,
      },
      lastSync: this.lastSync,
    };
  }

  private afterQueue(): Promise<SyncSummary> {
    this.queued = undefined;
    return this.sync();
  }

  private async runSync(): Promise<SyncSummary> {
    const started = performance.now();
    const { store } = this.options;
    if (this.stopped) throw new Error('the knowledge indexer is stopped');
    const exclude = new Set((this.options.exclude ?? []).map((f) => resolve(f)));
    const scanned = await scanFolders(this.folders);
    const files = scanned.files.filter((f) => !exclude.has(f.path));
    const { problems } = scanned;
    const summary: SyncSummary = {
      files: files.length,
      indexed: 0,
      unchanged: 0,
      hashed: 0,
      errors: 0,
      removed: 0,
      folderProblems: problems,
      durationMs: 0,
    };
    const present = new Set(files.map((f) => f.path));
    for (const doc of store.documents()) {
      if (present.has(doc.path)) continue;
      // A folder that cannot be listed right now (an unplugged share) does not empty the index.
      if (problems.some((p) => p.folder === doc.folder && this.folders.includes(doc.folder))) continue;
      if (store.remove(doc.path)) {
        summary.removed++;
        this.emit({ type: 'document', path: doc.path, status: 'removed' });
      }
    }
    let done = 0;
    for (const file of files) {
      if (this.stopped) break;
      await this.syncFile(file, summary);
      this.emit({ type: 'progress', phase: 'index', done: ++done, total: files.length });
      // Let the engine breathe between documents.
      await new Promise((r) => setImmediate(r));
    }
    summary.durationMs = Math.round(performance.now() - started);
    this.lastSync = summary;
    this.emit({ type: 'synced', summary });
    if (summary.indexed > 0 || store.vectors.counts().pending > 0) void this.embedPending();
    return summary;
  }

  private async syncFile(file: ScannedFile, summary: SyncSummary): Promise<void> {
    const { store } = this.options;
    const meta: FileMeta = { ...file, type: extname(file.path).toLowerCase() || '(none)' };
    const known = store.document(file.path);
    if (known && known.size === file.size && known.mtimeMs === file.mtimeMs && known.folder === file.folder) {
      summary.unchanged++;
      return;
    }
    const at = this.now();
    const unsupported = unsupportedReason(file.path);
    if (unsupported) return this.failed(meta, null, unsupported, at, summary);
    const limit = this.options.maxFileBytes ?? MAX_FILE_BYTES;
    if (file.size > limit) {
      const human = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`);
      return this.failed(
        meta,
        null,
        `too large to index (${human(file.size)}; the limit is ${human(limit)})`,
        at,
        summary,
      );
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file.path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return this.failed(meta, null, `cannot be read (${e.code ?? e.message})`, at, summary);
    }
    summary.hashed++;
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (known && known.hash === hash) {
      store.touch(meta);
      summary.unchanged++;
      return;
    }
    this.emit({ type: 'document', path: file.path, status: 'indexing' });
    const result = await loadDocument(file.path, bytes);
    if (!result.ok) return this.failed(meta, hash, result.reason, at, summary);
    const chunks = chunkDocument(file.path, result.doc);
    if (chunks.length === 0) return this.failed(meta, hash, 'no text to index (the document is empty)', at, summary);
    store.replace(meta, hash, result.doc, chunks, at);
    summary.indexed++;
    this.emit({ type: 'document', path: file.path, status: 'ok', chunks: chunks.length });
  }

  private failed(meta: FileMeta, hash: string | null, reason: string, at: number, summary: SyncSummary): void {
    this.options.store.markError(meta, hash, reason, at);
    summary.errors++;
    this.log(`knowledge: ${meta.path}: ${reason}`);
    this.emit({ type: 'document', path: meta.path, status: 'error', reason });
  }

  private scheduleRetry(): void {
    clearTimeout(this.retry);
    if (this.stopped || !this.started || !this.embedder) return;
    const at = this.options.store.vectors.nextRetryAt();
    if (at === undefined && this.options.store.vectors.counts().pending === 0) return;
    const delay = Math.max(1_000, (at ?? this.now()) - this.now());
    this.retry = setTimeout(() => void this.embedPending(), delay);
    this.retry.unref();
  }

  private watchFolders(): void {
    if (this.options.watch === false) return;
    for (const folder of this.folders) {
      try {
        const watcher = watch(folder, { recursive: true, persistent: false }, () => this.changed());
        watcher.on('error', () => {
          watcher.close();
          this.watchers = this.watchers.filter((w) => w !== watcher);
        });
        this.watchers.push(watcher);
      } catch (err) {
        this.log(`knowledge: ${folder} is not watched (${(err as Error).message}); rescanned periodically`);
      }
    }
  }

  private unwatch(): void {
    this.watchers.forEach((w) => w.close());
    this.watchers = [];
  }

  private changed(): void {
    if (this.stopped) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(
      () => void this.sync().catch((e) => this.log(`knowledge sync failed: ${e}`)),
      this.options.debounceMs ?? 500,
    );
    this.debounce.unref();
  }

  private emit(event: IndexEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
