// The lifecycle of history.duckdb under HistoryStore (history-store.ts): its connections, the
// single writer and the three queues (writes, maintenance, exports), opening, reopening after a
// storage fault (history-availability.ts), the ingest journal's commits (journaled-commits.ts),
// the background timers and stopping. HistoryStore adds
// what the engine asks of history: appends, queries, maintenance and transfers.
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineError } from '../../../shared/errors';
import { CompactionSchedule } from './compaction-schedule';
import { type ColdDay } from './cold-rewrite';
import { HistoryAvailability, type HistoryCondition } from './history-availability';
import { closeConnections, openFailure, SerialQueue, type HistoryConnections } from './history-connections';
import { openHistoryFile } from './history-file';
import { walRoom } from './commit-mode';
import { duckDbOptions, resolveDuckDbBudget, type DuckDbBudget } from './duckdb-budget';
import { DEFAULT_HISTORY_OPTIONS, type HistoryOptions } from './history-options';
import { HistoryQueries } from './history-query';
import { HistoryLabels } from './history-labels';
import { JournaledCommits } from './journaled-commits';
import { ReadingWriter } from './reading-writer';
import { tierRetention, type RetentionResult } from './retention';
import { SeriesCatalog } from './series-catalog';
import type { TierRetention } from './tier-choice';

export abstract class HistoryCore {
  /** Replaced as a whole when the store reopens after a storage fault. */
  private db: HistoryConnections | undefined;
  private nextReader = 0;
  protected writer!: ReadingWriter;
  /** Replaced with the connections when the store reopens: it must match the database. */
  protected catalog = new SeriesCatalog();
  protected queries: HistoryQueries;
  /** Bad-data labels and corrected values (history-labels.ts): none until `labels.use(…)`. */
  readonly labels = new HistoryLabels({
    run: (task) => this.maintenance.run(() => task(this.maintDb, this.catalog, this.tierRetention().raw)),
    log: (m) => this.options.log(m),
  });
  private readonly writes = new SerialQueue();
  protected readonly maintenance = new SerialQueue();
  protected readonly exports = new SerialQueue();
  private timers: ReturnType<typeof setInterval>[] = [];
  protected importing = false;
  protected compaction!: CompactionSchedule;
  protected readonly options: HistoryOptions;
  private readonly availability: HistoryAvailability;
  /** The ingest journal and when pending readings are committed to DuckDB. */
  protected readonly journaled: JournaledCommits;
  /** DuckDB's memory ceiling and threads, resolved for this machine. */
  readonly budget: DuckDbBudget;

  constructor(
    private readonly dataDir: string,
    options: Partial<HistoryOptions> & Pick<HistoryOptions, 'clock' | 'log'>,
  ) {
    this.options = { ...DEFAULT_HISTORY_OPTIONS, ...options };
    this.budget = resolveDuckDbBudget(this.options);
    this.queries = this.makeQueries();
    this.availability = new HistoryAvailability({
      dir: dataDir,
      ...this.options.recovery,
      clock: this.options.clock,
      log: this.options.log,
      recover: () => this.reopen(),
    });
    this.journaled = new JournaledCommits(
      join(dataDir, 'history.journal'),
      this.options.commitEveryMs,
      this.options.log,
      () => void this.commitPending(),
    );
  }

  /**
   * Commits the readings waiting in the appender (the journal holds them) and empties the
   * journal: what has been acknowledged is then what DuckDB's readers see. Never rejects: a
   * failed commit is logged (and a storage fault handled as any write's), the journal keeps the
   * readings, and the read that asked goes on with what DuckDB has.
   */
  protected async commitPending(): Promise<void> {
    if (!this.writable || !(this.writer?.pendingRows > 0)) return;
    await this.write('a commit of readings', () => this.journaled.commit(this.writer)).catch((err: unknown) =>
      this.options.log(`history: a commit of journaled readings failed: ${(err as Error).message}`),
    );
  }

  get file(): string {
    return join(this.dataDir, 'history.duckdb');
  }

  protected get writerDb(): DuckDBConnection {
    return this.db!.writer;
  }

  protected get maintDb(): DuckDBConnection {
    return this.db!.maintenance;
  }

  protected get exportDb(): DuckDBConnection {
    return this.db!.exports;
  }

  async start(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    try {
      await this.open();
    } catch (err) {
      this.closeQuietly();
      throw openFailure(this.file, this.dataDir, err);
    }
    this.compaction = new CompactionSchedule({
      compact: () => this.compactNow(),
      hotRows: () => this.writer.hotRows,
      ready: () => this.writer !== undefined && this.writable,
      clock: this.options.clock,
      intervalMs: this.options.compactIntervalMs,
      onError: (e) => this.fail('compaction', e),
    });
    this.timers.push(
      setInterval(() => this.compaction.request(), Math.min(this.options.compactIntervalMs, 10_000)),
      setInterval(() => {
        if (!this.writable) return;
        void this.runRetention()
          .catch((e: unknown) => this.fail('retention', e))
          .then(() => {
            if (this.writable) return this.rewriteColdDays().catch((e: unknown) => this.fail('cold rewrite', e));
          });
      }, this.options.retentionIntervalMs),
      setInterval(() => {
        if (this.writable) void this.trimCache().catch((e: unknown) => this.fail('cache trim', e));
      }, this.options.cacheTrimIntervalMs),
    );
    for (const t of this.timers) t.unref?.();
  }

  /** Opens the database, its connections, the series catalog and the writer. */
  private async open(): Promise<void> {
    this.options.log(`history: DuckDB may use ${this.budget.memoryLimitMb} MiB and ${this.budget.threads} thread(s)`);
    this.db = await openHistoryFile(this.file, duckDbOptions(this.budget, this.dataDir), this.options.log);
    this.catalog = new SeriesCatalog();
    this.queries = this.makeQueries();
    const lastTs = await this.catalog.load(this.writerDb);
    const hot = (
      await this.writerDb.runAndReadAll(
        'SELECT series_id, max(ts)::DOUBLE, count(*)::DOUBLE, min(ts)::DOUBLE FROM readings_hot GROUP BY 1',
      )
    ).getRowsJS() as [number, number, number, number][];
    let hotRows = 0;
    let hotOldest = Infinity;
    for (const [sid, ts, n, oldest] of hot) {
      lastTs.raise(sid, ts);
      hotRows += n;
      hotOldest = Math.min(hotOldest, oldest);
    }
    const previous = this.writer as ReadingWriter | undefined;
    const wal = `${this.file}.wal`;
    this.writer = new ReadingWriter(this.writerDb, lastTs, () => walRoom(wal), this.options.log);
    await this.writer.open();
    this.writer.hotRows = hotRows;
    this.writer.hot.reset(hotOldest);
    await this.journaled.open(this.writer, this.writerDb, (id) => this.catalog.key(id) !== undefined);
    // The counts are of this engine run, across reopenings (not of a journal's replay).
    this.writer.storedTotal = previous?.storedTotal ?? 0;
    this.writer.duplicatesTotal = previous?.duplicatesTotal ?? 0;
  }

  /**
   * After a storage fault: drops the connections (an invalidated database answers nothing
   * else), opens the file again — DuckDB replays its WAL, so every committed batch is there —
   * and proves with a checkpoint that it can write. Queued writes wait; new ones are refused
   * until this succeeds.
   */
  private reopen(): Promise<void> {
    return this.writes.run(async () => {
      await this.maintenance.idle();
      await this.exports.idle();
      this.closeQuietly();
      await this.open();
      await this.writerDb.run('CHECKPOINT');
    });
  }

  /** Closes whatever is open, ignoring the errors of a database that failed. */
  private closeQuietly(): void {
    try {
      this.writer?.close();
    } catch {
      // already closed, or the database is invalid
    }
    void this.journaled.close(); // as it is: the next open replays what it holds
    if (this.db) closeConnections(this.db);
    this.db = undefined;
  }

  async stop(): Promise<void> {
    this.availability.stop();
    if (!this.db) return;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.writes.idle();
    await this.maintenance.idle();
    await this.exports.idle();
    if (this.writable) {
      try {
        this.writer.close(); // the appender's last flush commits what was pending
        await this.journaled.closeCommitted();
        await this.writerDb.run('CHECKPOINT');
      } catch (err) {
        // The WAL keeps what was committed, the journal the rest; the next start replays both.
        this.fail('checkpoint at shutdown', err);
      }
    }
    this.closeQuietly();
  }

  /** Whether writes are taken now; false after a storage fault until the store has reopened. */
  get writable(): boolean {
    return this.availability.writable;
  }

  condition(): HistoryCondition {
    return this.availability.condition();
  }

  /**
   * A write elsewhere in the data directory (state.db) failed: a storage fault there stops
   * ingest the same way, until the disk has room again.
   */
  noteStorageFault(what: string, err: unknown): void {
    this.availability.failed(what, err);
  }

  /** The error a write gets while history is not writable. */
  refusal(): EngineError {
    return this.availability.refusal();
  }

  /** Resolves once history takes writes again (at once when it does). */
  whenWritable(): Promise<void> {
    return this.availability.whenWritable();
  }

  /** Readings written since start (duplicates not counted). */
  get stored(): number {
    return this.writer?.storedTotal ?? 0;
  }

  get duplicates(): number {
    return this.writer?.duplicatesTotal ?? 0;
  }

  get hotRows(): number {
    return this.writer?.hotRows ?? 0;
  }

  get seriesCount(): number {
    return this.catalog.size;
  }

  /** The signals history holds readings of, for one device (empty when none). */
  signalsOf(deviceId: string): string[] {
    return this.catalog.signalsOf(deviceId);
  }

  /** A write through the single writer: refused at once while history is not writable. */
  protected write<T>(what: string, task: () => Promise<T>): Promise<T> {
    if (!this.writable) return Promise.reject(this.availability.refusal());
    return this.writes.run(task).catch((err: unknown) => {
      this.availability.failed(what, err);
      throw err;
    });
  }

  private makeQueries(): HistoryQueries {
    return new HistoryQueries(
      this.catalog,
      () => this.tierRetention(),
      this.labels.keepFor(this.catalog),
      () => this.writer?.hot.oldest ?? -Infinity,
    );
  }

  /** What each tier still holds, for choosing the tier of a query. */
  tierRetention(): TierRetention {
    return tierRetention(this.options.retention, this.options.clock());
  }

  protected reader(): DuckDBConnection {
    const { readers } = this.db!;
    const c = readers[this.nextReader % readers.length]!;
    this.nextReader++;
    return c;
  }

  private fail(what: string, err: unknown): void {
    this.options.log(`history ${what} failed: ${(err as Error).message}`);
    this.availability.failed(what, err);
  }

  /** Moves the hot rows into the compacted store now. */
  abstract compactNow(): Promise<number>;
  abstract runRetention(now?: number): Promise<RetentionResult>;
  abstract rewriteColdDays(now?: number): Promise<ColdDay[]>;
  abstract trimCache(): Promise<void>;
}
