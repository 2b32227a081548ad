// Rule suggestions in state.db (table rule_suggestions): open ones are rewritten as labels come
// and go, decided and outdated ones are kept as they were (Settings → Rules shows them as
// history). `basis` is the rule in force when the suggestion was made, so a later change to the
// rule can be recognised.
import type { RuleSuggestion } from '../../../../shared/contract/annotations';
import type { StateDb } from '../../state/state-db';

type Status = RuleSuggestion['status'];

interface Row {
  id: string;
  device: string;
  signal: string;
  rule: RuleSuggestion['rule'];
  field: string;
  current: number | null;
  proposed: number;
  reason: string;
  based_on: string;
  basis: string;
  created_at: number;
  status: Status;
  decided_by: string | null;
  decided_at: number | null;
  note: string | null;
}

export interface StoredSuggestion extends RuleSuggestion {
  /** The rule in force when it was made (JSON). */
  basis: string;
}

function fromRow(r: Row): StoredSuggestion {
  return {
    id: r.id,
    device: r.device,
    signal: r.signal,
    rule: r.rule,
    field: r.field,
    current: r.current,
    proposed: r.proposed,
    reason: r.reason,
    basedOn: JSON.parse(r.based_on) as string[],
    createdAt: r.created_at,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    note: r.note,
    basis: r.basis,
  };
}

/** The contract's shape, without the stored basis. */
export function publicSuggestion(s: StoredSuggestion): RuleSuggestion {
  const { basis: _basis, ...rest } = s;
  return rest;
}

export class SuggestionStore {
  constructor(private readonly db: StateDb) {}

  get(id: string): StoredSuggestion | undefined {
    const row = this.db.prepare('SELECT * FROM rule_suggestions WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Newest first; open ones unless statuses are given. */
  list(filter: { device?: string; status?: readonly Status[] }): StoredSuggestion[] {
    const status = filter.status && filter.status.length > 0 ? filter.status : ['open'];
    const where = [`status IN (${status.map(() => '?').join(',')})`];
    const args: unknown[] = [...status];
    if (filter.device !== undefined) {
      where.push('device = ?');
      args.push(filter.device);
    }
    const sql = `SELECT * FROM rule_suggestions WHERE ${where.join(' AND ')} ORDER BY created_at DESC, rowid DESC`;
    return (this.db.prepare(sql).all(...args) as Row[]).map(fromRow);
  }

  openOf(device: string, signal: string): StoredSuggestion[] {
    return (
      this.db
        .prepare("SELECT * FROM rule_suggestions WHERE device = ? AND signal = ? AND status = 'open'")
        .all(device, signal) as Row[]
    ).map(fromRow);
  }

  insert(s: StoredSuggestion): void {
    this.db
      .prepare(
        `INSERT INTO rule_suggestions (id, device, signal, rule, field, current, proposed, reason, based_on, basis,
           created_at, status, decided_by, decided_at, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.id,
        s.device,
        s.signal,
        s.rule,
        s.field,
        s.current,
        s.proposed,
        s.reason,
        JSON.stringify(s.basedOn),
        s.basis,
        s.createdAt,
        s.status,
        s.decidedBy,
        s.decidedAt,
        s.note,
      );
  }

  /** Rewrites an open suggestion with what the labels show now. */
  revise(
    id: string,
    p: Pick<StoredSuggestion, 'current' | 'proposed' | 'reason' | 'basedOn' | 'basis' | 'createdAt'>,
  ): void {
    this.db
      .prepare(
        `UPDATE rule_suggestions SET current = ?, proposed = ?, reason = ?, based_on = ?, basis = ?, created_at = ?
         WHERE id = ? AND status = 'open'`,
      )
      .run(p.current, p.proposed, p.reason, JSON.stringify(p.basedOn), p.basis, p.createdAt, id);
  }

  outdate(id: string, at: number): void {
    this.db
      .prepare("UPDATE rule_suggestions SET status = 'outdated', decided_at = ? WHERE id = ? AND status = 'open'")
      .run(at, id);
  }

  /** Accepts or rejects an open suggestion; false when it was no longer open. */
  decide(id: string, status: 'accepted' | 'rejected', by: string, at: number, note: string | null): boolean {
    const r = this.db
      .prepare(
        "UPDATE rule_suggestions SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND status = 'open'",
      )
      .run(status, by, at, note, id);
    return r.changes === 1;
  }
}
