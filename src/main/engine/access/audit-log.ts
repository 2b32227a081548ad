// The audit trail's store: audit_log in state.db (append-only, enforced by triggers that abort
// any UPDATE or DELETE) with its hash chain (audit-chain.ts) and the head anchor beside it.
// Appends are one small IMMEDIATE transaction each (prepared statements; the last entry is read
// inside it, so two processes on one data directory — the engine and a command — still chain
// correctly), then the anchor file is rewritten. Human rates: a few appends per second at most.
import type { Statement } from 'better-sqlite3';
import type { AuditEntry, AuditVerdict } from '../../../shared/contract/users';
import type { StateDb } from '../state/state-db';
import type { AuditEvent } from './access-ports';
import {
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  readHead,
  verifyChain,
  writeHead,
  type AuditHead,
  type AuditRow,
} from './audit-chain';
import { auditCsv, type AuditFilters } from './audit-csv';

export const EXPORT_MAX_ROWS = 100_000;

const COLUMNS = 'seq, at, actor, role, client, action, target, outcome, details, prev_hash, hash';

export interface AuditPage {
  items: AuditEntry[];
  next: number | null;
  total: number;
}

function toEntry(row: AuditRow): AuditEntry {
  let details: unknown;
  try {
    details = JSON.parse(row.details);
  } catch {
    details = row.details;
  }
  const { seq, at, actor, role, client, action, target, outcome, hash } = row;
  return { seq, at, actor, role, client, action, target, outcome: outcome as AuditEntry['outcome'], details, hash };
}

/** WHERE clause and its values for the filters every list, export and count share. */
function where(f: AuditFilters, before?: number): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    args.push(...values);
  };
  if (f.from !== undefined) add('at >= ?', f.from);
  if (f.to !== undefined) add('at <= ?', f.to);
  if (f.actor !== undefined) add('actor = ? COLLATE NOCASE', f.actor);
  if (f.action !== undefined) {
    if (f.action.endsWith('.')) add('substr(action, 1, ?) = ?', f.action.length, f.action);
    else add('action = ?', f.action);
  }
  if (f.outcome !== undefined) add('outcome = ?', f.outcome);
  if (f.text !== undefined) {
    const t = f.text.toLowerCase();
    add(
      "(instr(lower(coalesce(target, '')), ?) > 0 OR instr(lower(details), ?) > 0 OR instr(lower(actor), ?) > 0)",
      t,
      t,
      t,
    );
  }
  if (before !== undefined) add('seq < ?', before);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export class AuditLog {
  private readonly lastStmt: Statement<[], AuditRow>;
  private readonly insertStmt: Statement;
  private readonly appendTx: (event: AuditEvent, at: number) => AuditRow;

  constructor(
    private readonly db: StateDb,
    private readonly dataDir: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastStmt = db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`) as Statement<[], AuditRow>;
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @at, @actor, @role, @client, @action, @target, @outcome, @details, @prev_hash, @hash)`,
    );
    const tx = db.transaction((event: AuditEvent, at: number): AuditRow => {
      const last = this.lastStmt.get();
      const fields = {
        seq: (last?.seq ?? 0) + 1,
        at,
        actor: event.actor,
        role: event.role,
        client: event.client,
        action: event.action,
        target: event.target,
        outcome: event.outcome,
        details: canonicalJson(event.details ?? null),
      };
      const prev_hash = last?.hash ?? GENESIS_HASH;
      const row: AuditRow = { ...fields, prev_hash, hash: entryHash(prev_hash, fields) };
      this.insertStmt.run(row);
      return row;
    });
    this.appendTx = (event, at) => tx.immediate(event, at);
  }

  /** Appends one entry and moves the head anchor to it. */
  append(event: AuditEvent): AuditHead {
    const row = this.appendTx(event, this.clock());
    const head = { seq: row.seq, hash: row.hash };
    writeHead(this.dataDir, head);
    return head;
  }

  /**
   * At start: when the head anchor and the trail disagree (state.db replaced with --new-state or
   * by hand, the anchor lost, entries cut off) the first thing written is an entry saying so,
   * with what the anchor said, so the gap stays in the trail after the anchor moves on.
   */
  reconcileHead(): void {
    const head = readHead(this.dataDir);
    const last = this.lastStmt.get();
    if (!last && !head) return;
    if (head && last && head.seq === last.seq && head.hash === last.hash) return;
    this.append({
      actor: 'system',
      role: null,
      client: 'in-process',
      action: 'audit.head.mismatch',
      target: null,
      outcome: 'failed',
      details: {
        anchor: head ?? null,
        trail: last ? { seq: last.seq, hash: last.hash } : null,
        note: head ? 'the trail does not end where the head anchor says' : 'the head anchor was missing',
      },
    });
  }

  list(filters: AuditFilters & { limit: number; before?: number }): AuditPage {
    const page = where(filters, filters.before);
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_log ${page.sql} ORDER BY seq DESC LIMIT ?`)
      .all(...page.args, filters.limit + 1) as AuditRow[];
    const more = rows.length > filters.limit;
    const items = rows.slice(0, filters.limit).map(toEntry);
    const all = where(filters);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${all.sql}`).get(...all.args) as { n: number })
      .n;
    return { items, next: more ? items[items.length - 1]!.seq : null, total };
  }

  /** Oldest first, at most EXPORT_MAX_ROWS. */
  export(filters: AuditFilters): { fileName: string; content: string; count: number; truncated: boolean } {
    return exportAudit(this.db, filters, this.clock());
  }

  verify(): AuditVerdict {
    return verifyAudit(this.db, this.dataDir);
  }
}

/** The CSV export, on any handle to state.db (the engine's, or a command's read-only one). */
export function exportAudit(
  db: StateDb,
  filters: AuditFilters,
  now: number,
): { fileName: string; content: string; count: number; truncated: boolean } {
  const w = where(filters);
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY seq ASC LIMIT ?`)
    .all(...w.args, EXPORT_MAX_ROWS + 1) as AuditRow[];
  const truncated = rows.length > EXPORT_MAX_ROWS;
  const kept = truncated ? rows.slice(0, EXPORT_MAX_ROWS) : rows;
  const when = new Date(now).toISOString().replace(/[:.]/g, '-');
  return { fileName: `audit-${when}.csv`, content: auditCsv(kept), count: kept.length, truncated };
}

/** Walks the whole chain in seq order against the data directory's head anchor. */
export function verifyAudit(db: StateDb, dataDir: string): AuditVerdict {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq ASC`).iterate() as IterableIterator<AuditRow>;
  return verifyChain(rows, readHead(dataDir));
}
