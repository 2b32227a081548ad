// Loads a Parquet lake (the layout of lake.ts) in SQL, a group of device folders of up to
// UNIT_ROWS rows at a time — each device's folders of every date together (lakeUnits) — so that
// a whole date of a large plant never sits in a temp table (8.9 GB at 50 M rows, issue 20):
// series it names are created, rows whose (series, ts) is already stored — or repeated in the
// lake — are skipped, and the rest go straight into the compacted store with their rollups
// (`store`), written once. The caller runs it on the writer connection.
import type { DuckDBConnection } from '@duckdb/node-api';
import { join, sep } from 'node:path';
import { seriesKey } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import { sqlString } from './lake';
import { MAX_READING_MAGNITUDE, scaleByIdSql, scaleSelect, storeOrder, storeSelect } from './readings-store';
import type { Progress } from './history-export';
import type { SeriesCatalog } from './series-catalog';

export interface UnitImport {
  /** Rows with a finite value in the group. */
  total: number;
  inserted: number;
  /** Newest timestamp per series id, for the writer's dedupe. */
  newest: [number, number][];
}

/**
 * Moves the rows of `table` (readings' columns) into the compacted store, given `form`: the same
 * rows in readings_store's form and the value, in the store's order (storeOrder, moveIntoStore's).
 * Resolves with their count.
 */
export type StoreRows = (db: DuckDBConnection, table: string, form: string) => Promise<number>;

/**
 * Rows a statement of the import takes at most, unless one device folder of one date alone holds
 * more: the lake's folders are read in groups up to this size. One folder per statement made
 * ~126 statements of ~0.8 M rows for 100 M readings, each leaving a part-filled row group and
 * part-filled blocks in the file; groups of up to 4 M rows loaded 100 M in 23.8 s against
 * 29.0 s (in process) at 1.23 against 1.26 bytes per reading, with a peak RSS of 0.87 GB against
 * 0.53 (issue 20, docs/benchmarks.md). Groups of ~11 M rows gained nothing more and took 1.4 GB.
 */
export const UNIT_ROWS = 4_000_000;

/**
 * The lake's Parquet as groups of globs of at most `unitRows` rows (unless one folder of one date
 * alone holds more): device folders by name, each with its folders of every date in date order —
 * a device's dates all in one group when they fit in one, else cut between dates — then the
 * loose files of each date.
 *
 * Decision (issue 20): a device's dates go in one group where they fit, not one date at a time.
 * Each group is written in the store's order, one run per series; DuckDB bit-packs a column in
 * groups of 2,048 rows as wide as their widest step, and the group where one series' run meets
 * the next is packed at the width of the jump between them (~15 bits for the values, 11 for the
 * timestamps, against 5 and ~0 inside a run). Groups by date gave each series a run per date: a
 * 100 M-reading lake over two dates imported to 1.020 bytes per reading, against 0.910 with each
 * device's dates together, in the same time (docs/benchmarks.md).
 */
async function lakeUnits(
  db: DuckDBConnection,
  dir: string,
  partitions: readonly string[],
  unitRows = UNIT_ROWS,
): Promise<string[][]> {
  // Per device folder (or loose file), its globs and their rows in date order.
  const folders = new Map<string, { glob: string; rows: number }[]>();
  const loose: { glob: string; rows: number }[] = [];
  for (const partition of partitions) {
    const partitionDir = join(dir, partition);
    // The date's Parquet files (a folder without any, say from an export that failed, is left
    // out), then their footers only, in one statement: each file's row count without its rows.
    const found = (
      await db.runAndReadAll(`SELECT file FROM glob(${sqlString(join(partitionDir, '**', '*.parquet'))})`)
    ).getRowsJS() as [string][];
    if (found.length === 0) continue;
    const files = (
      await db.runAndReadAll(
        `SELECT file_name, num_rows::DOUBLE FROM parquet_file_metadata(${globList(found.map(([f]) => f))})`,
      )
    ).getRowsJS() as [string, number][];
    // Each file counted to the device folder (or loose file) it lies in: its first name under the date.
    const entries = new Map<string, { folder: boolean; rows: number }>();
    for (const [file, n] of files) {
      const [name, ...below] = file.slice(partitionDir.length + 1).split(/[\\/]/);
      const entry = entries.get(name!) ?? { folder: below.length > 0, rows: 0 };
      entry.rows += n;
      entries.set(name!, entry);
    }
    for (const [name, { folder, rows }] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
      if (!folder) loose.push({ glob: join(partitionDir, name), rows });
      else if (folders.has(name)) folders.get(name)!.push({ glob: join(partitionDir, name, '**', '*.parquet'), rows });
      else folders.set(name, [{ glob: join(partitionDir, name, '**', '*.parquet'), rows }]);
    }
  }
  // A device whose dates fit in a group is never split between two: a series cut in two runs
  // costs a boundary more (a greedy cut by date split a third of the benchmark's devices).
  const groups: string[][] = [];
  let rows = 0;
  const add = (pieces: { glob: string; rows: number }[], oneFolder: boolean) => {
    const n = pieces.reduce((sum, p) => sum + p.rows, 0);
    const last = groups[groups.length - 1];
    if (last && rows + n <= unitRows) {
      last.push(...pieces.map((p) => p.glob));
      rows += n;
    } else if (oneFolder || n <= unitRows) {
      groups.push(pieces.map((p) => p.glob));
      rows = n;
    } else for (const p of pieces) add([p], true);
  };
  for (const name of [...folders.keys()].sort((a, b) => a.localeCompare(b))) add(folders.get(name)!, false);
  for (const item of loose) add([item], true);
  return groups;
}

/**
 * How the import finds each series' scale (scaleSelect): from its distinct values while a
 * group's values repeat enough. Readings of a few decimals repeat (a group of the benchmark's
 * two-decimal random walks: 3.2 M rows, 0.1 M distinct values of their series), and the decimals
 * ladder over the distinct values took a third of its time over every row (36–59 against 113–118
 * ms); values that never repeat (more decimals than MAX_DECIMALS, noise) cost the distinct pass
 * 2.4× the plain one (600 against 250 ms), so after a group whose distinct values were more than
 * DISTINCT_SHARE of its rows the rest of the import runs the ladder over the rows.
 */
interface Scaling {
  distinct: boolean;
}
const DISTINCT_SHARE = 0.25;

async function importUnit(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  globs: string[],
  store: StoreRows,
  scaling: Scaling,
): Promise<UnitImport> {
  const source = `read_parquet(${globList(globs)}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`;
  try {
    // The series first (two dictionary-encoded columns), so that the rows are joined to their
    // ids as they are read: no copy of them with their strings (issue 20: that copy and its join
    // took about a quarter of an import).
    await refuseHugeValues(db, globs);
    const pairs = (
      await db.runAndReadAll(
        `SELECT DISTINCT device::VARCHAR, signal::VARCHAR FROM ${source} WHERE value IS NOT NULL AND isfinite(value::DOUBLE)`,
      )
    ).getRowsJS() as [string, string][];
    await catalog.ensure(
      db,
      pairs.filter(([d, s]) => catalog.idOf(d, s) === undefined).map(([d, s]) => seriesKey(d, s)),
    );
    // Sorted into the store's order (storeOrder: series, then time) as they are read: a temp
    // table of the rows unsorted, then sorted, took ~1.5× as long (issue 20). Then a row repeated in the group
    // is dropped after the first of it. Lakes rarely repeat rows, so the plain sort comes first,
    // and two scans of its result in that order find whether any row equals the one before it:
    // only then is it deduplicated (the sort with the deduplicating window took 1.7× as long).
    await db.run(`CREATE OR REPLACE TEMP TABLE lake_sorted AS
      SELECT s.id AS series_id, epoch_ms(l.time) AS ts, l.value::DOUBLE AS value,
        CASE l.quality WHEN 'good' THEN 0 WHEN 'uncertain' THEN 1 ELSE 2 END::UTINYINT AS quality
      FROM ${source} l JOIN series s ON s.device = l.device::VARCHAR AND s.signal = l.signal::VARCHAR
      WHERE l.value IS NOT NULL AND isfinite(l.value::DOUBLE)
      ORDER BY ${storeOrder()}`);
    const total = (await db.runAndReadAll('SELECT count(*)::DOUBLE FROM lake_sorted')).getRowsJS()[0]![0] as number;
    // Rows newer than everything stored of their series cannot be duplicates of stored rows:
    // the checks against readings_store and readings_hot (a join over what is stored) are made
    // only when some series of the unit starts at or before its newest stored reading.
    const overlapping = (
      await db.runAndReadAll(`SELECT count(*)::DOUBLE FROM (SELECT series_id, min(ts) AS lo FROM lake_sorted GROUP BY 1) u
        JOIN series s ON s.id = u.series_id
        WHERE u.lo <= greatest(coalesce(s.last_ts, ${-(2 ** 62)}),
          coalesce((SELECT max(h.ts) FROM readings_hot h WHERE h.series_id = u.series_id), ${-(2 ** 62)}))`)
    ).getRowsJS()[0]![0] as number;
    if (overlapping > 0) {
      // The joins do not keep the rows' order: sorted again (a lake imported again, in part).
      await replaceSorted(
        db,
        `SELECT * FROM lake_sorted l
        WHERE NOT EXISTS (SELECT 1 FROM readings_store r WHERE r.series_id = l.series_id AND r.ts = l.ts)
          AND NOT EXISTS (SELECT 1 FROM readings_hot h WHERE h.series_id = l.series_id AND h.ts = l.ts)`,
      );
    }
    if (await hasRepeatedRows(db, 'lake_sorted')) {
      await replaceSorted(
        db,
        'SELECT * FROM lake_sorted QUALIFY ts IS DISTINCT FROM lag(ts) OVER (PARTITION BY series_id ORDER BY ts)',
      );
    }
    // Each series' scale from one aggregate. The store takes the rows in its form (and the
    // value, for the rollups) as they come — computed from the sorted rows by a lookup that
    // keeps their order — and does not sort them again (issue 20: a copy and a sort less).
    await db.run(
      `CREATE OR REPLACE TEMP TABLE lake_scale AS ${scaleSelect('lake_sorted', 'TRUE', { distinct: scaling.distinct })}`,
    );
    const scales = (await db.runAndReadAll('SELECT series_id, e, value_count FROM lake_scale')).getRowsJS() as [
      number,
      number,
      number,
    ][];
    if (scales.reduce((n, [, , values]) => n + values, 0) > total * DISTINCT_SHARE) scaling.distinct = false;
    const scaleById = scaleByIdSql(scales.map(([id, e]) => [id, e] as const));
    let form = 'SELECT * FROM lake_rows';
    if (scaleById) form = storeSelect('lake_sorted', 'TRUE', { keepValue: true, scaleById });
    else {
      // Ids too spread out for one list: the rows joined to the scales, and sorted again.
      await db.run(`CREATE OR REPLACE TEMP TABLE lake_rows AS
        ${storeSelect('lake_sorted', 'TRUE', { keepValue: true, scale: 'lake_scale' })} ORDER BY ${storeOrder()}`);
    }
    const newest = (
      await db.runAndReadAll('SELECT series_id, max(ts)::DOUBLE FROM lake_sorted GROUP BY 1')
    ).getRowsJS() as [number, number][];
    const inserted = await store(db, 'lake_sorted', form);
    return { total, inserted, newest };
  } finally {
    await db.run('DROP TABLE IF EXISTS lake_scale');
    await db.run('DROP TABLE IF EXISTS lake_sorted');
    await db.run('DROP TABLE IF EXISTS lake_rows');
    await db.run('DROP TABLE IF EXISTS lake_next');
  }
}

/** Puts the rows of `select` (from lake_sorted) in lake_sorted's place, in the store's order. */
async function replaceSorted(db: DuckDBConnection, select: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE lake_next AS ${select} ORDER BY ${storeOrder()}`);
  await db.run('DROP TABLE lake_sorted');
  await db.run('ALTER TABLE lake_next RENAME TO lake_sorted');
}

/**
 * Whether `table`, in the store's order, holds a row with the series and time of the row
 * before it: the table beside itself shifted by one row (a positional join: a scan keeps the
 * order the rows were written in, preserve_insertion_order).
 */
async function hasRepeatedRows(db: DuckDBConnection, table: string): Promise<boolean> {
  const [n] = (
    await db.runAndReadAll(`SELECT count(*)::DOUBLE FROM (SELECT series_id, ts FROM ${table}) a
      POSITIONAL JOIN (SELECT series_id AS next_id, ts AS next_ts FROM ${table} OFFSET 1) b
      WHERE a.series_id = b.next_id AND a.ts = b.next_ts`)
  ).getRowsJS()[0] as [number];
  return n > 0;
}

/** Globs as a DuckDB list of strings. */
function globList(globs: readonly string[]): string {
  return `[${globs.map(sqlString).join(', ')}]`;
}

/** The folder of a unit's glob (a device folder), or the loose file it names. */
function unitPath(glob: string): string {
  return glob.replace(/[\\/]\*\*[\\/]\*\.parquet$/, '');
}

/**
 * A group of device folders holding readings beyond ±1e100 (MAX_READING_MAGNITUDE) is refused
 * whole, naming the folder of the first, before any series or row of it is stored: the rollups
 * of such values cannot be kept (the import stopped on DuckDB's "VARPOP is out of range").
 * Groups imported before stay.
 */
async function refuseHugeValues(db: DuckDBConnection, globs: string[]): Promise<void> {
  const tooLarge = `abs(value::DOUBLE) >= ${MAX_READING_MAGNITUDE} AND isfinite(value::DOUBLE)`;
  const source = `read_parquet(${globList(globs)}, hive_partitioning = true,
    hive_types_autocast = false, union_by_name = true, filename = true)`;
  const [huge] = (
    await db.runAndReadAll(`SELECT device::VARCHAR, signal::VARCHAR, strftime(time, '%Y-%m-%dT%H:%M:%S.%gZ'),
        value::DOUBLE, filename
      FROM ${source} WHERE ${tooLarge} ORDER BY filename, time LIMIT 1`)
  ).getRowsJS() as [string, string, string, number, string][];
  if (!huge) return;
  const [device, signal, time, value, file] = huge;
  const glob = globs.find((g) => file === unitPath(g) || file.startsWith(`${unitPath(g)}${sep}`));
  const folder = glob ? unitPath(glob) : file;
  const [count] = (
    await db.runAndReadAll(
      `SELECT count(*)::DOUBLE FROM read_parquet(${sqlString(glob ?? file)}, union_by_name = true) WHERE ${tooLarge}`,
    )
  ).getRowsJS()[0] as [number];
  throw new EngineError(
    'BAD_REQUEST',
    `${folder}: ${count} reading(s) beyond ±1e100, the first ${device}/${signal} at ${time} (${value}): no measurement is that large, and history could not keep its statistics. Remove them from the lake and import again; the folders imported before this one stay, and a new import skips them`,
    { device, signal, time, count },
  );
}

/**
 * Loads the lake's date partitions on the writer connection, a group of folders at a time
 * (lakeUnits); `onUnit` hears of each (for the writer's dedupe and compaction). Cancelled
 * between groups: those imported stay, and a new import skips them as duplicates.
 */
export async function importLakePartitions(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  dir: string,
  partitions: readonly string[],
  o: {
    progress: Progress;
    signal?: AbortSignal;
    store: StoreRows;
    onUnit: (part: UnitImport) => void;
    unitRows?: number;
  },
): Promise<{ imported: number; duplicates: number }> {
  let imported = 0;
  let duplicates = 0;
  const units = await lakeUnits(db, dir, partitions, o.unitRows);
  const scaling: Scaling = { distinct: true };
  for (let i = 0; i < units.length; i++) {
    o.signal?.throwIfAborted();
    const part = await importUnit(db, catalog, units[i]!, o.store, scaling);
    o.onUnit(part);
    imported += part.inserted;
    duplicates += part.total - part.inserted;
    o.progress((i + 1) / units.length, imported);
  }
  return { imported, duplicates };
}
