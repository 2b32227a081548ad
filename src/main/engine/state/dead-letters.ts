// Dead letters: every payload the pipeline could not accept, with the reason and the first
// bytes of what arrived. Writing one never throws into the pipeline.
import type { DeadLetter } from '../../../shared/domain';
import type { StateDb } from './state-db';

/** How much of a rejected payload is kept; larger ones are kept truncated, for reading only. */
export const DEAD_LETTER_RAW_BYTES = 64 * 1024;

export interface Rejection {
  source: string;
  origin: string;
  reason: string;
  raw: Uint8Array;
  /** 'json' when raw is one decoded reading in the documented JSON form, not the payload as it came. */
  format?: 'source' | 'json';
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
}

export interface StoredPayload {
  id: number;
  source: string;
  origin: string;
  raw: Buffer;
  size: number;
  format: 'source' | 'json';
}

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

  constructor(private readonly db: StateDb) {
    this.insert = db.prepare(
      'INSERT INTO dead_letters (at, source, origin, reason, raw, size, format) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.total = (db.prepare('SELECT count(*) AS n FROM dead_letters').get() as { n: number }).n;
  }

  addMany(rejections: readonly Rejection[], at: number): void {
    if (rejections.length === 0) return;
    this.db.transaction(() => {
      for (const r of rejections) {
        const raw = Buffer.from(r.raw.buffer, r.raw.byteOffset, Math.min(r.raw.byteLength, DEAD_LETTER_RAW_BYTES));
        this.insert.run(at, r.source, r.origin, r.reason, raw, r.raw.byteLength, r.format ?? 'source');
      }
    })();
    this.total += rejections.length;
  }

  get count(): number {
    return this.total;
  }

  list(limit: number, source?: string): DeadLetter[] {
    const rows = (
      source === undefined
        ? this.db.prepare('SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM dead_letters WHERE source = ? ORDER BY id DESC LIMIT ?').all(source, limit)
    ) as Row[];
    return rows.map((r) => ({
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
    }));
  }

  countsBySource(): Record<string, number> {
    const rows = this.db.prepare('SELECT source, count(*) AS n FROM dead_letters GROUP BY source').all() as {
      source: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.source, r.n]));
  }

  payloads(ids: readonly number[]): StoredPayload[] {
    const get = this.db.prepare('SELECT id, source, origin, raw, size, format FROM dead_letters WHERE id = ?');
    return ids.map((id) => get.get(id) as StoredPayload | undefined).filter((p): p is StoredPayload => p !== undefined);
  }

  /** Re-queued and accepted: gone from the list. */
  remove(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const del = this.db.prepare('DELETE FROM dead_letters WHERE id = ?');
    const removed = this.db.transaction(() => ids.reduce((n, id) => n + del.run(id).changes, 0))();
    this.total -= removed;
  }

  /** Re-queued and rejected again: keeps the newest reason. */
  retried(id: number, reason: string, at: number): void {
    this.db
      .prepare('UPDATE dead_letters SET reason = ?, attempts = attempts + 1, retried_at = ? WHERE id = ?')
      .run(reason, at, id);
  }
}
