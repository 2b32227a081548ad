// Dead letters: every payload the pipeline could not accept, with the reason and the first
// bytes of what arrived. Writing one never throws into the pipeline.
import type { DeadLetter } from '../../../shared/domain';
import { parseStoredDecoder, type StoredDecoder } from '../ingest/stored-decoder';
import type { StateDb } from './state-db';

/** How much of a rejected payload is kept; larger ones are kept truncated, for reading only. */
export const DEAD_LETTER_RAW_BYTES = 64 * 1024;

export interface Rejection {
  source: string;
  origin: string;
  reason: string;
  raw: Uint8Array;
  /** 'json' when raw is decoded readings in the documented JSON form, not the payload as it came. */
  format?: 'source' | 'json';
  /** Rejections this letter stands for (the parts of one message are one letter); 1 by default. */
  count?: number;
  /** Bytes the payload had, when raw holds fewer of them (a request body refused unread). */
  size?: number;
  /** What decodes raw again when the source's own decoder cannot. */
  decoder?: StoredDecoder;
}

/** Bounds on the table, so that a flood of bad input cannot fill the disk (config `ingest.deadLetters`). */
export interface DeadLetterLimits {
  maxRows: number;
  /** Bytes of kept payloads. */
  maxBytes: number;
  /** Letters older than this go. */
  maxAgeMs: number;
}

/** What the limits removed, oldest first, since the data directory was made. */
export interface DroppedDeadLetters {
  count: number;
  lastAt: number | null;
}

interface Row {
  id: number;
  at: number;
  source: string;
  origin: string;
  reason: string;
  raw: Buffer;
  size: number;
  attempts: number;
  retried_at: number | null;
  count: number;
}

export interface StoredPayload {
  id: number;
  source: string;
  origin: string;
  raw: Buffer;
  size: number;
  format: 'source' | 'json';
  decoder: StoredDecoder | undefined;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  /** The cursor of the next (older) page, or null when this is the last. */
  next: number | null;
  /** Letters newer than this page's first (its position in the whole list). */
  newer: number;
}

const DROPPED_KEY = 'deadLetters.dropped';
/** Age limits are applied at most this often (and at start). */
const AGE_CHECK_MS = 60_000;

/** What the UI shows of a payload: text, with bytes that are not UTF-8 shown as \xNN. */
function preview(raw: Buffer): string {
  const text = raw.toString('utf8');
  if (!text.includes('\uFFFD')) return text.slice(0, 4096);
  return [...raw.subarray(0, 1024)]
    .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
    .join('');
}

export class DeadLetterStore {
  private readonly insert;
  private total: number;
  private bytes: number;
  private droppedState: DroppedDeadLetters;
  private ageCheckedAt = -Infinity;

  constructor(
    private readonly db: StateDb,
    private readonly limits: DeadLetterLimits,
    now: number,
  ) {
    this.insert = db.prepare(
      'INSERT INTO dead_letters (at, source, origin, reason, raw, size, format, count, decoder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const totals = db.prepare('SELECT count(*) AS n, coalesce(sum(length(raw)), 0) AS b FROM dead_letters').get() as {
      n: number;
      b: number;
    };
    this.total = totals.n;
    this.bytes = totals.b;
    const stored = db.prepare('SELECT value FROM settings WHERE key = ?').get(DROPPED_KEY) as
      { value: string } | undefined;
    this.droppedState = stored ? (JSON.parse(stored.value) as DroppedDeadLetters) : { count: 0, lastAt: null };
    this.db.transaction(() => this.enforceLimits(now))();
  }

  /** Writes the letters, then drops the oldest beyond the limits. */
  addMany(rejections: readonly Rejection[], at: number): void {
    if (rejections.length === 0) return;
    this.db.transaction(() => {
      for (const r of rejections) {
        const raw = Buffer.from(r.raw.buffer, r.raw.byteOffset, Math.min(r.raw.byteLength, DEAD_LETTER_RAW_BYTES));
        this.insert.run(
          at,
          r.source,
          r.origin,
          r.reason,
          raw,
          Math.max(r.size ?? 0, r.raw.byteLength),
          r.format ?? 'source',
          r.count ?? 1,
          r.decoder ? JSON.stringify(r.decoder) : null,
        );
        this.bytes += raw.byteLength;
      }
      this.total += rejections.length;
      this.enforceLimits(at);
    })();
  }

  get count(): number {
    return this.total;
  }

  /** Bytes of payload kept. */
  get storedBytes(): number {
    return this.bytes;
  }

  get dropped(): DroppedDeadLetters {
    return { ...this.droppedState };
  }

  /** The newest `limit` letters (of one source). */
  list(limit: number, source?: string): DeadLetter[] {
    return this.page(limit, source).items;
  }

  /** Newest first, `limit` at a time; `before` is the cursor a previous page gave as `next`. */
  page(limit: number, source?: string, before?: number): DeadLetterPage {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (source !== undefined) {
      where.push('source = ?');
      args.push(source);
    }
    const filter = where.length > 0 ? ` AND ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM dead_letters WHERE id < ?${filter} ORDER BY id DESC LIMIT ?`)
      .all(before ?? Number.MAX_SAFE_INTEGER, ...args, limit + 1) as Row[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const first = page[0]?.id ?? before ?? Number.MAX_SAFE_INTEGER;
    const newer = (
      this.db.prepare(`SELECT count(*) AS n FROM dead_letters WHERE id > ?${filter}`).get(first, ...args) as {
        n: number;
      }
    ).n;
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at,
        source: r.source,
        origin: r.origin,
        reason: r.reason,
        raw: preview(r.raw),
        size: r.size,
        truncated: r.size > r.raw.length,
        attempts: r.attempts,
        retriedAt: r.retried_at,
        count: r.count,
      })),
      next: more ? page[page.length - 1]!.id : null,
      newer,
    };
  }

  countsBySource(): Record<string, number> {
    const rows = this.db.prepare('SELECT source, count(*) AS n FROM dead_letters GROUP BY source').all() as {
      source: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.source, r.n]));
  }

  payloads(ids: readonly number[]): StoredPayload[] {
    const get = this.db.prepare('SELECT id, source, origin, raw, size, format, decoder FROM dead_letters WHERE id = ?');
    return ids
      .map((id) => get.get(id) as (Omit<StoredPayload, 'decoder'> & { decoder: string | null }) | undefined)
      .filter((p) => p !== undefined)
      .map((p) => ({ ...p, decoder: parseStoredDecoder(p.decoder) }));
  }

  /** Re-queued and accepted, or discarded: gone from the list. */
  remove(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const del = this.db.prepare('DELETE FROM dead_letters WHERE id = ? RETURNING length(raw) AS b');
    this.db.transaction(() => {
      for (const id of ids) {
        const gone = del.get(id) as { b: number } | undefined;
        if (!gone) continue;
        this.total--;
        this.bytes -= gone.b;
      }
    })();
  }

  /** Re-queued and rejected again: keeps the newest reason (and how many parts were refused this time). */
  retried(id: number, reason: string, at: number, count?: number): void {
    this.db
      .prepare(
        'UPDATE dead_letters SET reason = ?, attempts = attempts + 1, retried_at = ?, count = coalesce(?, count) WHERE id = ?',
      )
      .run(reason, at, count ?? null, id);
  }

  /** Drops the oldest letters beyond the age, row and byte limits; runs inside a transaction. */
  private enforceLimits(now: number): void {
    let dropped = 0;
    if (now - this.ageCheckedAt >= AGE_CHECK_MS) {
      this.ageCheckedAt = now;
      const old = this.db
        .prepare('SELECT count(*) AS n, coalesce(sum(length(raw)), 0) AS b FROM dead_letters WHERE at < ?')
        .get(now - this.limits.maxAgeMs) as { n: number; b: number };
      if (old.n > 0) {
        this.db.prepare('DELETE FROM dead_letters WHERE at < ?').run(now - this.limits.maxAgeMs);
        dropped += old.n;
        this.total -= old.n;
        this.bytes -= old.b;
      }
    }
    if (this.total > this.limits.maxRows || this.bytes > this.limits.maxBytes) {
      const oldest = this.db.prepare('SELECT id, length(raw) AS b FROM dead_letters ORDER BY id LIMIT 1000');
      const cut = this.db.prepare('DELETE FROM dead_letters WHERE id <= ?');
      while (this.total > this.limits.maxRows || this.bytes > this.limits.maxBytes) {
        const rows = oldest.all() as { id: number; b: number }[];
        if (rows.length === 0) break;
        let last = -1;
        let n = 0;
        for (const r of rows) {
          if (this.total - n <= this.limits.maxRows && this.bytes <= this.limits.maxBytes) break;
          last = r.id;
          n++;
          this.bytes -= r.b;
        }
        cut.run(last);
        this.total -= n;
        dropped += n;
      }
    }
    if (dropped === 0) return;
    this.droppedState = { count: this.droppedState.count + dropped, lastAt: now };
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(DROPPED_KEY, JSON.stringify(this.droppedState));
  }
}
