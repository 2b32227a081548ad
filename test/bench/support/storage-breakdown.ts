// Bytes per reading of a closed history.duckdb, per table and column, from DuckDB's own
// pragma_storage_info block offsets (issue 20). A segment's size runs to the next segment of its
// block, or to the block's end when it is the last: the unused tail of a block counts for the
// segment that leaves it. Also the file's blocks (total / free) and its size on disk.
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

export interface StorageBreakdown {
  readings: number;
  fileBytes: number;
  fileBytesPerReading: number;
  blocks: { total: number; used: number; free: number; size: number };
  /** `table.column` → bytes per reading, largest first (columns under 0.002 B/reading left out). */
  columns: Record<string, number>;
  /** Each table's bytes per reading, its segments' block tails included. */
  tables: Record<string, number>;
}

export async function storageBreakdown(file: string): Promise<StorageBreakdown> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowsJS();
    const [blockSize, total, used, free] = (
      await rows(
        'SELECT block_size::DOUBLE, total_blocks::DOUBLE, used_blocks::DOUBLE, free_blocks::DOUBLE FROM pragma_database_size()',
      )
    )[0] as [number, number, number, number];
    const tables = (
      (await rows(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()`)) as [string][]
    ).map(([t]) => t);
    const segs: { key: string; table: string; block: number; off: number; size: number }[] = [];
    for (const t of tables) {
      const info = (await rows(
        `SELECT column_name, block_id::DOUBLE, block_offset::DOUBLE FROM pragma_storage_info('${t}') WHERE persistent AND block_id >= 0`,
      )) as [string, number, number][];
      for (const [col, block, off] of info) segs.push({ key: `${t}.${col}`, table: t, block, off, size: 0 });
    }
    const byBlock = new Map<number, typeof segs>();
    for (const s of segs) (byBlock.get(s.block) ?? byBlock.set(s.block, []).get(s.block)!).push(s);
    for (const list of byBlock.values()) {
      list.sort((a, b) => a.off - b.off);
      list.forEach((s, i) => (s.size = (i + 1 < list.length ? list[i + 1]!.off : blockSize) - s.off));
    }
    const n = Number((await rows('SELECT count(*)::DOUBLE FROM readings_store'))[0]![0]);
    const cols = new Map<string, number>();
    const perTable = new Map<string, number>();
    for (const s of segs) {
      cols.set(s.key, (cols.get(s.key) ?? 0) + s.size);
      perTable.set(s.table, (perTable.get(s.table) ?? 0) + s.size);
    }
    const round = (x: number) => Math.round((x / n) * 10000) / 10000;
    const fileBytes = statSync(file).size;
    return {
      readings: n,
      fileBytes,
      fileBytesPerReading: round(fileBytes),
      blocks: { total, used, free, size: blockSize },
      columns: Object.fromEntries(
        [...cols]
          .sort((a, b) => b[1] - a[1])
          .filter(([, b]) => b / n >= 0.002)
          .map(([k, b]) => [k, round(b)]),
      ),
      tables: Object.fromEntries([...perTable].sort((a, b) => b[1] - a[1]).map(([k, b]) => [k, round(b)])),
    };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
