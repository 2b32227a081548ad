// History in DuckDB (`history.duckdb`): the facade the engine uses. One writer appends raw
// readings (deduplicated on series + ts); compaction and retention run on their own
// connection in the background; queries and exports use reader connections. See
// history-schema.ts for the physical layout. A storage fault (disk full) makes it refuse writes
// until it has reopened itself (history-availability.ts). The connections, queues, opening,
// reopening and stopping are in history-core.ts; this class adds appends, queries, maintenance
// and transfers.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SeriesPoints, SeriesStats, Tier } from '../../../shared/contract';
import type { Anomaly, DetectedAnomaly } from '../../../shared/contract/detection';
import { seriesKey, type Reading } from '../../../shared/domain';
import { appendAnomalies, deleteAnomaliesBefore, listAnomalies, listAnomaliesAcross } from './anomaly-table';
import { type AnomalyFilter, type AnomalyRangeFilter } from './anomaly-table';
import { rewriteColdDays, type ColdDay } from './cold-rewrite';
import { compactHot, moveIntoStore } from './compactor';
import { databaseBytes } from './history-connections';
import { fileBlocks, type FileBlocks } from './history-file';
import { duckDbMemory, duckDbSettings, keptCacheMb, trimMemory } from './duckdb-memory';
import { backupDatabase, exportLake, exportSelection, lakePartitions, type Progress } from './history-export';
import { importLakePartitions } from './lake-import';
import { sqlString } from './lake';
import { allocColumns, QUALITY_CODE, type ReadingColumns } from './reading-columns';
import { type AppendResult } from './reading-writer';
import { applyRetention, type RetentionResult } from './retention';
import { HistoryCore } from './history-core';

export type { HistoryOptions } from './history-options';

export class HistoryStore extends HistoryCore {
  /** Appends a batch and makes it durable before resolving. Only the pipeline calls this. */
  append(readings: readonly Reading[]): Promise<AppendResult> {
    if (readings.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
    return this.write('a write of readings', async () => {
      const { catalog } = this;
      const cols = allocColumns(readings.length);
      let unknown: number[] | undefined;
      for (let i = 0; i < readings.length; i++) {
        const r = readings[i]!;
        const id = catalog.idOf(r.deviceId, r.signal);
        if (id === undefined) (unknown ??= []).push(i);
        else cols.series[i] = id;
        cols.ts[i] = r.ts;
        cols.value[i] = r.value;
        cols.quality[i] = QUALITY_CODE[r.quality];
      }
      if (unknown) {
        // New series: created once, before their first rows.
        await catalog.ensure(
          this.writerDb,
          new Set(unknown.map((i) => seriesKey(readings[i]!.deviceId, readings[i]!.signal))),
        );
        for (const i of unknown) cols.series[i] = catalog.idOf(readings[i]!.deviceId, readings[i]!.signal)!;
      }
      cols.length = readings.length;
      return this.appendLocked(cols);
    });
  }

  /** The id of the state file this history was kept with (state-file.ts), or null. */
  async recordedStateId(): Promise<string | null> {
    const rows = (await this.writerDb.runAndReadAll("SELECT value FROM meta WHERE key = 'state_id'")).getRowsJS() as [
      string,
    ][];
    return rows[0]?.[0] ?? null;
  }

  recordStateId(id: string): Promise<void> {
    return this.write('recording the state id', async () => {
      await this.writerDb.run(`INSERT OR REPLACE INTO meta VALUES ('state_id', ${sqlString(id)})`);
    });
  }

  /** Stores what the detectors found (one call per pipeline flush), durably, after the readings. */
  appendAnomalies(list: readonly DetectedAnomaly[]): Promise<void> {
    if (list.length === 0) return Promise.resolve();
    return this.write('a write of anomalies', () => appendAnomalies(this.writerDb, list));
  }

  /** Anomalies of one series (and, when asked, its device's "*") in a time range, oldest first. */
  anomalies(filter: AnomalyFilter): Promise<Anomaly[]> {
    return listAnomalies(this.reader(), filter);
  }

  /** Anomalies of every device (or one) in a time range, newest first (the review queue). */
  anomaliesAcross(filter: AnomalyRangeFilter): Promise<Anomaly[]> {
    return listAnomaliesAcross(this.reader(), filter);
  }

  /** Bulk path (backfill, benchmarks): columns whose series ids came from ensureSeries. */
  appendColumns(cols: ReadingColumns): Promise<AppendResult> {
    return this.write('a write of readings', () => this.appendLocked(cols));
  }

  /** Resolves (creating where needed) the ids of these series keys. */
  ensureSeries(keys: readonly string[]): Promise<number[]> {
    return this.write('a write of series', async () => {
      await this.catalog.ensure(this.writerDb, keys);
      return keys.map((k) => this.catalog.id(k)!);
    });
  }

  /** Durable in the ingest journal when this resolves; committed to DuckDB when due (journaled-commits.ts). */
  private async appendLocked(cols: ReadingColumns): Promise<AppendResult> {
    const result = await this.journaled.append(this.writer, cols);
    if (this.writer.hotRows >= this.options.compactRows) this.compaction.request(true);
    return result;
  }

  query(
    series: readonly string[],
    from: number,
    to: number,
    maxPoints: number,
    tier: Tier | 'auto' = 'auto',
  ): Promise<SeriesPoints[]> {
    return this.read((db) => this.queries.query(db, series, from, to, maxPoints, tier));
  }

  stats(series: string, from: number, to: number): Promise<SeriesStats> {
    return this.read((db) => this.queries.stats(db, series, from, to));
  }

  /** Rollup partials (sum, count) per series and bucket in [from, to], as columns (analytics). */
  bucketPartials(series: readonly string[], from: number, to: number, tier: '1h' | '1d') {
    return this.read((db) => this.queries.bucketPartials(db, series, from, to, tier));
  }

  /** The newest reading of every series that reported in the last day (to fill tiles at start-up). */
  latest(now: number): Promise<Reading[]> {
    return this.read((db) => this.queries.latest(db, now));
  }

  /** Raw readings of some series in [from, to], oldest first, good and uncertain only, at most `limit` (the newest, if asked). */
  rawReadings(series: readonly string[], from: number, to: number, limit: number, newest = false) {
    return this.read((db) => this.queries.rawReadings(db, series, from, to, limit, newest));
  }

  /** Stored readings per series key. */
  countBySeries(): Promise<Map<string, number>> {
    return this.read((db) => this.queries.countBySeries(db));
  }

  totalReadings(): Promise<number> {
    return this.read((db) => this.queries.totalReadings(db));
  }

  /** DuckDB's own view of its budget: memory_limit as it prints it, threads, spill folder. */
  duckDbSettings(): ReturnType<typeof duckDbSettings> {
    return duckDbSettings(this.reader());
  }

  /** What DuckDB holds in memory now, by its own account. */
  memoryUsage(): ReturnType<typeof duckDbMemory> {
    return duckDbMemory(this.reader());
  }

  /** The file's blocks (size, total, free) by DuckDB's account. */
  fileBlocks(): Promise<FileBlocks> {
    return fileBlocks(this.reader());
  }

  sizeBytes(): number {
    return databaseBytes(this.file);
  }

  /**
   * Gives cached table blocks beyond a small cache and the allocator's free pages back
   * (duckdb-memory.ts), between compactions, exports and backups; skipped during a lake import.
   */
  trimCache(): Promise<void> {
    return this.maintenance.run(() =>
      this.exports.run(async () => {
        if (this.importing) return;
        await trimMemory(this.maintDb, {
          memoryLimitMb: this.budget.memoryLimitMb,
          keepCacheMb: keptCacheMb(this.budget.memoryLimitMb),
        });
      }),
    );
  }

  /** What is read after pending readings are committed: queries see every acknowledged reading. */
  private async afterCommit<T>(task: () => Promise<T>): Promise<T> {
    await this.commitPending();
    return task();
  }

  private read<T>(query: (db: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.afterCommit(() => query(this.reader()));
  }

  /** Moves the hot rows into the compacted store now (tests, shutdown of a bulk load), pending ones committed first. */
  async compactNow(): Promise<number> {
    await this.commitPending();
    return this.maintenance.run(async () => {
      const { hot } = this.writer;
      hot.compactionStarts();
      let moved = -1;
      try {
        moved = await compactHot(this.maintDb, this.labels.compactionKeep(this.catalog));
      } finally {
        hot.compactionEnds(moved >= 0);
      }
      this.writer.hotRows = Math.max(0, this.writer.hotRows - moved);
      this.compaction?.done();
      return moved;
    });
  }

  runRetention(now = this.options.clock()): Promise<RetentionResult> {
    return this.maintenance.run(async () => {
      const result = await applyRetention(this.maintDb, this.options.retention, now);
      // Anomalies go with the raw readings they point at.
      const rawCutoff = result.cutoffs.raw;
      if (typeof rawCutoff === 'number')
        result.deleted.anomalies = await deleteAnomaliesBefore(this.maintDb, rawCutoff);
      const removed = Object.values(result.deleted).reduce((a, b) => a + b, 0);
      if (removed > 0) this.options.log(`retention removed ${JSON.stringify(result.deleted)} rows`);
      return result;
    });
  }

  /**
   * Rewrites the complete days live compaction wrote in small batches, one run per series
   * (cold-rewrite.ts); after retention, on the same schedule and queue.
   */
  rewriteColdDays(now = this.options.clock()): Promise<ColdDay[]> {
    return this.maintenance.run(async () => {
      const t = performance.now();
      const days = await rewriteColdDays(this.maintDb, now);
      if (days.length > 0) {
        const rows = days.reduce((a, d) => a + d.rows, 0);
        const names = days.map((d) => new Date(d.day).toISOString().slice(0, 10)).join(', ');
        this.options.log(
          `history: ${rows} readings of ${names} rewritten in one run per series (${Math.round(performance.now() - t)} ms)`,
        );
      }
      return days;
    });
  }

  exportSelection(
    params: { series: readonly string[]; from: number; to: number; tier: Tier; format: 'csv' | 'parquet' },
    file: string,
    progress: Progress,
    signal?: AbortSignal,
  ): Promise<number> {
    const seriesIds = params.series.map((s) => this.catalog.id(s)).filter((id): id is number => id !== undefined);
    if (seriesIds.length === 0) seriesIds.push(-1); // an empty, well-formed file
    return this.afterCommit(() =>
      this.exports.run(async () => {
        await this.labels.loadExportOverlay(this.exportDb, this.catalog, seriesIds, params.from, params.to);
        return exportSelection(this.exportDb, { ...params, seriesIds }, file, progress, signal);
      }),
    );
  }

  exportLake(dir: string, from: number, to: number, progress: Progress, signal?: AbortSignal): Promise<number> {
    return this.afterCommit(() => this.exports.run(() => exportLake(this.exportDb, dir, from, to, progress, signal)));
  }

  /** A consistent copy of history while ingest goes on (one snapshot); a cancelled copy is removed. */
  backupTo(file: string, signal?: AbortSignal): Promise<void> {
    return this.afterCommit(() => this.exports.run(() => backupDatabase(this.exportDb, file, signal)));
  }

  /**
   * Loads a lake written by exportLake (or any Parquet in that layout), a group of device folders
   * at a time, each device's dates together (lake-import.ts). Rows whose (series, ts) is already
   * stored are skipped and counted.
   */
  importLake(dir: string, progress: Progress, signal?: AbortSignal): Promise<{ imported: number; duplicates: number }> {
    const partitions = lakePartitions(dir);
    return this.write('a lake import', async () => {
      // Its check for rows already stored reads DuckDB: pending live readings are committed first.
      await this.journaled.commit(this.writer);
      this.importing = true;
      try {
        return await importLakePartitions(this.writerDb, this.catalog, dir, partitions, {
          progress,
          signal,
          // Straight into the compacted store, one at a time with compaction and retention.
          store: (db, table, form) =>
            this.maintenance.run(() =>
              moveIntoStore(db, table, this.labels.compactionKeep(this.catalog), { clear: false, form }),
            ),
          onUnit: (part) => {
            for (const [sid, ts] of part.newest) this.writer.lastTs.raise(sid, ts);
          },
          unitRows: this.options.importGroupRows,
        });
      } finally {
        this.importing = false;
        // What the last partitions left in readings_hot is compacted now, not at the next timer.
        if (this.writer.hotRows > 0) this.compaction.request(true);
      }
    });
  }
}
