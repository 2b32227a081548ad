// Exports a selection (series × range, raw or a rollup tier) to one CSV or Parquet file, in
// time slices so a long export reports progress; and the data lake, out and back in. A job's
// abort signal interrupts the DuckDB statement running on the export connection (the exports
// queue gives it to one export at a time) and is checked between slices; an export that does
// not finish leaves nothing behind: no half file, no parts, no half lake.
//
// Raw exports say which readings are bad data and which are corrected: after the original
// columns (device, signal, timestamp, value, quality — same order, so readers of older files
// keep working) come `bad_data_label` (the id of the live bad-data label the reading lies in,
// empty otherwise) and `corrected_value` (the expert's corrected value at that reading's time,
// empty where there is none). `value` stays the original reading. Rollup-tier exports leave bad
// data out, as the rollups do. The labels and corrections are loaded into the export
// connection's temporary tables export_bad and export_corrected first (history-labels.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { TIER_WIDTH_MS, type ExportFormat, type Tier } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import { ROLLUP_TABLES } from './history-schema';
import { slotRange } from './rollup-store';
import { lakeSelect, sqlString } from './lake';

export type Progress = (done: number, rows: number) => void;

export interface ExportSelection {
  seriesIds: readonly number[];
  from: number;
  to: number;
  tier: Tier;
  format: ExportFormat;
}

const SLICES = 20;

/**
 * Interrupts the statement running on `db` when `signal` aborts; returns the function that
 * stops listening. Throws at once when it has aborted already.
 */
export function interruptOnAbort(db: DuckDBConnection, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => {};
  signal.throwIfAborted();
  const interrupt = () => db.interrupt();
  signal.addEventListener('abort', interrupt, { once: true });
  return () => signal.removeEventListener('abort', interrupt);
}

/** What a failed or cancelled step throws: the cancellation, rather than DuckDB's "Interrupted!". */
function failure(err: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? signal.reason : err;
}

function selectionSql(sel: ExportSelection, from: number, to: number): string {
  const ids = sel.seriesIds.join(',');
  if (sel.tier === 'raw') {
    return `SELECT s.device, s.signal, make_timestamp(r.ts * 1000) AS timestamp, r.value,
        CASE r.quality WHEN 0 THEN 'good' WHEN 1 THEN 'uncertain' ELSE 'bad' END AS quality,
        (SELECT min(b.label) FROM export_bad b WHERE b.series_id = r.series_id AND r.ts BETWEEN b.from_ts AND b.to_ts)
          AS bad_data_label,
        (SELECT any_value(c.value) FROM export_corrected c WHERE c.series_id = r.series_id AND c.ts = r.ts) AS corrected_value
      FROM (SELECT * FROM readings WHERE series_id IN (${ids}) AND ts >= ${from} AND ts < ${to}
            UNION ALL SELECT * FROM readings_hot WHERE series_id IN (${ids}) AND ts >= ${from} AND ts < ${to}) r
      JOIN series s ON s.id = r.series_id ORDER BY s.device, s.signal, r.ts`;
  }
  const w = TIER_WIDTH_MS[sel.tier];
  const table = ROLLUP_TABLES[sel.tier];
  return `WITH p AS (
      SELECT series_id, bucket, n, sum, min, max, m2 FROM ${table}
        WHERE series_id IN (${ids}) AND ${slotRange(sel.tier, from, to)}
      UNION ALL
      SELECT series_id, ts - ts % ${w}, count(*), sum(value), min(value), max(value), coalesce(var_pop(value), 0) * count(*)
        FROM readings_hot h WHERE quality < 2 AND series_id IN (${ids}) AND ts - ts % ${w} >= ${from} AND ts - ts % ${w} < ${to}
          AND NOT EXISTS (SELECT 1 FROM export_bad b WHERE b.series_id = h.series_id AND h.ts BETWEEN b.from_ts AND b.to_ts)
        GROUP BY ALL)
    SELECT s.device, s.signal, make_timestamp(p.bucket * 1000) AS bucket_start, sum(p.n)::BIGINT AS count,
      sum(p.sum) / sum(p.n) AS avg, min(p.min) AS min, max(p.max) AS max,
      sqrt(greatest(sum(p.m2) + sum(p.sum * p.sum / p.n) - sum(p.sum) * sum(p.sum) / sum(p.n), 0) / nullif(sum(p.n) - 1, 0)) AS stddev
    FROM p JOIN series s ON s.id = p.series_id
    GROUP BY s.device, s.signal, p.bucket ORDER BY s.device, s.signal, p.bucket`;
}

/** Copies the whole database to `file` in one snapshot; a cancelled copy stops at the next statement. */
export async function backupDatabase(db: DuckDBConnection, file: string, signal?: AbortSignal): Promise<void> {
  const release = interruptOnAbort(db, signal);
  let attached = false;
  try {
    const name = (await db.runAndReadAll('SELECT current_database()')).getRowsJS()[0]![0] as string;
    await db.run(`ATTACH ${sqlString(file)} AS watchfloor_backup`);
    attached = true;
    await db.run(`COPY FROM DATABASE "${name}" TO watchfloor_backup`);
  } finally {
    // No interrupt may reach the DETACH: a copy left attached would refuse the next backup.
    release();
    if (attached) await db.run('DETACH watchfloor_backup');
  }
  signal?.throwIfAborted();
}

/** Time slices covering [from, to], aligned to the tier so no bucket is split. */
function slices(from: number, to: number, tier: Tier): [number, number][] {
  const align = tier === 'raw' ? 1 : TIER_WIDTH_MS[tier];
  const start = from - (from % align);
  const end = to + 1;
  const step = Math.max(align, Math.ceil((end - start) / SLICES / align) * align);
  const out: [number, number][] = [];
  for (let a = start; a < end; a += step) out.push([a, Math.min(a + step, end)]);
  return out;
}

export async function exportSelection(
  db: DuckDBConnection,
  sel: ExportSelection,
  file: string,
  progress: Progress,
  signal?: AbortSignal,
): Promise<number> {
  const parts = `${file}.parts`;
  const release = interruptOnAbort(db, signal);
  rmSync(parts, { recursive: true, force: true });
  mkdirSync(parts, { recursive: true });
  try {
    const ranges = slices(sel.from, sel.to, sel.tier);
    let rows = 0;
    for (let i = 0; i < ranges.length; i++) {
      signal?.throwIfAborted();
      const [a, b] = ranges[i]!;
      const part = join(parts, `${String(i).padStart(4, '0')}.${sel.format}`);
      const options = sel.format === 'csv' ? `FORMAT csv, HEADER ${i === 0}` : 'FORMAT parquet';
      const result = await db.runAndReadAll(`COPY (${selectionSql(sel, a, b)}) TO ${sqlString(part)} (${options})`);
      rows += Number(result.rowsChanged);
      progress((i + 1) / (ranges.length + 1), rows);
    }
    if (sel.format === 'csv') {
      const out = await open(file, 'w');
      try {
        for (const name of readdirSync(parts).sort()) {
          signal?.throwIfAborted();
          for await (const chunk of createReadStream(join(parts, name))) await out.write(chunk as Buffer);
        }
      } finally {
        await out.close();
      }
    } else {
      await db.run(
        `COPY (SELECT * FROM read_parquet(${sqlString(join(parts, '*.parquet'))}, union_by_name = true))
         TO ${sqlString(file)} (FORMAT parquet)`,
      );
    }
    signal?.throwIfAborted();
    progress(1, rows);
    return rows;
  } catch (err) {
    // A file that did not get every row is no export: nothing is left for someone to trust.
    rmSync(file, { force: true });
    throw failure(err, signal);
  } finally {
    release();
    rmSync(parts, { recursive: true, force: true });
  }
}

/** Writes every reading in [from, to) to a hive-partitioned Parquet lake under `dir`. */
export async function exportLake(
  db: DuckDBConnection,
  dir: string,
  from: number,
  to: number,
  progress: Progress,
  signal?: AbortSignal,
): Promise<number> {
  const existed = existsSync(dir);
  if (existed && readdirSync(dir).length > 0) {
    throw new EngineError('INVALID_STATE', `${dir} is not empty; export a lake into a new folder`);
  }
  const release = interruptOnAbort(db, signal);
  mkdirSync(dir, { recursive: true });
  try {
    const ranges = slices(from, to, '1d');
    let rows = 0;
    for (let i = 0; i < ranges.length; i++) {
      signal?.throwIfAborted();
      const [a, b] = ranges[i]!;
      const result = await db.runAndReadAll(
        `COPY (${lakeSelect(`r.ts >= ${a} AND r.ts < ${b}`)} ORDER BY s.device, s.signal, r.ts) TO ${sqlString(dir)}
       (FORMAT parquet, PARTITION_BY (date, device), APPEND, FILENAME_PATTERN 'part_{uuid}')`,
      );
      rows += Number(result.rowsChanged);
      progress((i + 1) / ranges.length, rows);
    }
    return rows;
  } catch (err) {
    // The folder was empty: what is in it now is this export's, and half a lake is no archive.
    for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
      if (/^date=/.test(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
    if (!existed) rmdirQuietly(dir);
    throw failure(err, signal);
  } finally {
    release();
  }
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty (someone else wrote there meanwhile) or already gone: leave it
  }
}

/** Date partitions of a lake, oldest first ("date=YYYY-MM-DD" folders). */
export function lakePartitions(dir: string): string[] {
  if (!existsSync(dir)) throw new EngineError('NOT_FOUND', `no folder ${dir}`);
  const dates = readdirSync(dir).filter((d) => /^date=\d{4}-\d{2}-\d{2}$/.test(d));
  if (dates.length === 0) {
    throw new EngineError('BAD_REQUEST', `${dir} has no date=YYYY-MM-DD partitions: not a Watchfloor lake`);
  }
  return dates.sort();
}
