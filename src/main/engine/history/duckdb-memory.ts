// DuckDB's memory as it sees it: what it holds, by tag (buffer pool and temporary files).
import type { DuckDBConnection } from '@duckdb/node-api';

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
