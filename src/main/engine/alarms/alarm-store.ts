// Alarm rows, their journal and flood periods in SQLite. Every change to an alarm is written
// together with its journal entry, in one transaction.
import type { Alarm, AlarmJournalEntry, AlarmKind, AlarmState, Priority } from '../../../shared/domain';
import type { StateDb } from '../state/state-db';

interface AlarmRow {
  id: number;
  key: string;
  device_id: string;
  signal: string;
  kind: Alarm['kind'];
  area: string;
  priority: Priority;
  state: AlarmState;
  value: number;
  limit_value: number | null;
  message: string | null;
  condition_active: number;
  raised_at: number;
  last_at: number;
  count: number;
  returned_at: number | null;
  acked_at: number | null;
  acked_by: string | null;
  ack_comment: string | null;
  shelved_until: number | null;
  shelved_by: string | null;
  shelve_reason: string | null;
  chattering: number;
  reminders: number;
  closed_at: number | null;
  closed_by: string | null;
  close_comment: string | null;
}

export type JournalEntry = Omit<AlarmJournalEntry, 'by' | 'comment' | 'value'> & {
  by?: string | null;
  comment?: string | null;
  value?: number | null;
};

export interface AlarmFilter {
  states?: readonly AlarmState[];
  priorities?: readonly Priority[];
  devices?: readonly string[];
  areas?: readonly string[];
  /** Closed alarms only: closed at or after / before. */
  from?: number;
  to?: number;
  limit: number;
}

export interface Annunciation {
  at: number;
  key: string;
  area: string;
  deviceId: string;
  signal: string;
  kind: AlarmKind;
}

export interface FloodPeriod {
  area: string;
  startedAt: number;
  endedAt: number | null;
  peak: number;
}

function fromRow(r: AlarmRow): Alarm {
  return {
    id: r.id,
    key: r.key,
    deviceId: r.device_id,
    signal: r.signal,
    kind: r.kind,
    area: r.area,
    priority: r.priority,
    state: r.state,
    value: r.value,
    limit: r.limit_value,
    message: r.message,
    conditionActive: r.condition_active === 1,
    raisedAt: r.raised_at,
    lastAt: r.last_at,
    count: r.count,
    returnedAt: r.returned_at,
    ackedAt: r.acked_at,
    ackedBy: r.acked_by,
    ackComment: r.ack_comment,
    shelvedUntil: r.shelved_until,
    shelvedBy: r.shelved_by,
    shelveReason: r.shelve_reason,
    chattering: r.chattering === 1,
    reminders: r.reminders,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    closeComment: r.close_comment,
  };
}

function toRow(a: Alarm) {
  return {
    ...a,
    conditionActive: a.conditionActive ? 1 : 0,
    chattering: a.chattering ? 1 : 0,
  };
}

/** `col IN (?, ?, …)` with its arguments, or nothing for an absent filter. */
function inClause(column: string, values: readonly string[] | undefined, where: string[], args: unknown[]): void {
  if (!values || values.length === 0) return;
  where.push(`${column} IN (${values.map(() => '?').join(',')})`);
  args.push(...values);
}

export class AlarmStore {
  private readonly stmts;

  constructor(private readonly db: StateDb) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO alarms (key, device_id, signal, kind, area, priority, state, value, limit_value, message,
           condition_active, raised_at, last_at, count, returned_at, acked_at, acked_by, ack_comment,
           shelved_until, shelved_by, shelve_reason, chattering, reminders, closed_at, closed_by, close_comment)
         VALUES (@key, @deviceId, @signal, @kind, @area, @priority, @state, @value, @limit, @message,
           @conditionActive, @raisedAt, @lastAt, @count, @returnedAt, @ackedAt, @ackedBy, @ackComment,
           @shelvedUntil, @shelvedBy, @shelveReason, @chattering, @reminders, @closedAt, @closedBy, @closeComment)`,
      ),
      update: db.prepare(
        `UPDATE alarms SET priority = @priority, state = @state, value = @value, limit_value = @limit,
           message = @message, condition_active = @conditionActive, last_at = @lastAt, count = @count,
           returned_at = @returnedAt, acked_at = @ackedAt, acked_by = @ackedBy, ack_comment = @ackComment,
           shelved_until = @shelvedUntil, shelved_by = @shelvedBy, shelve_reason = @shelveReason,
           chattering = @chattering, reminders = @reminders, closed_at = @closedAt, closed_by = @closedBy,
           close_comment = @closeComment
         WHERE id = @id`,
      ),
      journal: db.prepare(
        `INSERT INTO alarm_journal (alarm_id, at, event, from_state, to_state, by, comment, value)
         VALUES (@alarmId, @at, @event, @from, @to, @by, @comment, @value)`,
      ),
      byId: db.prepare('SELECT * FROM alarms WHERE id = ?'),
      open: db.prepare("SELECT * FROM alarms WHERE state <> 'normal'"),
      journalOf: db.prepare(
        'SELECT alarm_id AS alarmId, at, event, from_state AS "from", to_state AS "to", by, comment, value FROM alarm_journal WHERE alarm_id = ? ORDER BY id',
      ),
      floodStart: db.prepare('INSERT INTO alarm_floods (area, started_at, peak) VALUES (?, ?, ?)'),
      floodEnd: db.prepare(
        'UPDATE alarm_floods SET ended_at = ?, peak = MAX(peak, ?) WHERE area = ? AND ended_at IS NULL',
      ),
      openFloods: db.prepare('SELECT area, started_at AS startedAt, peak FROM alarm_floods WHERE ended_at IS NULL'),
    };
  }

  /** Inserts a new alarm (id ignored) with its first journal entry; returns it with its id. */
  insert(alarm: Alarm, entry: Omit<JournalEntry, 'alarmId'>): Alarm {
    return this.db.transaction(() => {
      const id = Number(this.stmts.insert.run(toRow(alarm)).lastInsertRowid);
      this.stmts.journal.run({ by: null, comment: null, value: null, ...entry, alarmId: id });
      return { ...alarm, id };
    })();
  }

  update(alarm: Alarm, entries: readonly JournalEntry[] = []): void {
    this.db.transaction(() => {
      this.stmts.update.run(toRow(alarm));
      for (const e of entries) this.stmts.journal.run({ by: null, comment: null, value: null, ...e });
    })();
  }

  get(id: number): Alarm | undefined {
    const row = this.stmts.byId.get(id) as AlarmRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  open(): Alarm[] {
    return (this.stmts.open.all() as AlarmRow[]).map(fromRow);
  }

  /** Open alarms (every state but normal unless `states` says otherwise), newest first. */
  list(filter: AlarmFilter): Alarm[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.states && filter.states.length > 0) inClause('state', filter.states, where, args);
    else where.push("state <> 'normal'");
    inClause('priority', filter.priorities, where, args);
    inClause('device_id', filter.devices, where, args);
    inClause('area', filter.areas, where, args);
    const sql = `SELECT * FROM alarms WHERE ${where.join(' AND ')} ORDER BY raised_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as AlarmRow[]).map(fromRow);
  }

  /** Closed alarms, most recently closed first. */
  history(filter: Omit<AlarmFilter, 'states'>): Alarm[] {
    const where = ["state = 'normal'"];
    const args: unknown[] = [];
    inClause('priority', filter.priorities, where, args);
    inClause('device_id', filter.devices, where, args);
    inClause('area', filter.areas, where, args);
    if (filter.from !== undefined) {
      where.push('closed_at >= ?');
      args.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('closed_at <= ?');
      args.push(filter.to);
    }
    const sql = `SELECT * FROM alarms WHERE ${where.join(' AND ')} ORDER BY closed_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as AlarmRow[]).map(fromRow);
  }

  /** Closed alarms of one key raised before alarm `beforeId`, newest first (the assistant's "how was this closed before"). */
  pastOf(key: string, beforeId: number, limit: number): Alarm[] {
    const sql = "SELECT * FROM alarms WHERE key = ? AND id < ? AND state = 'normal' ORDER BY id DESC LIMIT ?";
    return (this.db.prepare(sql).all(key, beforeId, limit) as AlarmRow[]).map(fromRow);
  }

  /** Alarms of one series raised in [from, to], oldest first (what a labelled range covered). */
  ofSeries(deviceId: string, signal: string, from: number, to: number, limit = 1000): Alarm[] {
    const sql =
      'SELECT * FROM alarms WHERE device_id = ? AND signal = ? AND raised_at >= ? AND raised_at <= ? ORDER BY raised_at, id LIMIT ?';
    return (this.db.prepare(sql).all(deviceId, signal, from, to, limit) as AlarmRow[]).map(fromRow);
  }

  journal(alarmId: number): AlarmJournalEntry[] {
    return this.stmts.journalOf.all(alarmId) as AlarmJournalEntry[];
  }

  /** Every annunciation (a new alarm or a repeat becoming active) in [from, to], oldest first. */
  annunciations(from: number, to: number): Annunciation[] {
    return this.db
      .prepare(
        `SELECT j.at, a.key, a.area, a.device_id AS deviceId, a.signal, a.kind FROM alarm_journal j
         JOIN alarms a ON a.id = j.alarm_id
         WHERE j.at >= ? AND j.at <= ? AND j.event IN ('raised', 'reactivated') AND j.to_state = 'unack_active'
         ORDER BY j.at`,
      )
      .all(from, to) as Annunciation[];
  }

  /** When this data folder's alarm journal begins (null while it is empty). */
  firstEventAt(): number | null {
    const r = this.db.prepare('SELECT MIN(at) AS at FROM alarm_journal').get() as { at: number | null };
    return r.at;
  }

  /** Alarms flagged chattering that were open at some time in [from, to]. */
  chattering(from: number, to: number): Alarm[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM alarms WHERE chattering = 1 AND raised_at <= ? AND (closed_at IS NULL OR closed_at >= ?)
           ORDER BY count DESC LIMIT 100`,
        )
        .all(to, from) as AlarmRow[]
    ).map(fromRow);
  }

  floodStarted(area: string, at: number, peak: number): void {
    this.stmts.floodStart.run(area, at, peak);
  }

  floodEnded(area: string, at: number, peak: number): void {
    this.stmts.floodEnd.run(at, peak, area);
  }

  openFloods(): { area: string; startedAt: number; peak: number }[] {
    return this.stmts.openFloods.all() as { area: string; startedAt: number; peak: number }[];
  }

  /** Flood periods overlapping [from, to]. */
  floods(from: number, to: number): FloodPeriod[] {
    return this.db
      .prepare(
        `SELECT area, started_at AS startedAt, ended_at AS endedAt, peak FROM alarm_floods
         WHERE started_at <= ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY started_at`,
      )
      .all(to, from) as FloodPeriod[];
  }

  /** Areas that have ever had an alarm, for KPIs that should show quiet areas too. */
  areas(): string[] {
    return (this.db.prepare('SELECT DISTINCT area FROM alarms ORDER BY area').all() as { area: string }[]).map(
      (r) => r.area,
    );
  }
}
