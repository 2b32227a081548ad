// Loads one date partition of a Parquet lake (the layout of lake.ts) in SQL, one device folder
// at a time (a whole date of a large plant would sit in a temp table: 8.9 GB at 50 M rows, issue
// 20): series it names are created, rows whose (series, ts) is already stored — or repeated in
// the partition — are skipped, and the rest go straight into the compacted store with their
// rollups (`store`), written once. The caller runs it on the writer connection, one partition at a time.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { seriesKey } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import { sqlString } from './lake';
import { MAX_READING_MAGNITUDE, scaleByIdSql, scaleSelect, storeSelect } from './readings-store';
import type { Progress } from './history-export';
import type { SeriesCatalog } from './series-catalog';

export interface PartitionImport {
  /** Rows with a finite value in the partition. */
  total: number;
  inserted: number;
  /** Newest timestamp per series id, for the writer's dedupe. */
  newest: [number, number][];
}

/**
 * Moves the rows of `table` (readings' columns) into the compacted store, given `form`: the same
 * rows in readings_store's form and the value, sorted by series and time (moveIntoStore's).
 * Resolves with their count.
 */
export type StoreRows = (db: DuckDBConnection, table: string, form: string) => Promise<number>;

/** The globs of a date partition, one device folder (or loose file) each. */
function partitionUnits(partitionDir: string): string[] {
  const units: string[] = [];
  for (const entry of readdirSync(partitionDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) units.push(join(partitionDir, entry.name, '**', '*.parquet'));
    else if (entry.isFile() && entry.name.endsWith('.parquet')) units.push(join(partitionDir, entry.name));
  }
  return units;
}

export async function importLakePartition(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  partitionDir: string,
  store: StoreRows,
): Promise<PartitionImport> {
  const result: PartitionImport = { total: 0, inserted: 0, newest: [] };
  for (const glob of partitionUnits(partitionDir)) {
    const part = await importUnit(db, catalog, glob, store);
    result.total += part.total;
    result.inserted += part.inserted;
    result.newest.push(...part.newest);
  }
  return result;
}

async function importUnit(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  glob: string,
  store: StoreRows,
): Promise<PartitionImport> {
  const source = `read_parquet(${sqlString(glob)}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`;
  try {
    // The series first (two dictionary-encoded columns), so that the rows are joined to their
    // ids as they are read: no copy of them with their strings (issue 20: that copy and its join
    // took about a quarter of an import).
    await refuseHugeValues(db, source, glob);
    const pairs = (
      await db.runAndReadAll(
        `SELECT DISTINCT device::VARCHAR, signal::VARCHAR FROM ${source} WHERE value IS NOT NULL AND isfinite(value::DOUBLE)`,
      )
    ).getRowsJS() as [string, string][];
    await catalog.ensure(
      db,
      pairs.filter(([d, s]) => catalog.idOf(d, s) === undefined).map(([d, s]) => seriesKey(d, s)),
    );
    await db.run(`CREATE OR REPLACE TEMP TABLE lake_ids AS
      SELECT s.id AS series_id, epoch_ms(l.time) AS ts, l.value::DOUBLE AS value,
        CASE l.quality WHEN 'good' THEN 0 WHEN 'uncertain' THEN 1 ELSE 2 END::UTINYINT AS quality
      FROM ${source} l JOIN series s ON s.device = l.device::VARCHAR AND s.signal = l.signal::VARCHAR
      WHERE l.value IS NOT NULL AND isfinite(l.value::DOUBLE)`);
    const total = (await db.runAndReadAll('SELECT count(*)::DOUBLE FROM lake_ids')).getRowsJS()[0]![0] as number;
    // Rows newer than everything stored of their series cannot be duplicates of stored rows:
    // the checks against readings_store and readings_hot (a join over what is stored) are made
    // only when some series of the unit starts at or before its newest stored reading.
    const overlapping = (
      await db.runAndReadAll(`SELECT count(*)::DOUBLE FROM (SELECT series_id, min(ts) AS lo FROM lake_ids GROUP BY 1) u
        JOIN series s ON s.id = u.series_id
        WHERE u.lo <= greatest(coalesce(s.last_ts, ${-(2 ** 62)}),
          coalesce((SELECT max(h.ts) FROM readings_hot h WHERE h.series_id = u.series_id), ${-(2 ** 62)}))`)
    ).getRowsJS()[0]![0] as number;
    const unstored =
      overlapping === 0
        ? 'TRUE'
        : `NOT EXISTS (SELECT 1 FROM readings_store r WHERE r.series_id = l.series_id AND r.ts = l.ts)
            AND NOT EXISTS (SELECT 1 FROM readings_hot h WHERE h.series_id = l.series_id AND h.ts = l.ts)`;
    // Each (series, ts) once, in the store's order (series, then time); each series' scale from
    // one aggregate. The store takes the rows in its form (and the value, for the rollups) as
    // they come — computed from the sorted rows by a lookup that keeps their order — and
    // does not sort them again (issue 20: a copy and a sort of every row less).
    await db.run(`CREATE OR REPLACE TEMP TABLE lake_scale AS ${scaleSelect('lake_ids')}`);
    // A row repeated in the unit is dropped after the first of it in (series, ts) order: the
    // sort the store's order needs anyway does the work a DISTINCT ON's hash table did (issue
    // 20: 1.3 M rows sorted and deduplicated in 173–186 ms against 248–330 ms).
    await db.run(`CREATE OR REPLACE TEMP TABLE lake_sorted AS
      SELECT series_id, ts, value, quality FROM lake_ids l WHERE ${unstored}
      QUALIFY ts IS DISTINCT FROM lag(ts) OVER (PARTITION BY series_id ORDER BY ts)
      ORDER BY series_id, ts`);
    await db.run('DROP TABLE lake_ids');
    const scales = (await db.runAndReadAll('SELECT series_id, e FROM lake_scale')).getRowsJS() as [number, number][];
    const scaleById = scaleByIdSql(scales);
    let form = 'SELECT * FROM lake_rows';
    if (scaleById) form = storeSelect('lake_sorted', 'TRUE', { keepValue: true, scaleById });
    else {
      // Ids too spread out for one list: the rows joined to the scales, and sorted again.
      await db.run(`CREATE OR REPLACE TEMP TABLE lake_rows AS
        ${storeSelect('lake_sorted', 'TRUE', { keepValue: true, scale: 'lake_scale' })} ORDER BY series_id, ts`);
    }
    const newest = (
      await db.runAndReadAll('SELECT series_id, max(ts)::DOUBLE FROM lake_sorted GROUP BY 1')
    ).getRowsJS() as [number, number][];
    const inserted = await store(db, 'lake_sorted', form);
    return { total, inserted, newest };
  } finally {
    await db.run('DROP TABLE IF EXISTS lake_ids');
    await db.run('DROP TABLE IF EXISTS lake_scale');
    await db.run('DROP TABLE IF EXISTS lake_sorted');
    await db.run('DROP TABLE IF EXISTS lake_rows');
  }
}

/**
 * A unit holding readings beyond ±1e100 (MAX_READING_MAGNITUDE) is refused whole, naming the
 * first, before any series or row of it is stored: the rollups of such values cannot be kept
 * (the import stopped on DuckDB's "VARPOP is out of range"). Partitions imported before stay.
 */
async function refuseHugeValues(db: DuckDBConnection, source: string, glob: string): Promise<void> {
  const [huge] = (
    await db.runAndReadAll(`SELECT device::VARCHAR, signal::VARCHAR, strftime(time, '%Y-%m-%dT%H:%M:%S.%gZ'),
        value::DOUBLE, count(*) OVER ()::DOUBLE
      FROM ${source} WHERE abs(value::DOUBLE) >= ${MAX_READING_MAGNITUDE} AND isfinite(value::DOUBLE) LIMIT 1`)
  ).getRowsJS() as [string, string, string, number, number][];
  if (!huge) return;
  const [device, signal, time, value, count] = huge;
  const unit = glob.replace(/[\\/]\*\*[\\/]\*\.parquet$/, '');
  throw new EngineError(
    'BAD_REQUEST',
    `${unit}: ${count} reading(s) beyond ±1e100, the first ${device}/${signal} at ${time} (${value}): no measurement is that large, and history could not keep its statistics. Remove them from the lake and import again; the date partitions before this one are imported, and a new import skips them`,
    { device, signal, time, count },
  );
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
  o: { progress: Progress; signal?: AbortSignal; store: StoreRows; onPartition: (part: PartitionImport) => void },
): Promise<{ imported: number; duplicates: number }> {
  let imported = 0;
  let duplicates = 0;
  for (let i = 0; i < partitions.length; i++) {
    o.signal?.throwIfAborted();
    const part = await importLakePartition(db, catalog, join(dir, partitions[i]!), o.store);
    o.onPartition(part);
    imported += part.inserted;
    duplicates += part.total - part.inserted;
    o.progress((i + 1) / partitions.length, imported);
  }
  return { imported, duplicates };
}
