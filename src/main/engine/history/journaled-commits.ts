// When the readings of the live path are committed to DuckDB: each batch is made durable in the
// ingest journal (ingest-journal.ts) and left in the writer's appender; DuckDB commits them all
// once `history.commitEveryMs` has passed since the first of them, or PENDING_ROWS_MAX wait, or
// something reads history (the store's read barrier: what was acknowledged is what queries see),
// and the journal is emptied then. At start, what a crash left in the journal is replayed.
// `commitEveryMs` 0 commits every batch in DuckDB, as before the journal, and keeps no journal.
import { existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { IngestJournal, readJournal } from './ingest-journal';
import type { ReadingColumns } from './reading-columns';
import type { AppendResult, ReadingWriter } from './reading-writer';

/** Readings a DuckDB commit waits for at most (~2 MB in the appender). */
export const PENDING_ROWS_MAX = 100_000;

/** The history file's journal id (meta 'journal_id'), created with the first journal. */
async function journalId(db: DuckDBConnection): Promise<string> {
  const rows = (await db.runAndReadAll("SELECT value FROM meta WHERE key = 'journal_id'")).getRowsJS() as [string][];
  if (rows[0]) return rows[0][0];
  const id = randomUUID();
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('journal_id', '${id}')`);
  return id;
}

export class JournaledCommits {
  private journal: IngestJournal | undefined;
  /** performance.now() when the oldest uncommitted batch was appended. */
  private pendingSince = Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A DuckDB commit of journaled readings failed: the journal is kept for the next start to replay. */
  private keep = false;

  constructor(
    private readonly file: string,
    private readonly everyMs: number,
    private readonly log: (message: string) => void,
    /** Called when pending readings are due and no batch came to commit them. */
    private readonly due: () => void,
  ) {}

  /**
   * Replays what the journal holds into `writer` (committed, deduplicated: rows DuckDB had
   * committed before the crash are dropped as duplicates), then starts it afresh.
   */
  async open(writer: ReadingWriter, db: DuckDBConnection, knownSeries: (id: number) => boolean): Promise<void> {
    await this.close();
    this.keep = false;
    this.pendingSince = Infinity;
    const id = await journalId(db);
    const left = readJournal(this.file);
    const readings = left.batches.reduce((n, b) => n + b.length, 0);
    if (left.journalId !== null && left.journalId !== id && readings > 0) {
      this.log(
        `history: ${this.file} belongs to another history file (restored from a backup?): its ${readings} readings are not replayed`,
      );
    } else if (readings > 0) {
      let stored = 0;
      let skipped = 0;
      for (const batch of left.batches) {
        if (!batch.series.every((sid) => knownSeries(sid))) {
          skipped += batch.length;
          continue;
        }
        stored += (await writer.append(batch)).stored;
      }
      this.log(
        `history: replayed ${readings} readings from ${this.file} after an unclean stop; ${stored} had not been committed` +
          (skipped > 0 ? `, ${skipped} of unknown series were dropped` : ''),
      );
    }
    if (left.discardedBytes > 0 && left.journalId !== null) {
      this.log(
        `history: the last ${left.discardedBytes} bytes of ${this.file} were cut short or damaged and are not replayed`,
      );
    }
    if (this.everyMs > 0) this.journal = await IngestJournal.open(this.file, id);
    else if (existsSync(this.file)) rmSync(this.file);
  }

  /**
   * In the appender, then durable in the journal; committed in DuckDB when due. A commit that is
   * due runs first, before this batch is touched: if it fails, the batch is refused whole — not
   * journaled, not appended, so not stored until its source sends it again — while the readings
   * acknowledged before it stay in the journal for the next start.
   */
  async append(writer: ReadingWriter, cols: ReadingColumns): Promise<AppendResult> {
    const journal = this.journal;
    if (!journal) return writer.append(cols);
    if (
      writer.pendingRows > 0 &&
      (writer.pendingRows + cols.length > PENDING_ROWS_MAX || performance.now() - this.pendingSince >= this.everyMs)
    ) {
      await this.commit(writer);
    }
    let result: AppendResult;
    try {
      result = await writer.append(cols, { defer: true });
    } catch (err) {
      // Pending readings may have gone with the failed write: only the journal has them now.
      this.keep = true;
      throw err;
    }
    if (writer.pendingRows === 0) {
      // Late readings: the batch was committed at once, with everything pending. Nothing waits.
      this.stopTimer();
      this.pendingSince = Infinity;
      await this.clear();
      return result;
    }
    await journal.write(cols);
    if (this.pendingSince === Infinity) this.pendingSince = performance.now();
    if (!this.timer) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.due();
        },
        Math.max(0, this.pendingSince + this.everyMs - performance.now()),
      );
      this.timer.unref?.();
    }
    return result;
  }

  /** Commits every pending reading in DuckDB and empties the journal. Through the write queue only. */
  async commit(writer: ReadingWriter): Promise<void> {
    this.stopTimer();
    this.pendingSince = Infinity;
    try {
      await writer.commitPending();
    } catch (err) {
      this.keep = true;
      throw err;
    }
    await this.clear();
  }

  /** After the writer's appender was closed (its last flush commits what was pending): empties the journal. */
  async closeCommitted(): Promise<void> {
    this.stopTimer();
    await this.clear();
    await this.close();
  }

  /** Closes the journal as it is (after a fault: the next open replays it). */
  async close(): Promise<void> {
    this.stopTimer();
    const journal = this.journal;
    this.journal = undefined;
    await journal?.close().catch(() => {});
  }

  private async clear(): Promise<void> {
    if (!this.keep) await this.journal?.clear();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
