// Dead letters: every payload the pipeline could not accept, with the reason and the first
// bytes of what arrived. Writing one never throws into the pipeline.
import type { DeadLetter } from '../../../shared/domain';
import type { StateDb } from './state-db';

/** How much of a rejected payload is kept. */
export const DEAD_LETTER_RAW_BYTES = 4096;

export interface Rejection {
  source: string;
  origin: string;
  reason: string;
  raw: Uint8Array;
}

interface Row {
  id: number;
  at: number;
  source: string;
  origin: string;
  reason: string;
  raw: Buffer;
  size: number;
}

export class DeadLetterStore {
  private readonly insert;
  private total: number;

  constructor(private readonly db: StateDb) {
    this.insert = db.prepare(
      'INSERT INTO dead_letters (at, source, origin, reason, raw, size) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.total = (db.prepare('SELECT count(*) AS n FROM dead_letters').get() as { n: number }).n;
  }

  addMany(rejections: readonly Rejection[], at: number): void {
    if (rejections.length === 0) return;
    this.db.transaction(() => {
      for (const r of rejections) {
        const raw = Buffer.from(r.raw.buffer, r.raw.byteOffset, Math.min(r.raw.byteLength, DEAD_LETTER_RAW_BYTES));
        this.insert.run(at, r.source, r.origin, r.reason, raw, r.raw.byteLength);
      }
    })();
    this.total += rejections.length;
  }

  get count(): number {
    return this.total;
  }

  list(limit: number): DeadLetter[] {
    const rows = this.db.prepare('SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?').all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      source: r.source,
      origin: r.origin,
      reason: r.reason,
      raw: r.raw.toString('utf8'),
      size: r.size,
    }));
  }
}
