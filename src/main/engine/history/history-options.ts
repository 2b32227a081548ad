// How history is kept: retention, when compaction and retention run, DuckDB's budget, how a
// storage fault is recovered from and how often memory is given back.
import type { DuckDbBudgetConfig } from './duckdb-budget';
import type { RetentionPolicy } from './retention';
import { UNIT_ROWS } from './lake-import';

export interface HistoryOptions extends DuckDbBudgetConfig {
  retention: RetentionPolicy;
  /** Compact when this many readings wait in the hot table… */
  compactRows: number;
  /** …or at least this often while any do. */
  compactIntervalMs: number;
  retentionIntervalMs: number;
  /**
   * How long accepted readings may wait, durable in the ingest journal, before DuckDB commits
   * them (journaled-commits.ts); 0 commits every batch in DuckDB and keeps no journal.
   */
  commitEveryMs: number;
  /** Rows a lake import reads and sorts in one go at most (lake-import.ts's UNIT_ROWS). */
  importGroupRows: number;
  /** While history cannot write: how often to try reopening it, and the free space that takes. */
  recovery: { retryMs: number; minFreeBytes: number };
  /** How often memory is given back (see duckdb-memory.ts). */
  cacheTrimIntervalMs: number;
  clock: () => number;
  log: (message: string) => void;
}

export const DEFAULT_HISTORY_OPTIONS: Omit<HistoryOptions, 'clock' | 'log'> = {
  retention: { rawDays: 90, minuteDays: 365, hourDays: null, dayDays: null, archiveDir: null },
  compactRows: 2_000_000,
  compactIntervalMs: 5 * 60_000,
  retentionIntervalMs: 60 * 60_000,
  commitEveryMs: 1000,
  importGroupRows: UNIT_ROWS,
  recovery: { retryMs: 5000, minFreeBytes: 64 * 1024 * 1024 },
  cacheTrimIntervalMs: 60_000,
};
