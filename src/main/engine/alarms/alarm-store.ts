// Alarm rows and their journal in SQLite. Every change to an alarm is written together with
// its journal entry, in one transaction.
import type { Alarm, AlarmState } from '../../../shared/domain';
import type { StateDb } from '../state/state-db';

interface AlarmRow {
  id: number;
  key: string;
  device_id: string;
  signal: string;
  kind: Alarm['kind'];
  priority: Alarm['priority'];
  state: AlarmState;
  value: number;
  limit_value: number;
  raised_at: number;
  last_at: number;
  count: number;
  returned_at: number | null;
  acked_at: number | null;
  acked_by: string | null;
  ack_comment: string | null;
  closed_at: number | null;
}

export interface JournalEntry {
  alarmId: number;
  at: number;
  event: string;
  from: AlarmState;
  to: AlarmState;
  by?: string | null;
  comment?: string | null;
  value?: number | null;
}

function fromRow(r: AlarmRow): Alarm {
  return {
    id: r.id,
    key: r.key,
    deviceId: r.device_id,
    signal: r.signal,
    kind: r.kind,
    priority: r.priority,
    state: r.state,
    value: r.value,
    limit: r.limit_value,
    raisedAt: r.raised_at,
    lastAt: r.last_at,
    count: r.count,
    returnedAt: r.returned_at,
    ackedAt: r.acked_at,
    ackedBy: r.acked_by,
    ackComment: r.ack_comment,
    closedAt: r.closed_at,
  };
}

export class AlarmStore {
  private readonly stmts;

  constructor(private readonly db: StateDb) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO alarms (key, device_id, signal, kind, priority, state, value, limit_value,
           raised_at, last_at, count, returned_at, acked_at, acked_by, ack_comment, closed_at)
         VALUES (@key, @deviceId, @signal, @kind, @priority, @state, @value, @limit,
           @raisedAt, @lastAt, @count, @returnedAt, @ackedAt, @ackedBy, @ackComment, @closedAt)`,
      ),
      update: db.prepare(
        `UPDATE alarms SET priority = @priority, state = @state, value = @value, limit_value = @limit,
           last_at = @lastAt, count = @count, returned_at = @returnedAt, acked_at = @ackedAt,
           acked_by = @ackedBy, ack_comment = @ackComment, closed_at = @closedAt
         WHERE id = @id`,
      ),
      journal: db.prepare(
        `INSERT INTO alarm_journal (alarm_id, at, event, from_state, to_state, by, comment, value)
         VALUES (@alarmId, @at, @event, @from, @to, @by, @comment, @value)`,
      ),
      byId: db.prepare('SELECT * FROM alarms WHERE id = ?'),
      open: db.prepare("SELECT * FROM alarms WHERE state <> 'normal'"),
    };
  }

  /** Inserts a new alarm (id ignored) with its first journal entry; returns it with its id. */
  insert(alarm: Alarm, entry: Omit<JournalEntry, 'alarmId'>): Alarm {
    return this.db.transaction(() => {
      const id = Number(this.stmts.insert.run(alarm).lastInsertRowid);
      this.stmts.journal.run({ by: null, comment: null, value: null, ...entry, alarmId: id });
      return { ...alarm, id };
    })();
  }

  update(alarm: Alarm, entry?: JournalEntry): void {
    this.db.transaction(() => {
      this.stmts.update.run(alarm);
      if (entry) this.stmts.journal.run({ by: null, comment: null, value: null, ...entry });
    })();
  }

  get(id: number): Alarm | undefined {
    const row = this.stmts.byId.get(id) as AlarmRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  open(): Alarm[] {
    return (this.stmts.open.all() as AlarmRow[]).map(fromRow);
  }

  list(states: readonly AlarmState[] | undefined, limit: number): Alarm[] {
    const rows = states
      ? (this.db
          .prepare(
            `SELECT * FROM alarms WHERE state IN (${states.map(() => '?').join(',')})
             ORDER BY raised_at DESC LIMIT ?`,
          )
          .all(...states, limit) as AlarmRow[])
      : (this.db
          .prepare("SELECT * FROM alarms WHERE state <> 'normal' ORDER BY raised_at DESC LIMIT ?")
          .all(limit) as AlarmRow[]);
    return rows.map(fromRow);
  }

  journal(alarmId: number): JournalEntry[] {
    return this.db
      .prepare(
        'SELECT alarm_id AS alarmId, at, event, from_state AS "from", to_state AS "to", by, comment, value FROM alarm_journal WHERE alarm_id = ? ORDER BY id',
      )
      .all(alarmId) as JournalEntry[];
  }
}
