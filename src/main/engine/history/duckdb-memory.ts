// DuckDB's memory as it sees it (settings, use by tag), and the trim that gives memory back
// between the big jobs, once a minute. Two things grow without it:
//  - DuckDB's cache of table blocks. DuckDB gives a block it has written or read back only when
//    its memory limit forces it out, so under steady ingest its buffer pool grows by every block
//    compaction writes (~1.6 MiB a minute at 5,000 readings/s) until it holds the whole budget:
//    memory the control room's windows could use, holding data the operating system's file
//    cache holds anyway (and gives back under pressure).
//  - Freed memory the C allocator keeps. DuckDB's statements run on libuv's worker threads; with
//    glibc each thread allocates from its own arena, grows it to the largest compaction or
//    query it ran, and keeps the pages after they are freed (measured: +90 MiB of anonymous
//    memory in 7 minutes of the soak benchmark while DuckDB itself reported 40 MiB in use).
// DuckDB has no statement for either, but setting memory_limit does both: it evicts down to the
// new limit, then flushes the allocator (BufferPool::SetLimit → Allocator::FlushAll, which is
// malloc_trim(0) on glibc and returns the free pages of every arena, the engine's own included).
// So a trim lowers the limit to what is in use besides cached table blocks plus a small cache,
// then sets the configured limit again. Nothing that must stay in memory is evicted: rows not yet
// checkpointed would be spilled to the temporary folder, never lost, and the target leaves them
// and the kept cache as headroom.
import type { DuckDBConnection } from '@duckdb/node-api';

const MiB = 1024 * 1024;

export interface TrimOptions {
  /** The configured ceiling, set again after the trim. */
  memoryLimitMb: number;
  /** Table blocks kept cached. */
  keepCacheMb: number;
}

export interface TrimResult {
  /** DuckDB's own account of its memory, before and after. */
  beforeBytes: number;
  afterBytes: number;
  /** Whether cached blocks were evicted (else only the allocator was flushed). */
  evicted: boolean;
}

/** The table-block cache the trim keeps for a budget: an eighth of it, at most 64 MiB. */
export function keptCacheMb(memoryLimitMb: number): number {
  return Math.min(64, Math.floor(memoryLimitMb / 8));
}

/** DuckDB's own view of its budget: memory_limit as it prints it, threads, spill folder. */
export async function duckDbSettings(
  db: DuckDBConnection,
): Promise<{ memoryLimit: string; threads: number; tempDirectory: string }> {
  const [row] = (
    await db.runAndReadAll(
      "SELECT current_setting('memory_limit'), current_setting('threads')::INTEGER, current_setting('temp_directory')",
    )
  ).getRowsJS() as [string, number, string][];
  return { memoryLimit: row![0], threads: row![1], tempDirectory: row![2] };
}

/** What DuckDB holds in memory now, by its own account (buffer pool and temporary files). */
export async function duckDbMemory(
  db: DuckDBConnection,
): Promise<{ bytes: number; temporaryBytes: number; byTag: Record<string, number> }> {
  const rows = (
    await db.runAndReadAll(
      'SELECT tag, memory_usage_bytes::DOUBLE, temporary_storage_bytes::DOUBLE FROM duckdb_memory()',
    )
  ).getRowsJS() as [string, number, number][];
  const byTag: Record<string, number> = {};
  let bytes = 0;
  let temporaryBytes = 0;
  for (const [tag, used, temp] of rows) {
    bytes += used;
    temporaryBytes += temp;
    if (used > 0) byTag[tag] = used;
  }
  return { bytes, temporaryBytes, byTag };
}

async function usage(db: DuckDBConnection): Promise<{ total: number; cached: number }> {
  const rows = (
    await db.runAndReadAll(
      "SELECT sum(memory_usage_bytes)::DOUBLE, sum(memory_usage_bytes) FILTER (WHERE tag = 'BASE_TABLE')::DOUBLE FROM duckdb_memory()",
    )
  ).getRowsJS() as [number | null, number | null][];
  return { total: rows[0]![0] ?? 0, cached: rows[0]![1] ?? 0 };
}

/** Evicts cached table blocks beyond `keepCacheMb` (when 16 MiB or more) and flushes the allocator. */
export async function trimMemory(db: DuckDBConnection, o: TrimOptions): Promise<TrimResult> {
  const before = await usage(db);
  const excess = before.cached - o.keepCacheMb * MiB;
  const targetMb = Math.ceil((before.total - excess) / MiB);
  let evicted = false;
  try {
    if (excess >= 16 * MiB && targetMb < o.memoryLimitMb) {
      await db.run(`SET memory_limit = '${targetMb}MiB'`);
      evicted = true;
    }
  } catch {
    // Could not free that much (a statement holds its memory): the next trim tries again.
  } finally {
    await db.run(`SET memory_limit = '${o.memoryLimitMb}MiB'`);
  }
  return { beforeBytes: before.total, afterBytes: (await usage(db)).total, evicted };
}
