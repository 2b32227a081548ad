// Turns detection's conditions into ISA-18.2 alarms and carries out the operator's actions on
// them. One open alarm per key (device + signal + kind): repeats are counted on it. On- and
// off-delays are judged on reading timestamps; escalation, shelve expiry and flood ends run on
// the engine clock from one stoppable timer. Every transition is journaled and announced.
import type { FloodStatus } from '../../../shared/contract/alarms';
import { areaName, raisedAlarm, type Alarm, type AlarmKind, type Priority } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { AlarmCondition } from '../detect/condition';
import type { AlarmEvent, AlarmEventListener, AlarmEventType } from './alarm-events';
import { isUnacknowledged, nextAlarmState, type AlarmEvent as Transition } from './alarm-state';
import type { AlarmStore, JournalEntry } from './alarm-store';
import { FloodTracker, type FloodChange, type FloodOptions } from './flood-tracker';

export type AlarmListener = (alarm: Alarm) => void;
export type FloodListener = (status: FloodStatus) => void;

/** What the service needs of a condition; delays and message are optional for plain limit checks. */
export type ConditionInput = Pick<AlarmCondition, 'kind' | 'active' | 'limit' | 'priority'> &
  Partial<Pick<AlarmCondition, 'onDelayMs' | 'offDelayMs' | 'message'>>;

export interface AlarmServiceOptions {
  clock: () => number;
  /** The operator area of a device ('' or unknown → default). */
  areaOf?: (deviceId: string) => string | undefined;
  escalateAfterMs?: number;
  chattering?: { maxChanges: number; windowMs: number };
  flood?: FloodOptions;
  /** 0 runs no timer: the caller drives tick() (tests with a fake clock). */
  tickMs?: number;
  log?: (message: string) => void;
}

export function alarmKey(deviceId: string, signal: string, kind: AlarmKind): string {
  return `${deviceId}/${signal}/${kind}`;
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high', 'critical'];

function higher(a: Priority, b: Priority): Priority {
  return PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b;
}

const SYSTEM = 'system';

interface PendingEdge {
  active: boolean;
  since: number;
}

interface Change {
  type: AlarmEventType;
  at: number;
  by?: string | null;
  comment?: string | null;
  value?: number | null;
  /** Journal event name when it differs from the announced type. */
  journal?: string;
}

export class AlarmService {
  /** Open alarms (any state but normal), by key and by id. */
  private readonly open = new Map<string, Alarm>();
  private readonly byId = new Map<number, Alarm>();
  /** Edges waiting out their on- or off-delay, by key. */
  private readonly pending = new Map<string, PendingEdge>();
  /** Recent state changes per key (engine clock), for chattering. */
  private readonly changes = new Map<string, number[]>();
  /** Engine-clock time of the next reminder, per unacknowledged alarm id. */
  private readonly reminderDue = new Map<number, number>();
  private readonly listeners = new Set<AlarmListener>();
  private readonly eventListeners = new Set<AlarmEventListener>();
  private readonly floodListeners = new Set<FloodListener>();
  private readonly flood: FloodTracker;
  private readonly clock: () => number;
  private readonly escalateAfterMs: number;
  private readonly chatter: { maxChanges: number; windowMs: number };
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: AlarmStore,
    private readonly options: AlarmServiceOptions = { clock: Date.now },
  ) {
    this.clock = options.clock;
    this.escalateAfterMs = options.escalateAfterMs ?? 5 * 60_000;
    this.chatter = options.chattering ?? { maxChanges: 5, windowMs: 60_000 };
    this.flood = new FloodTracker(options.flood ?? { threshold: 10, windowMs: 10 * 60_000, endBelow: 5 });
  }

  start(): void {
    const now = this.clock();
    for (const a of this.store.open()) this.remember(a);
    for (const a of this.open.values()) {
      if (isUnacknowledged(a.state)) this.reminderDue.set(a.id, Math.max(now, a.lastAt + this.escalateAfterMs));
    }
    for (const f of this.store.openFloods()) this.flood.restore(f.area, f.startedAt, f.peak);
    const tickMs = this.options.tickMs ?? 1000;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.safeTick(), tickMs);
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    this.eventListeners.clear();
    this.floodListeners.clear();
  }

  /** Every changed alarm (the queue's stream). */
  onChange(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every change with what happened (notifications). */
  onEvent(listener: AlarmEventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** An area entering or leaving flood. */
  onFlood(listener: FloodListener): () => void {
    this.floodListeners.add(listener);
    return () => this.floodListeners.delete(listener);
  }

  /** Whether the condition behind this key is active (for hysteresis), whatever the alarm's state. */
  isConditionActive(key: string): boolean {
    return this.open.get(key)?.conditionActive ?? false;
  }

  /** Open alarms (any state but normal). */
  get activeCount(): number {
    return this.open.size;
  }

  openAlarm(id: number): Alarm | undefined {
    return this.byId.get(id);
  }

  floodStatus(): FloodStatus[] {
    const now = this.clock();
    const names = new Set([...this.flood.names(), ...this.store.areas()]);
    return [...names].sort().map((n) => this.flood.status(n, now));
  }

  // ── conditions from detection ────────────────────────────────────────────────────────────

  /** Applies one evaluation of one condition (see detect/condition.ts for the call pattern). */
  apply(deviceId: string, signal: string, cond: ConditionInput, value: number, ts: number): void {
    const key = alarmKey(deviceId, signal, cond.kind);
    const current = this.open.get(key);
    const wasActive = current?.conditionActive ?? false;

    if (cond.active === wasActive) {
      this.pending.delete(key); // a pending edge that did not last
      if (current && cond.active && PRIORITY_RANK[cond.priority] > PRIORITY_RANK[current.priority]) {
        // A worse limit (hi → hiHi) crossed while active.
        this.commit(
          {
            ...current,
            priority: cond.priority,
            value,
            limit: limitOf(cond),
            message: cond.message ?? current.message,
          },
          { type: 'escalated', at: ts, value, comment: `${current.priority} → ${cond.priority}` },
        );
      }
      return;
    }

    const delay = cond.active ? (cond.onDelayMs ?? 0) : (cond.offDelayMs ?? 0);
    if (delay > 0) {
      const p = this.pending.get(key);
      if (!p || p.active !== cond.active) {
        this.pending.set(key, { active: cond.active, since: ts });
        return;
      }
      if (ts - p.since < delay) return;
    }
    this.pending.delete(key);
    if (cond.active) this.activate(key, deviceId, signal, cond, value, ts, current);
    else if (current) this.deactivate(current, value, ts);
  }

  private activate(
    key: string,
    deviceId: string,
    signal: string,
    cond: ConditionInput,
    value: number,
    ts: number,
    current: Alarm | undefined,
  ): void {
    const area = areaName(this.options.areaOf?.(deviceId));
    if (!current) {
      const suppressed = cond.kind !== 'offline' && this.deviceOffline(deviceId);
      const state = suppressed ? 'suppressed' : 'unack_active';
      const alarm = this.store.insert(
        raisedAlarm({
          key,
          deviceId,
          signal,
          kind: cond.kind,
          area,
          priority: cond.priority,
          state,
          value,
          limit: limitOf(cond),
          message: cond.message || null,
          at: ts,
        }),
        {
          at: ts,
          event: 'raised',
          from: 'normal',
          to: state,
          value,
          by: SYSTEM,
          comment: suppressed ? 'suppressed: device offline' : cond.message || null,
        },
      );
      this.remember(alarm);
      this.announce(alarm, { type: suppressed ? 'suppressed' : 'raised', at: ts, by: SYSTEM, value });
      if (!suppressed) this.annunciated(alarm);
      this.noteChange(alarm);
      if (cond.kind === 'offline') this.suppressDevice(deviceId, ts);
      return;
    }

    const to = nextAlarmState(current.state, 'activate')!;
    const next: Alarm = {
      ...current,
      state: to,
      conditionActive: true,
      value,
      limit: limitOf(cond),
      message: cond.message || current.message,
      priority: higher(cond.priority, current.priority),
      lastAt: ts,
      count: current.count + 1,
      returnedAt: to === 'unack_active' ? null : current.returnedAt,
    };
    this.commit(next, { type: 'reactivated', at: ts, by: SYSTEM, value });
    if (to === 'unack_active') this.annunciated(this.open.get(key)!);
    this.noteChange(this.open.get(key)!);
    if (cond.kind === 'offline') this.suppressDevice(deviceId, ts);
  }

  private deactivate(current: Alarm, value: number, ts: number): void {
    const to = nextAlarmState(current.state, 'clear')!;
    const closing = to === 'normal';
    const next: Alarm = {
      ...current,
      state: to,
      conditionActive: false,
      returnedAt: ts,
      closedAt: closing ? ts : null,
      closedBy: closing ? SYSTEM : null,
    };
    this.commit(next, { type: 'returned', at: ts, by: SYSTEM, value });
    const after = this.open.get(current.key);
    if (after) this.noteChange(after);
    else this.noteChange(next);
    if (current.kind === 'offline') this.unsuppressDevice(current.deviceId, ts);
  }

  // ── operator actions ─────────────────────────────────────────────────────────────────────

  acknowledge(id: number, by: string, comment: string | undefined, now: number): Alarm {
    const current = this.openOrThrow(id);
    const to = this.transition(current, 'acknowledge', 'acknowledge');
    const note = comment && comment.length > 0 ? comment : null;
    const closing = to === 'normal';
    return this.commit(
      {
        ...current,
        state: to,
        ackedAt: now,
        ackedBy: by,
        ackComment: note,
        closedAt: closing ? now : null,
        closedBy: closing ? by : null,
      },
      { type: 'acknowledged', at: now, by, comment: note },
    );
  }

  /** Acknowledges each alarm on its own: one that cannot be acknowledged does not stop the rest. */
  acknowledgeMany(ids: readonly number[], by: string, comment: string | undefined, now: number) {
    return ids.map((id) => {
      try {
        return { id, ok: true, alarm: this.acknowledge(id, by, comment, now), code: null, message: null };
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        return { id, ok: false, alarm: null, code: err.code, message: err.message };
      }
    });
  }

  shelve(id: number, by: string, reason: string, until: number, now: number): Alarm {
    if (!reason.trim()) throw new EngineError('BAD_REQUEST', 'shelving needs a reason');
    if (until <= now) throw new EngineError('BAD_REQUEST', '"until" must be in the future');
    const current = this.openOrThrow(id);
    const to = this.transition(current, 'shelve', 'shelve');
    return this.commit(
      { ...current, state: to, shelvedUntil: until, shelvedBy: by, shelveReason: reason },
      { type: 'shelved', at: now, by, comment: `${reason} (until ${new Date(until).toISOString()})` },
    );
  }

  unshelve(id: number, by: string, comment: string | undefined, now: number): Alarm {
    const current = this.openOrThrow(id);
    return this.leaveHidden(current, 'unshelve', 'unshelved', by, comment ?? null, now, {
      shelvedUntil: null,
      shelvedBy: null,
      shelveReason: null,
    });
  }

  resolve(id: number, by: string, comment: string, now: number): Alarm {
    if (!comment.trim()) throw new EngineError('BAD_REQUEST', 'resolving an alarm needs a comment');
    const current = this.openOrThrow(id);
    const to = this.transition(current, 'resolve', 'resolve');
    this.pending.delete(current.key);
    const resolved = this.commit(
      { ...current, state: to, closedAt: now, closedBy: by, closeComment: comment },
      { type: 'resolved', at: now, by, comment },
    );
    if (current.kind === 'offline') this.unsuppressDevice(current.deviceId, now);
    return resolved;
  }

  removeFromService(id: number, by: string, comment: string, now: number): Alarm {
    if (!comment.trim()) throw new EngineError('BAD_REQUEST', 'taking an alarm out of service needs a comment');
    const current = this.openOrThrow(id);
    const to = this.transition(current, 'remove_from_service', 'take out of service');
    return this.commit(
      { ...current, state: to, shelvedUntil: null, shelvedBy: null, shelveReason: null },
      { type: 'out_of_service', at: now, by, comment },
    );
  }

  returnToService(id: number, by: string, comment: string | undefined, now: number): Alarm {
    const current = this.openOrThrow(id);
    return this.leaveHidden(current, 'return_to_service', 'in_service', by, comment ?? null, now, {});
  }

  // ── timers ───────────────────────────────────────────────────────────────────────────────

  /** Escalation and reminders, shelve expiry, flood ends — as of `now` on the engine clock. */
  tick(now: number = this.clock()): void {
    for (const a of [...this.open.values()]) {
      if (a.state === 'shelved' && a.shelvedUntil !== null && a.shelvedUntil <= now) {
        this.leaveHidden(a, 'unshelve', 'unshelved', SYSTEM, 'shelve expired', now, {
          shelvedUntil: null,
          shelvedBy: null,
          shelveReason: null,
        });
      }
    }
    for (const [id, due] of [...this.reminderDue]) {
      if (due > now) continue;
      const a = this.byId.get(id);
      if (!a || !isUnacknowledged(a.state)) {
        this.reminderDue.delete(id);
        continue;
      }
      this.remind(a, now);
    }
    for (const change of this.flood.tick(now)) this.floodChanged(change);
  }

  private safeTick(): void {
    try {
      this.tick();
    } catch (err) {
      this.options.log?.(`alarm timers failed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  private remind(a: Alarm, now: number): void {
    const step = PRIORITIES[Math.min(PRIORITY_RANK[a.priority] + 1, PRIORITIES.length - 1)]!;
    const raised = step !== a.priority;
    const minutes = Math.round(((a.reminders + 1) * this.escalateAfterMs) / 60_000);
    this.commit(
      { ...a, priority: step, reminders: a.reminders + 1 },
      {
        type: raised ? 'escalated' : 'reminder',
        at: now,
        by: SYSTEM,
        comment: raised
          ? `unacknowledged for ${minutes} min: ${a.priority} → ${step}`
          : `unacknowledged for ${minutes} min`,
      },
    );
    this.reminderDue.set(a.id, now + this.escalateAfterMs);
  }

  // ── suppression by design ────────────────────────────────────────────────────────────────

  private deviceOffline(deviceId: string): boolean {
    for (const a of this.open.values()) {
      if (a.deviceId === deviceId && a.kind === 'offline' && a.conditionActive) return true;
    }
    return false;
  }

  private suppressDevice(deviceId: string, at: number): void {
    for (const a of [...this.open.values()]) {
      if (a.deviceId !== deviceId || a.kind === 'offline') continue;
      const to = nextAlarmState(a.state, 'suppress');
      if (!to || to === a.state) continue;
      this.commit({ ...a, state: to }, { type: 'suppressed', at, by: SYSTEM, comment: 'device offline' });
    }
  }

  private unsuppressDevice(deviceId: string, at: number): void {
    if (this.deviceOffline(deviceId)) return;
    for (const a of [...this.open.values()]) {
      if (a.deviceId !== deviceId || a.state !== 'suppressed') continue;
      this.leaveHidden(a, 'unsuppress', 'unsuppressed', SYSTEM, 'device back online', at, {});
    }
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  /** Shelve, suppression or out-of-service ends: the alarm follows its condition as it is now. */
  private leaveHidden(
    current: Alarm,
    event: Transition,
    type: AlarmEventType,
    by: string,
    comment: string | null,
    now: number,
    patch: Partial<Alarm>,
  ): Alarm {
    const verb = event === 'unshelve' ? 'unshelve' : event === 'unsuppress' ? 'unsuppress' : 'return to service';
    const to = this.transition(current, event, verb);
    const closing = to === 'normal';
    const next: Alarm = {
      ...current,
      ...patch,
      state: to,
      // Annunciated afresh: it needs a new acknowledgement.
      ackedAt: closing ? current.ackedAt : null,
      ackedBy: closing ? current.ackedBy : null,
      ackComment: closing ? current.ackComment : null,
      reminders: closing ? current.reminders : 0,
      closedAt: closing ? now : null,
      closedBy: closing ? by : null,
    };
    return this.commit(next, { type, at: now, by, comment });
  }

  private openOrThrow(id: number): Alarm {
    const current = this.byId.get(id);
    if (current) return current;
    const stored = this.store.get(id);
    if (!stored) throw new EngineError('NOT_FOUND', `no alarm with id ${id}`);
    throw new EngineError('INVALID_STATE', `alarm ${id} is closed`, { state: stored.state });
  }

  private transition(current: Alarm, event: Transition, verb: string) {
    const to = nextAlarmState(current.state, event, current.conditionActive);
    if (!to) {
      throw new EngineError('INVALID_STATE', `cannot ${verb} alarm ${current.id}: it is ${current.state}`, {
        state: current.state,
        event,
      });
    }
    return to;
  }

  private commit(next: Alarm, change: Change): Alarm {
    const prev = this.byId.get(next.id);
    const entry: JournalEntry = {
      alarmId: next.id,
      at: change.at,
      event: change.journal ?? change.type,
      from: prev?.state ?? next.state,
      to: next.state,
      by: change.by ?? null,
      comment: change.comment ?? null,
      value: change.value ?? null,
    };
    this.store.update(next, [entry]);
    if (next.state === 'normal') this.forget(next);
    else this.remember(next);
    if (!isUnacknowledged(next.state)) this.reminderDue.delete(next.id);
    else if (!this.reminderDue.has(next.id)) this.reminderDue.set(next.id, this.clock() + this.escalateAfterMs);
    this.announce(next, change);
    return next;
  }

  private remember(a: Alarm): void {
    this.open.set(a.key, a);
    this.byId.set(a.id, a);
  }

  private forget(a: Alarm): void {
    this.open.delete(a.key);
    this.byId.delete(a.id);
    this.reminderDue.delete(a.id);
  }

  /** A new annunciation: counts toward the area's flood and starts the escalation timer. */
  private annunciated(a: Alarm): void {
    const now = this.clock();
    if (!this.reminderDue.has(a.id)) this.reminderDue.set(a.id, now + this.escalateAfterMs);
    const started = this.flood.note(a.area, now);
    if (started) this.floodChanged(started);
  }

  /** Counts a state change of the condition; past the limit the alarm is marked chattering. */
  private noteChange(a: Alarm): void {
    const now = this.clock();
    let times = this.changes.get(a.key);
    if (!times) {
      times = [];
      this.changes.set(a.key, times);
    }
    times.push(now);
    const cutoff = now - this.chatter.windowMs;
    while (times.length > 0 && times[0]! <= cutoff) times.shift();
    if (times.length <= this.chatter.maxChanges || a.chattering || a.state === 'normal') return;
    this.commit(
      { ...a, chattering: true },
      {
        type: 'chattering',
        at: now,
        by: SYSTEM,
        comment: `${times.length} changes within ${Math.round(this.chatter.windowMs / 1000)} s`,
      },
    );
  }

  private floodChanged(change: FloodChange): void {
    if (change.started) this.store.floodStarted(change.area, change.at, change.peak);
    else this.store.floodEnded(change.area, change.at, change.peak);
    this.options.log?.(
      change.started ? `alarm flood in area ${change.area}` : `alarm flood in area ${change.area} is over`,
    );
    const status = this.flood.status(change.area, change.at);
    for (const l of this.floodListeners) l(status);
  }

  private announce(alarm: Alarm, change: Change): void {
    for (const l of this.listeners) l(alarm);
    if (this.eventListeners.size === 0) return;
    const event: AlarmEvent = {
      type: change.type,
      alarm,
      at: change.at,
      by: change.by ?? null,
      comment: change.comment ?? null,
    };
    for (const l of this.eventListeners) l(event);
  }
}

function limitOf(cond: ConditionInput): number | null {
  return Number.isFinite(cond.limit) ? cond.limit : null;
}
