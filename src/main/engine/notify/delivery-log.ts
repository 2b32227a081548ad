// The delivery log in state.db: one row per notification per channel, and one per attempt.
// Rows in status "pending" or "waiting" are the persisted queue: they survive a restart and are
// resumed. The log pages newest first (offset/limit, with the total) and counts the reasons.
import type { DeliveryAttempt, DeliveryStatus, NotificationDelivery } from '../../../shared/contract/notifications';
import type { StateDb } from '../state/state-db';
import type { OutgoingMessage } from './message';

interface DeliveryRow {
  id: number;
  created_at: number;
  event: string;
  alarm_id: number | null;
  alarm_key: string | null;
  route_id: string | null;
  channel: string;
  target: string;
  subject: string;
  message: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  sent_at: number | null;
  updated_at: number;
}

interface AttemptRow {
  delivery_id: number;
  attempt: number;
  at: number;
  ok: number;
  detail: string;
  duration_ms: number;
}

export interface NewDelivery {
  at: number;
  event: string;
  alarmId: number | null;
  alarmKey: string | null;
  routeId: string | null;
  channel: string;
  target: string;
  message: OutgoingMessage;
  status: DeliveryStatus;
  lastError?: string | null;
}

export interface PendingDelivery {
  id: number;
  createdAt: number;
  channel: string;
  target: string;
  attempts: number;
  nextAttemptAt: number;
  message: OutgoingMessage;
}

export interface ListQuery {
  status?: DeliveryStatus[];
  channel?: string;
  beforeId?: number;
  offset?: number;
  limit: number;
}

export class DeliveryLog {
  private readonly insertStmt;
  private readonly attemptStmt;
  private readonly settleStmt;
  private readonly targetStmt;

  constructor(private readonly db: StateDb) {
    this.insertStmt = db.prepare(
      `INSERT INTO notification_deliveries
        (created_at, event, alarm_id, alarm_key, route_id, channel, target, subject, message, status,
         attempts, next_attempt_at, last_error, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    );
    this.attemptStmt = db.prepare(
      'INSERT INTO notification_attempts (delivery_id, attempt, at, ok, detail, duration_ms) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.settleStmt = db.prepare(
      `UPDATE notification_deliveries
         SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sent_at = ?, updated_at = ?
       WHERE id = ?`,
    );
    this.targetStmt = db.prepare('UPDATE notification_deliveries SET target = ? WHERE id = ?');
  }

  insert(d: NewDelivery): number {
    const r = this.insertStmt.run(
      d.at,
      d.event,
      d.alarmId,
      d.alarmKey,
      d.routeId,
      d.channel,
      d.target,
      d.message.subject,
      JSON.stringify(d.message),
      d.status,
      d.status === 'pending' ? d.at : null,
      d.lastError ?? null,
      d.at,
    );
    return Number(r.lastInsertRowid);
  }

  /** Records one attempt and the delivery's state after it, in one transaction. */
  recordAttempt(
    id: number,
    attempt: number,
    at: number,
    ok: boolean,
    detail: string,
    durationMs: number,
    next: { status: DeliveryStatus; nextAttemptAt: number | null; target?: string },
  ): void {
    this.db.transaction(() => {
      this.attemptStmt.run(id, attempt, at, ok ? 1 : 0, detail.slice(0, 2000), durationMs);
      this.settleStmt.run(
        next.status,
        attempt,
        next.nextAttemptAt,
        ok ? null : detail.slice(0, 2000),
        ok ? at : null,
        at,
        id,
      );
      if (next.target !== undefined) {
        this.targetStmt.run(next.target, id);
      }
    })();
  }

  /** A delivery nobody can take now (no window open): it waits, without an attempt, until `until`. */
  park(id: number, at: number, reason: string, until: number): void {
    this.db
      .prepare(
        `UPDATE notification_deliveries SET status = 'waiting', next_attempt_at = ?, last_error = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(until, reason, at, id);
  }

  /** A waiting delivery whose time ran out: not shown, with why (not a failure). */
  expire(id: number, at: number, reason: string): void {
    this.db
      .prepare(
        `UPDATE notification_deliveries SET status = 'not_shown', next_attempt_at = NULL, last_error = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(reason, at, id);
  }

  /** Fails a pending delivery without an attempt (e.g. its channel was removed). */
  abandon(id: number, at: number, reason: string): void {
    this.db
      .prepare(
        `UPDATE notification_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(reason, at, id);
  }

  pending(): PendingDelivery[] {
    const rows = this.db
      .prepare(`SELECT * FROM notification_deliveries WHERE status IN ('pending', 'waiting') ORDER BY id`)
      .all() as DeliveryRow[];
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      channel: r.channel,
      target: r.target,
      attempts: r.attempts,
      // a waiting row's next_attempt_at is its expiry: it is tried again at once (a window may be open)
      nextAttemptAt: r.status === 'waiting' ? r.created_at : (r.next_attempt_at ?? r.created_at),
      message: JSON.parse(r.message) as OutgoingMessage,
    }));
  }

  get(id: number): NotificationDelivery | undefined {
    const row = this.db.prepare('SELECT * FROM notification_deliveries WHERE id = ?').get(id) as
      DeliveryRow | undefined;
    return row ? this.withAttempts([row])[0] : undefined;
  }

  list(opts: ListQuery): NotificationDelivery[] {
    const { sql, args } = this.filter(opts);
    const rows = this.db
      .prepare(`SELECT * FROM notification_deliveries ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(...args, opts.limit, opts.offset ?? 0) as DeliveryRow[];
    return this.withAttempts(rows);
  }

  /** How many entries match a filter, over all pages. */
  total(opts: Omit<ListQuery, 'limit' | 'offset'>): number {
    const { sql, args } = this.filter(opts);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM notification_deliveries ${sql}`).get(...args) as { n: number })
      .n;
  }

  /** Why deliveries did not go out, counted: [status, reason, count], most frequent first. */
  reasons(limit = 20): [DeliveryStatus, string, number][] {
    const rows = this.db
      .prepare(
        `SELECT status, last_error AS reason, COUNT(*) AS n FROM notification_deliveries
         WHERE status IN ('failed', 'dropped', 'not_shown', 'rate_limited', 'waiting') AND last_error IS NOT NULL
         GROUP BY status, last_error ORDER BY n DESC LIMIT ?`,
      )
      .all(limit) as { status: DeliveryStatus; reason: string; n: number }[];
    return rows.map((r) => [r.status, r.reason, r.n]);
  }

  private filter(opts: Omit<ListQuery, 'limit' | 'offset'>): { sql: string; args: unknown[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.status) {
      where.push(`status IN (${opts.status.map(() => '?').join(',')})`);
      args.push(...opts.status);
    }
    if (opts.channel) {
      where.push('channel = ?');
      args.push(opts.channel);
    }
    if (opts.beforeId !== undefined) {
      where.push('id < ?');
      args.push(opts.beforeId);
    }
    return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
  }

  counts(): Record<DeliveryStatus, number> {
    const out: Record<DeliveryStatus, number> = {
      pending: 0,
      sent: 0,
      failed: 0,
      rate_limited: 0,
      dropped: 0,
      waiting: 0,
      not_shown: 0,
    };
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM notification_deliveries GROUP BY status').all() as {
      status: DeliveryStatus;
      n: number;
    }[];
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  /** Forgets settled deliveries created before `cutoff`; pending and waiting ones stay. */
  prune(cutoff: number): number {
    return this.db
      .prepare(`DELETE FROM notification_deliveries WHERE created_at < ? AND status NOT IN ('pending', 'waiting')`)
      .run(cutoff).changes;
  }

  private withAttempts(rows: DeliveryRow[]): NotificationDelivery[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const attempts = this.db
      .prepare(
        `SELECT * FROM notification_attempts WHERE delivery_id IN (${ids.map(() => '?').join(',')})
         ORDER BY delivery_id, attempt`,
      )
      .all(...ids) as AttemptRow[];
    const byId = new Map<number, DeliveryAttempt[]>();
    for (const a of attempts) {
      let list = byId.get(a.delivery_id);
      if (!list) byId.set(a.delivery_id, (list = []));
      list.push({ attempt: a.attempt, at: a.at, ok: a.ok === 1, detail: a.detail, durationMs: a.duration_ms });
    }
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      event: r.event,
      alarmId: r.alarm_id,
      alarmKey: r.alarm_key,
      routeId: r.route_id,
      channel: r.channel,
      target: r.target,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
      sentAt: r.sent_at,
      updatedAt: r.updated_at,
      attemptLog: byId.get(r.id) ?? [],
    }));
  }
}
