// The replay window of one resumable stream: every event the stream emits, numbered in order and
// kept with its time for `server.replayMinutes` (and at most `maxEntries` of them), and the
// readers that follow it. A reader has a cursor — the number of the last event it was given or
// passed over — and every event, replayed or live, reaches it by one path (`pump`), which moves
// the cursor one event at a time: an event that arrives while a reader is catching up is appended
// behind the ones it has still to get, so the seam between replay and live has neither a gap nor
// a repeat, and a listener that causes an event while it is being given one gets it next. A long
// catch-up is cut into slices with the event loop free between them.
import type { ReplaySink, StreamPosition } from '../../../shared/rpc/stream-replay';

export interface ReplayLogOptions {
  /** The engine start this log belongs to: a place of another epoch cannot be resumed. */
  epoch: string;
  windowMs: number;
  /** A hard cap on what is held, whatever the window (a flood must not take the memory). */
  maxEntries: number;
  clock: () => number;
  /** Events given to one reader before the event loop gets a turn. */
  sliceSize?: number;
}

interface Entry {
  seq: number;
  at: number;
  event: unknown;
}

interface Reader {
  cursor: number;
  matches: (event: unknown) => boolean;
  sink: ReplaySink;
  pumping: boolean;
  /** A slice is scheduled: live events wait for it rather than jump ahead. */
  scheduled: boolean;
  closed: boolean;
}

export class ReplayLog {
  private readonly entries: Entry[] = [];
  /** Index in `entries` of the oldest event still held (older ones are dropped in batches). */
  private head = 0;
  private last = 0;
  private readonly readers = new Set<Reader>();
  private readonly sliceSize: number;

  constructor(private readonly options: ReplayLogOptions) {
    this.sliceSize = options.sliceSize ?? 2000;
  }

  get epoch(): string {
    return this.options.epoch;
  }

  /** The newest event's number (0 before the first). */
  get lastSeq(): number {
    return this.last;
  }

  /** The oldest event still held; lastSeq + 1 when none is. */
  get firstSeq(): number {
    return this.head < this.entries.length ? this.entries[this.head]!.seq : this.last + 1;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  append(event: unknown): void {
    const at = this.options.clock();
    this.entries.push({ seq: ++this.last, at, event });
    this.trim(at);
    for (const reader of this.readers) this.pump(reader);
  }

  /** Whether every event after this place is still held (so resuming from it misses nothing). */
  canResume(after: StreamPosition): boolean {
    this.trim(this.options.clock());
    return after.epoch === this.epoch && after.seq <= this.last && after.seq >= this.firstSeq - 1;
  }

  /**
   * A new reader: from `after` when it can be resumed, else (a reset when a place was asked for)
   * from the newest event. Returns the function that removes it.
   */
  subscribe(after: StreamPosition | undefined, matches: (event: unknown) => boolean, sink: ReplaySink): () => void {
    const resume = after !== undefined && this.canResume(after);
    if (after && !resume) sink.reset();
    const reader: Reader = {
      cursor: resume ? after.seq : this.last,
      matches,
      sink,
      pumping: false,
      scheduled: false,
      closed: false,
    };
    sink.at({ epoch: this.epoch, seq: reader.cursor });
    this.readers.add(reader);
    this.pump(reader);
    return () => {
      reader.closed = true;
      this.readers.delete(reader);
    };
  }

  /** Gives the reader what it has not had yet, in order, at most one slice before yielding. */
  private pump(reader: Reader): void {
    if (reader.pumping || reader.scheduled || reader.closed) return;
    reader.pumping = true;
    try {
      let given = 0;
      while (!reader.closed && reader.cursor < this.last) {
        if (given >= this.sliceSize) {
          reader.scheduled = true;
          setImmediate(() => {
            reader.scheduled = false;
            this.pump(reader);
          });
          return;
        }
        const next = reader.cursor + 1;
        if (next < this.firstSeq) {
          // Its place was dropped while it caught up (a window far shorter than a catch-up).
          reader.cursor = this.last;
          reader.sink.reset();
          reader.sink.at({ epoch: this.epoch, seq: reader.cursor });
          return;
        }
        const entry = this.entries[this.head + (next - this.firstSeq)]!;
        reader.cursor = next;
        if (!reader.matches(entry.event)) continue;
        given++;
        reader.sink.event(entry.seq, entry.event);
      }
    } finally {
      reader.pumping = false;
    }
  }

  /** Drops what is older than the window or beyond the cap; compacts now and then. */
  private trim(now: number): void {
    const oldest = now - this.options.windowMs;
    while (
      this.head < this.entries.length &&
      (this.entries[this.head]!.at < oldest || this.entries.length - this.head > this.options.maxEntries)
    ) {
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  close(): void {
    for (const reader of this.readers) reader.closed = true;
    this.readers.clear();
  }
}
