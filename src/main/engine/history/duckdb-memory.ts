// DuckDB's memory as it sees it: its settings, and what it holds by tag (buffer pool and
// temporary files).
import type { DuckDBConnection } from '@duckdb/node-api';

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
