// The knowledge index as one service: knowledge.db, its store, the indexer and the search, with
// start() / stop(). The engine's composition root makes one with the data directory's
// knowledge.db, the folders from the configuration and the Ollama embedder when there is one.
import { KnowledgeIndexer, type KnowledgeIndexerOptions } from './knowledge-indexer';
import { openKnowledgeDb } from './knowledge-db';
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
    const { db, vectorsUnavailable } = openKnowledgeDb(options.file);
    if (vectorsUnavailable) options.log?.(`knowledge: ${vectorsUnavailable}`);
    this.store = new KnowledgeStore(db, new VectorStore(db, vectorsUnavailable));
    this.indexer = new KnowledgeIndexer({ ...options, store: this.store });
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
