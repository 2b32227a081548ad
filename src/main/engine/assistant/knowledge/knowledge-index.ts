// The knowledge index as one service: knowledge.db, its store, the indexer and the search, with
// start() / stop(). The engine's composition root makes one with the data directory's
// knowledge.db, the folders from the configuration and the Ollama embedder when there is one.
import { basename, dirname } from 'node:path';
import { moveAside } from '../../state/move-aside';
import { KnowledgeIndexer, type KnowledgeIndexerOptions } from './knowledge-indexer';
import { openKnowledgeDb, type OpenedKnowledgeDb } from './knowledge-db';
import { KnowledgeSearch, type SearchOptions, type SearchResult } from './knowledge-search';
import { KnowledgeStore } from './knowledge-store';
import { VectorStore } from './vector-store';

export const KNOWLEDGE_FILE = 'knowledge.db';

export interface KnowledgeIndexOptions extends Omit<KnowledgeIndexerOptions, 'store'> {
  /** The index file (`<data>/knowledge.db`), or ':memory:'. */
  file: string;
  queryEmbedTimeoutMs?: number;
}

export class KnowledgeIndex {
  readonly store: KnowledgeStore;
  readonly indexer: KnowledgeIndexer;
  private readonly searcher: KnowledgeSearch;

  constructor(options: KnowledgeIndexOptions) {
    const { db, vectorsUnavailable } = openOrRebuild(options.file, options.log ?? (() => undefined));
    if (vectorsUnavailable) options.log?.(`knowledge: ${vectorsUnavailable}`);
    this.store = new KnowledgeStore(db, new VectorStore(db, vectorsUnavailable));
    const own = options.file === ':memory:' ? [] : ['', '-wal', '-shm', '-journal'].map((x) => `${options.file}${x}`);
    this.indexer = new KnowledgeIndexer({
      ...options,
      store: this.store,
      exclude: [...(options.exclude ?? []), ...own],
    });
    this.searcher = new KnowledgeSearch(this.store, {
      embedder: () => this.indexer.currentEmbedder(),
      ...(options.queryEmbedTimeoutMs !== undefined ? { queryEmbedTimeoutMs: options.queryEmbedTimeoutMs } : {}),
    });
  }

  start(): void {
    this.indexer.start();
  }

  search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return this.searcher.search(query, options);
  }

  async stop(): Promise<void> {
    await this.indexer.stop();
    this.store.db.close();
  }
}

/**
 * knowledge.db holds nothing the folders do not: one that cannot be opened (damaged, or from a
 * newer Watchfloor) is moved aside, never deleted, and the index is rebuilt.
 */
function openOrRebuild(file: string, log: (message: string) => void): OpenedKnowledgeDb {
  try {
    return openKnowledgeDb(file);
  } catch (err) {
    if (file === ':memory:') throw err;
    const name = basename(file);
    const aside = moveAside(dirname(file), [name, `${name}-wal`, `${name}-shm`], 'knowledge-unreadable');
    log(
      `knowledge: ${file} could not be opened (${(err as Error).message}); rebuilding it${aside ? `, the old file is in ${aside.folder}` : ''}`,
    );
    return openKnowledgeDb(file);
  }
}
