// The single writer of raw readings. Appends batches to `readings_hot` through the DuckDB
// appender's DataChunk path and deduplicates on (series, ts): a reading newer than the
// series' last stored one is new by construction (the fast path, all live data); anything
// older is checked against what is stored before it is written.
import {
  BIGINT,
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  UTINYINT,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { CommitMode } from './commit-mode';
import { pickRows, type ReadingColumns } from './reading-columns';
import { HotSpan, type LastTimestamps } from './stored-marks';

const VECTOR = 2048;

export interface AppendResult {
  stored: number;
  duplicates: number;
}

export class ReadingWriter {
  private appender!: DuckDBAppender;
  private readonly chunk = DuckDBDataChunk.create([INTEGER, BIGINT, DOUBLE, UTINYINT], VECTOR);
  /** The timestamp column as int64, in 32-bit halves. */
  private readonly tsWords = new Int32Array(VECTOR * 2);

  /** Rows appended to readings_hot since the last compaction (committed or pending). */
  hotRows = 0;
  /** New rows appended with `defer`, in the appender and not yet committed (the journal holds them). */
  pendingRows = 0;
  storedTotal = 0;
  duplicatesTotal = 0;
  /** The oldest timestamp that may be in readings_hot. */
  readonly hot = new HotSpan();
  /** Whether a batch is committed on this thread or DuckDB's. */
  readonly commits: CommitMode;

  /** `walRoom`: bytes the WAL may still grow before DuckDB checkpoints (commit-mode.ts). */
  constructor(
    private readonly db: DuckDBConnection,
    readonly lastTs: LastTimestamps,
    walRoom?: () => number,
    log?: (message: string) => void,
  ) {
    this.commits = new CommitMode(walRoom, log);
  }

  async open(): Promise<void> {
    this.appender = await this.db.createAppender('readings_hot');
    await this.db.run('CREATE TEMP TABLE IF NOT EXISTS late_probe (series_id INTEGER, ts BIGINT)');
  }

  /** Closes the appender; its last flush commits what was pending. */
  close(): void {
    this.appender.closeSync();
    this.pendingRows = 0;
  }

  /**
   * Writes the batch and reports how many rows were new. With `defer` (the ingest journal holds
   * the batch), new readings stay in the appender until commitPending(); otherwise they are
   * committed now, with any still pending (commitPending()). A batch with late rows (not newer
   * than their series' last) is committed at once in one transaction, pending rows included,
   * once the late rows are checked against what is stored.
   */
  async append(cols: ReadingColumns, { defer = false }: { defer?: boolean } = {}): Promise<AppendResult> {
    const fresh: number[] = [];
    const late: number[] = [];
    const { lastTs } = this;
    let oldest = Infinity;
    for (let i = 0; i < cols.length; i++) {
      const sid = cols.series[i]!;
      const t = cols.ts[i]!;
      if (t < oldest) oldest = t;
      if (t > lastTs.get(sid)) {
        fresh.push(i);
        lastTs.set(sid, t);
      } else {
        late.push(i);
      }
    }
    this.hot.writing(oldest);
    if (late.length === 0) {
      this.write(cols);
      this.pendingRows += cols.length;
      if (!defer) await this.commitPending();
      this.hotRows += cols.length;
      this.storedTotal += cols.length;
      return { stored: cols.length, duplicates: 0 };
    }
    let stored = fresh.length;
    try {
      await this.db.run('BEGIN TRANSACTION');
      try {
        if (fresh.length > 0) this.write(pickRows(cols, fresh));
        this.appender.flushSync();
        const keep = await this.notYetStored(cols, late);
        if (keep.length > 0) {
          this.write(pickRows(cols, keep));
          this.appender.flushSync();
        }
        stored += keep.length;
        await this.db.run('COMMIT');
        this.pendingRows = 0;
      } catch (err) {
        await this.db.run('ROLLBACK').catch(() => {});
        throw err;
      }
    } finally {
      this.hot.written();
    }
    this.hotRows += stored;
    this.storedTotal += stored;
    this.duplicatesTotal += cols.length - stored;
    return { stored, duplicates: cols.length - stored };
  }

  /**
   * Commits the pending rows; false when there were none. A small batch is committed by the
   * appender's own flush, on this thread, while that is quick; else in an explicit transaction
   * whose COMMIT runs asynchronously, its WAL write and sync on DuckDB's threads (commit-mode.ts).
   */
  async commitPending(): Promise<boolean> {
    if (this.pendingRows === 0) return false;
    try {
      if (this.commits.sync(this.pendingRows)) {
        const started = performance.now();
        this.appender.flushSync();
        this.commits.took(performance.now() - started);
      } else {
        await this.db.run('BEGIN TRANSACTION');
        try {
          this.appender.flushSync();
          await this.db.run('COMMIT');
        } catch (err) {
          await this.db.run('ROLLBACK').catch(() => {});
          throw err;
        }
      }
    } finally {
      // Committed, or lost from the appender: either way the journal is what still holds them.
      this.pendingRows = 0;
      this.hot.written();
    }
    return true;
  }

  /** Of the late rows, those whose (series, ts) is neither stored nor repeated in the batch. */
  private async notYetStored(cols: ReadingColumns, late: readonly number[]): Promise<number[]> {
    const unique: number[] = [];
    const seen = new Set<string>();
    for (const i of late) {
      const key = `${cols.series[i]}:${cols.ts[i]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      unique.push(i);
    }
    const probe = await this.db.createAppender('late_probe');
    for (const i of unique) {
      probe.appendInteger(cols.series[i]!);
      probe.appendBigInt(BigInt(cols.ts[i]!));
      probe.endRow();
    }
    probe.closeSync();
    const stored = (
      await this.db.runAndReadAll(`
        SELECT p.series_id, CAST(p.ts AS DOUBLE) FROM late_probe p
        WHERE EXISTS (SELECT 1 FROM readings r WHERE r.series_id = p.series_id AND r.ts = p.ts)
           OR EXISTS (SELECT 1 FROM readings_hot h WHERE h.series_id = p.series_id AND h.ts = p.ts)`)
    ).getRowsJS() as [number, number][];
    await this.db.run('DELETE FROM late_probe');
    const already = new Set(stored.map(([s, t]) => `${s}:${t}`));
    return unique.filter((i) => !already.has(`${cols.series[i]}:${cols.ts[i]}`));
  }

  /**
   * Copies the typed columns straight into the chunk's vectors (no value objects, no BigInt
   * per timestamp: the int64 column is written as 32-bit halves) and appends the chunk.
   */
  private write(cols: ReadingColumns): void {
    const raw = this.chunk.chunk;
    const vectors = [0, 1, 2, 3].map((c) => duckdb.data_chunk_get_vector(raw, c));
    const [series, ts, value, quality] = vectors as [duckdb.Vector, duckdb.Vector, duckdb.Vector, duckdb.Vector];
    const words = this.tsWords;
    for (let start = 0; start < cols.length; start += VECTOR) {
      const n = Math.min(VECTOR, cols.length - start);
      duckdb.data_chunk_set_size(raw, n);
      copyColumn(series, cols.series, start, n);
      copyColumn(value, cols.value, start, n);
      copyColumn(quality, cols.quality, start, n);
      int64Words(words, cols.ts, start, n);
      duckdb.copy_data_to_vector(ts, 0, words.buffer, words.byteOffset, n * 8);
      this.appender.appendDataChunk(this.chunk);
    }
  }
}

function copyColumn(target: duckdb.Vector, source: Int32Array | Float64Array | Uint8Array, from: number, n: number) {
  const size = source.BYTES_PER_ELEMENT;
  duckdb.copy_data_to_vector(target, 0, source.buffer as ArrayBuffer, source.byteOffset + from * size, n * size);
}

const TWO_32 = 4294967296;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Writes whole numbers (|x| < 2^53) into `words` as int64 in the machine's byte order,
 * without a BigInt for each.
 */
export function int64Words(words: Int32Array, source: Float64Array, from: number, n: number): void {
  const lo = LITTLE_ENDIAN ? 0 : 1;
  const hi = 1 - lo;
  for (let j = 0; j < n; j++) {
    const x = source[from + j]!;
    const high = Math.floor(x / TWO_32);
    words[2 * j + lo] = (x - high * TWO_32) | 0;
    words[2 * j + hi] = high;
  }
}
