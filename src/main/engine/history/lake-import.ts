// Loads one date partition of a Parquet lake (the layout of lake.ts) into readings_hot in SQL:
// series it names are created, rows whose (series, ts) is already stored — or repeated in the
// partition — are skipped. The caller runs it on the writer connection, one partition at a time.
import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { seriesKey } from '../../../shared/domain';
import { sqlString } from './lake';
import type { Progress } from './history-export';
import type { SeriesCatalog } from './series-catalog';

export interface PartitionImport {
  /** Rows with a finite value in the partition. */
  total: number;
  inserted: number;
  /** Newest timestamp per series id, for the writer's dedupe. */
  newest: [number, number][];
}

export async function importLakePartition(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  partitionDir: string,
): Promise<PartitionImport> {
  const glob = sqlString(join(partitionDir, '**', '*.parquet'));
  await db.run(`CREATE OR REPLACE TEMP TABLE lake_in AS
    SELECT device::VARCHAR AS device, signal::VARCHAR AS signal, epoch_ms(time) AS ts, value::DOUBLE AS value,
      CASE quality WHEN 'good' THEN 0 WHEN 'uncertain' THEN 1 ELSE 2 END::UTINYINT AS quality
    FROM read_parquet(${glob}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)
    WHERE value IS NOT NULL AND isfinite(value::DOUBLE)`);
  try {
    const total = (await db.runAndReadAll('SELECT count(*)::DOUBLE FROM lake_in')).getRowsJS()[0]![0] as number;
    const newSeries = (
      await db.runAndReadAll(`SELECT DISTINCT device, signal FROM lake_in l
        WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.device = l.device AND s.signal = l.signal)`)
    ).getRowsJS() as [string, string][];
    await catalog.ensure(
      db,
      newSeries.map(([d, s]) => seriesKey(d, s)),
    );
    const inserted = Number(
      (
        await db.runAndReadAll(`INSERT INTO readings_hot
          SELECT s.id, l.ts, l.value, l.quality
          FROM (SELECT DISTINCT ON (device, signal, ts) * FROM lake_in) l
          JOIN series s ON s.device = l.device AND s.signal = l.signal
          WHERE NOT EXISTS (SELECT 1 FROM readings r WHERE r.series_id = s.id AND r.ts = l.ts)
            AND NOT EXISTS (SELECT 1 FROM readings_hot h WHERE h.series_id = s.id AND h.ts = l.ts)`)
      ).rowsChanged,
    );
    const newest = (
      await db.runAndReadAll(`SELECT s.id, max(l.ts)::DOUBLE FROM lake_in l
        JOIN series s ON s.device = l.device AND s.signal = l.signal GROUP BY 1`)
    ).getRowsJS() as [number, number][];
    return { total, inserted, newest };
  } finally {
    await db.run('DROP TABLE IF EXISTS lake_in');
  }
}

/**
 * Loads the lake's date partitions one after another on the writer connection; `onPartition`
 * hears of each (for the writer's dedupe and compaction). Cancelled between partitions: those
 * imported stay, and a new import skips them as duplicates.
 */
export async function importLakePartitions(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  dir: string,
  partitions: readonly string[],
  o: { progress: Progress; signal?: AbortSignal; onPartition: (part: PartitionImport) => void },
): Promise<{ imported: number; duplicates: number }> {
  let imported = 0;
  let duplicates = 0;
  for (let i = 0; i < partitions.length; i++) {
    o.signal?.throwIfAborted();
    const part = await importLakePartition(db, catalog, join(dir, partitions[i]!));
    o.onPartition(part);
    imported += part.inserted;
    duplicates += part.total - part.inserted;
    o.progress((i + 1) / partitions.length, imported);
  }
  return { imported, duplicates };
}
