// Expert labels in state.db (tables from migration 9 in state-db.ts): one row per label, kept
// when deleted (`deleted` = 1), a history row per change, corrected values of bad data. Plain
// reads and writes only: revisions, validation and the in-memory index live in the service.
//
// Text search: SQLite FTS5 over text and cause (external content on `seq`, kept by triggers),
// each word a prefix query, all words required. Measured at 100,000 labels (.scratch/fts-bench,
// this machine, shared): a rare word 0.05 ms with FTS5 against 59 ms with LIKE '%word%' over
// text and cause; two common words 17 ms against 78 ms. LIKE is a full scan that grows with the
// table; FTS5 grows with the matches. Substrings inside a word ("ear" in "bearing") are not
// found; word beginnings are ("bear" finds "bearing").
// Worst case, a word in every label: 80 ms at 20,000 labels, 0.2–0.4 s at 50,000 (the count and
// the page each read every match); a page without text search 13 ms.
import type { Annotation, AnnotationChange, AnnotationFields, Verdict } from '../../../shared/contract/annotations';
import type { Statement } from 'better-sqlite3';
import type { StateDb } from '../state/state-db';

interface AnnotationRow {
  seq: number;
  id: string;
  device_id: string;
  signal: string;
  from_ts: number;
  to_ts: number;
  verdict: string;
  cause: string | null;
  text: string;
  author: string;
  target: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
  revision: number;
  deleted: number;
  corrections: number;
}

interface HistoryRow {
  revision: number;
  at: number;
  by: string;
  action: string;
  before: string | null;
  after: string | null;
  note: string | null;
}

/** What list and export select: every filter optional; time filters select overlapping labels. */
export interface AnnotationQuery {
  deviceId?: string;
  signal?: string;
  verdicts?: readonly Verdict[];
  author?: string;
  from?: number;
  to?: number;
  q?: string;
  includeDeleted: boolean;
}

/** Where the previous page stopped: the last label's start and seq (newest by start first). */
export interface Cursor {
  from: number;
  seq: number;
}

const SELECT = `SELECT a.*, (SELECT count(*) FROM annotation_corrections c WHERE c.annotation_id = a.id) AS corrections
  FROM annotations a`;

function fromRow(r: AnnotationRow): Annotation {
  return {
    id: r.id,
    deviceId: r.device_id,
    signal: r.signal,
    from: r.from_ts,
    to: r.to_ts,
    verdict: r.verdict as Verdict,
    cause: r.cause,
    text: r.text,
    target: JSON.parse(r.target) as Annotation['target'],
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    revision: r.revision,
    deleted: r.deleted === 1,
    corrections: r.corrections,
  };
}

/** The fields history records of a label (AnnotationFields), in a fixed key order. */
export function fieldsOf(a: AnnotationFields): AnnotationFields {
  const { deviceId, signal, from, to, verdict, cause, text, target } = a;
  return { deviceId, signal, from, to, verdict, cause, text, target };
}

/** FTS5 query for the words of `q`: each word quoted (no operators), a prefix, all required. */
function ftsQuery(q: string): string | undefined {
  // A "word" of punctuation alone ("-", "(") holds nothing the index could match: it is left out.
  const words = q.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

export class AnnotationStore {
  /** Prepared statements by their SQL: an import runs the same few for every row. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: StateDb) {}

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      // List filters combine into a few hundred shapes at most; a bound keeps it that way.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, (s = this.db.prepare(sql)));
    }
    return s;
  }

  /** Runs `work` in one transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  get(id: string): Annotation | undefined {
    const row = this.stmt(`${SELECT} WHERE a.id = ?`).get(id) as AnnotationRow | undefined;
    return row && fromRow(row);
  }

  /** Every live label (the index is rebuilt from these at start). */
  live(): Annotation[] {
    return (this.stmt(`${SELECT} WHERE a.deleted = 0`).all() as AnnotationRow[]).map(fromRow);
  }

  insert(a: Annotation): void {
    this.stmt(
      `INSERT INTO annotations (id, device_id, signal, from_ts, to_ts, verdict, cause, text, author, target,
          created_at, updated_at, updated_by, revision, deleted)
         VALUES (@id, @deviceId, @signal, @from, @to, @verdict, @cause, @text, @author, @target,
          @createdAt, @updatedAt, @updatedBy, @revision, @deleted)`,
    ).run({ ...a, target: JSON.stringify(a.target), deleted: a.deleted ? 1 : 0 });
  }

  /** Writes every field but the id (an import may change the author and creation time). */
  update(a: Annotation): void {
    this.stmt(
      `UPDATE annotations SET device_id = @deviceId, signal = @signal, from_ts = @from, to_ts = @to,
          verdict = @verdict, cause = @cause, text = @text, author = @author, target = @target,
          created_at = @createdAt, updated_at = @updatedAt, updated_by = @updatedBy, revision = @revision,
          deleted = @deleted
         WHERE id = @id`,
    ).run({ ...a, target: JSON.stringify(a.target), deleted: a.deleted ? 1 : 0 });
  }

  addHistory(id: string, change: AnnotationChange): void {
    this.stmt(
      `INSERT INTO annotation_history (annotation_id, revision, at, by, action, before, after, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      change.revision,
      change.at,
      change.by,
      change.action,
      change.before && JSON.stringify(change.before),
      change.after && JSON.stringify(change.after),
      change.note,
    );
  }

  /** A label's changes, oldest first. */
  history(id: string): AnnotationChange[] {
    const rows = this.stmt('SELECT * FROM annotation_history WHERE annotation_id = ? ORDER BY revision, id').all(
      id,
    ) as HistoryRow[];
    return rows.map((r) => ({
      revision: r.revision,
      at: r.at,
      by: r.by,
      action: r.action as AnnotationChange['action'],
      before: r.before === null ? null : (JSON.parse(r.before) as AnnotationFields),
      after: r.after === null ? null : (JSON.parse(r.after) as AnnotationFields),
      note: r.note,
    }));
  }

  /** Labels matching `q`, newest by start first, after `cursor`; and how many match in all. */
  list(q: AnnotationQuery, limit: number, cursor?: Cursor): { items: Annotation[]; total: number; last?: Cursor } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (!q.includeDeleted) where.push('a.deleted = 0');
    if (q.deviceId !== undefined) {
      where.push('a.device_id = ?');
      args.push(q.deviceId);
      if (q.signal !== undefined && q.signal !== '*') {
        where.push(`a.signal IN (?, '*')`);
        args.push(q.signal);
      } else if (q.signal === '*') {
        where.push(`a.signal = '*'`);
      }
    } else if (q.signal !== undefined) {
      where.push('a.signal = ?');
      args.push(q.signal);
    }
    if (q.verdicts) {
      where.push(`a.verdict IN (${q.verdicts.map(() => '?').join(',')})`);
      args.push(...q.verdicts);
    }
    if (q.author !== undefined) {
      where.push('a.author = ?');
      args.push(q.author);
    }
    if (q.from !== undefined) {
      where.push('a.to_ts >= ?');
      args.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('a.from_ts <= ?');
      args.push(q.to);
    }
    const fts = q.q === undefined ? undefined : ftsQuery(q.q);
    if (fts !== undefined) {
      where.push('a.seq IN (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?)');
      args.push(fts);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.stmt(`SELECT count(*) AS n FROM annotations a ${filter}`).get(...args) as { n: number }).n;
    const page = [...where];
    const pageArgs = [...args];
    if (cursor) {
      page.push('(a.from_ts < ? OR (a.from_ts = ? AND a.seq < ?))');
      pageArgs.push(cursor.from, cursor.from, cursor.seq);
    }
    const rows = this.stmt(
      `${SELECT} ${page.length > 0 ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY a.from_ts DESC, a.seq DESC LIMIT ?`,
    ).all(...pageArgs, limit) as AnnotationRow[];
    const lastRow = rows.at(-1);
    return {
      items: rows.map(fromRow),
      total,
      last: rows.length === limit && lastRow ? { from: lastRow.from_ts, seq: lastRow.seq } : undefined,
    };
  }

  corrections(id: string): { ts: number; value: number }[] {
    return this.stmt('SELECT ts, value FROM annotation_corrections WHERE annotation_id = ? ORDER BY ts').all(id) as {
      ts: number;
      value: number;
    }[];
  }

  /** Replaces a label's corrected values. */
  setCorrections(id: string, values: readonly { ts: number; value: number }[]): void {
    this.stmt('DELETE FROM annotation_corrections WHERE annotation_id = ?').run(id);
    const insert = this.stmt('INSERT INTO annotation_corrections (annotation_id, ts, value) VALUES (?, ?, ?)');
    for (const v of values) insert.run(id, v.ts, v.value);
  }

  /** Corrected values in [from, to] of these live labels, by label id, ascending by time. */
  correctionsIn(ids: readonly string[], from: number, to: number): Map<string, { ts: number; value: number }[]> {
    const out = new Map<string, { ts: number; value: number }[]>();
    const select = this.stmt(
      'SELECT ts, value FROM annotation_corrections WHERE annotation_id = ? AND ts BETWEEN ? AND ? ORDER BY ts',
    );
    for (const id of ids) {
      const rows = select.all(id, from, to) as { ts: number; value: number }[];
      if (rows.length > 0) out.set(id, rows);
    }
    return out;
  }
}
