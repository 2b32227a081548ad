// The ingest journal (`history.journal`): what makes a batch of readings durable between two
// DuckDB commits. Each batch the pipeline hands to history is appended here as one frame and
// synced before it is acknowledged; the readings go into DuckDB's appender and are committed
// there at most every `history.commitEveryMs` (journaled-commits.ts), after which the journal is
// emptied. After a crash, the frames still in the journal are replayed into history
// at start; the writer's deduplication on (series, ts) drops whatever DuckDB had already
// committed.
//
// Decision (issue 20): a DuckDB commit costs ~1.4 ms of CPU whatever its size (appender flush
// into fresh transaction-local storage, WAL serialization and sync, the Node API's round trips),
// and the live path committed every 10 ms: at 20,000 readings/s a third of the engine's CPU. A
// frame here costs ~0.15 ms (one synced write on libuv's threads), so readings stay
// as durable, as soon, while DuckDB commits a hundred times less often.
//
// Layout, little-endian: a header — "WFJ1", format version, the length of the history file's
// journal id and that id (meta 'journal_id', so a journal is never replayed into another history
// file, e.g. one restored from a backup) — then frames. A frame is a 16-byte head — "WFJF", the
// reading count n, the CRC-32 of the body, 0 — and a body of n timestamps and n values (float64),
// n series ids (int32) and n quality codes (uint8), padded to 8 bytes. A frame cut short by a
// crash (never acknowledged) or not matching its CRC (damaged: neither it nor what follows can
// be trusted) ends the journal.
import { constants, existsSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { allocColumns, type ReadingColumns } from './reading-columns';

const FILE_MAGIC = 0x314a4657; // "WFJ1"
const FRAME_MAGIC = 0x464a4657; // "WFJF"
const VERSION = 1;
const FRAME_HEAD = 16;

const pad8 = (n: number) => (n + 7) & ~7;

/**
 * Where the system has it (Linux, macOS), the journal is opened for synchronous data writes: a
 * frame is durable when its one write returns, 25–33 % less CPU than a write then an fdatasync
 * (two trips through libuv's threads). Elsewhere (Windows) each write is followed by a datasync.
 */
const DSYNC = (constants as { O_DSYNC?: number }).O_DSYNC;

function header(journalId: string): Buffer {
  const id = Buffer.from(journalId, 'utf8');
  const out = Buffer.alloc(pad8(12 + id.length));
  out.writeUInt32LE(FILE_MAGIC, 0);
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(id.length, 8);
  id.copy(out, 12);
  return out;
}

/** One batch as a frame. */
export function encodeFrame(cols: ReadingColumns): Buffer {
  const n = cols.length;
  const body = pad8(n * 21);
  const out = Buffer.alloc(FRAME_HEAD + body);
  const bytes = (a: Float64Array | Int32Array | Uint8Array) =>
    new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);
  let at = FRAME_HEAD;
  for (const column of [cols.ts, cols.value, cols.series, cols.quality]) {
    out.set(bytes(column), at);
    at += n * column.BYTES_PER_ELEMENT;
  }
  out.writeUInt32LE(FRAME_MAGIC, 0);
  out.writeUInt32LE(n, 4);
  out.writeUInt32LE(crc32(out.subarray(FRAME_HEAD)), 8);
  return out;
}

export interface JournalContents {
  /** The journal id in the header; null when there is no readable header. */
  journalId: string | null;
  /** Complete frames, in order. */
  batches: ReadingColumns[];
  /** Bytes after the last complete frame (a write cut short by a crash, or damage). */
  discardedBytes: number;
}

/** Reads a journal's frames, stopping at the first one that is cut short or damaged. */
export function decodeJournal(data: Buffer): JournalContents {
  if (data.length < 12 || data.readUInt32LE(0) !== FILE_MAGIC || data.readUInt32LE(4) !== VERSION) {
    return { journalId: null, batches: [], discardedBytes: data.length };
  }
  const idLength = data.readUInt32LE(8);
  let at = pad8(12 + idLength);
  if (at > data.length) return { journalId: null, batches: [], discardedBytes: data.length };
  const journalId = data.toString('utf8', 12, 12 + idLength);
  const batches: ReadingColumns[] = [];
  while (at + FRAME_HEAD <= data.length && data.readUInt32LE(at) === FRAME_MAGIC) {
    const n = data.readUInt32LE(at + 4);
    const end = at + FRAME_HEAD + pad8(n * 21);
    if (end > data.length || crc32(data.subarray(at + FRAME_HEAD, end)) !== data.readUInt32LE(at + 8)) break;
    const cols = allocColumns(n);
    let from = at + FRAME_HEAD;
    for (const column of [cols.ts, cols.value, cols.series, cols.quality]) {
      const length = n * column.BYTES_PER_ELEMENT;
      new Uint8Array(column.buffer).set(data.subarray(from, from + length));
      from += length;
    }
    cols.length = n;
    batches.push(cols);
    at = end;
  }
  return { journalId, batches, discardedBytes: data.length - at };
}

/** Reads the journal at `file`; empty when there is none. */
export function readJournal(file: string): JournalContents {
  if (!existsSync(file)) return { journalId: null, batches: [], discardedBytes: 0 };
  return decodeJournal(readFileSync(file));
}

export class IngestJournal {
  /** Bytes of frames written since the journal was last emptied. */
  private framesBytes = 0;
  private readonly head: Buffer;

  private constructor(
    private readonly handle: FileHandle,
    journalId: string,
    /** Whether each write returns only once durable (O_DSYNC). */
    private readonly syncWrites: boolean,
  ) {
    this.head = header(journalId);
  }

  /** Opens `file` for writing, emptied: read what it held first (readJournal). */
  static async open(file: string, journalId: string): Promise<IngestJournal> {
    const fresh = constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC;
    const handle = await open(file, DSYNC === undefined ? fresh : fresh | DSYNC);
    const journal = new IngestJournal(handle, journalId, DSYNC !== undefined);
    // Synced with its header before it is used: a new journal is never read as damaged.
    await journal.sync(journal.head, 0);
    return journal;
  }

  /** Writes `data` at `position`, durable when this resolves. */
  private async sync(data: Buffer, position: number): Promise<void> {
    await this.handle.write(data, 0, data.length, position);
    if (!this.syncWrites) await this.handle.datasync();
  }

  /** Appends a batch and syncs it to disk: it survives a crash once this resolves. */
  async write(cols: ReadingColumns): Promise<void> {
    const frame = encodeFrame(cols);
    await this.sync(frame, this.head.length + this.framesBytes);
    this.framesBytes += frame.length;
  }

  /**
   * Forgets every frame: call once DuckDB has committed all the readings written so far. Not
   * synced: frames that come back after a crash are replayed as duplicates and dropped.
   */
  async clear(): Promise<void> {
    if (this.framesBytes === 0) return;
    this.framesBytes = 0;
    await this.handle.truncate(this.head.length);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
