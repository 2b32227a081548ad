// Turns detection's conditions into ISA-18.2 alarms and carries out the operator's actions on
// them. One open alarm per key (device + signal + kind): repeats are counted on it. On- and
// off-delays are judged on reading timestamps; escalation, shelve expiry and flood ends run on
// the engine clock from one stoppable timer. Every transition is journaled and announced.
// Escalation (a reminder, and one priority step) applies only while the condition is active
// and unacknowledged: an alarm that returned to normal waits for its acknowledgement without
// climbing. A chattering alarm is held: it returns only once its condition has stayed clear for
// the chattering window, so its repeats are counted on it rather than raised again.
import type { FloodStatus } from '../../../shared/contract/alarms';
import { areaName, escalated, raisedAlarm, URGENCY, type Alarm, type AlarmKind } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { AlarmCondition } from '../detect/condition';
import {
  AlarmAnnouncer,
  type AlarmEventListener,
  type AlarmEventType,
  type AlarmListener,
  type FloodListener,
} from './alarm-events';
import { nextAlarmState, type AlarmEvent as Transition } from './alarm-state';
import type { AlarmStore, JournalEntry } from './alarm-store';
import { acknowledged, reactivated, returned, unhidden } from './alarm-records';
import { ChatterWindow, EdgeDelays } from './condition-timing';
import { FloodTracker, type FloodChange, type FloodOptions } from './flood-tracker';

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

const SYSTEM = 'system';

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
  private readonly delays = new EdgeDelays();
  private readonly chatter: ChatterWindow;
  /** Engine-clock time of the next reminder, per unacknowledged alarm id. */
  private readonly reminderDue = new Map<number, number>();
  private readonly announcer = new AlarmAnnouncer();
  private readonly flood: FloodTracker;
  private readonly clock: () => number;
  private readonly escalateAfterMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: AlarmStore,
    private readonly options: AlarmServiceOptions = { clock: Date.now },
  ) {
    this.clock = options.clock;
    this.escalateAfterMs = options.escalateAfterMs ?? 5 * 60_000;
    this.chatter = new ChatterWindow(options.chattering ?? { maxChanges: 5, windowMs: 60_000 });
    this.flood = new FloodTracker(options.flood ?? { threshold: 10, windowMs: 10 * 60_000, endBelow: 5 });
  }

  start(): void {
    const now = this.clock();
    for (const a of this.store.open()) this.remember(a);
    for (const a of this.open.values()) {
      if (escalates(a)) this.reminderDue.set(a.id, Math.max(now, a.lastAt + this.escalateAfterMs));
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
    this.announcer.clear();
  }

  /** Every changed alarm (the queue's stream). */
  onChange(listener: AlarmListener): () => void {
    return this.announcer.onChange(listener);
  }

  /** Every change with what happened (notifications). */
  onEvent(listener: AlarmEventListener): () => void {
    return this.announcer.onEvent(listener);
  }

  /** An area entering or leaving flood. */
  onFlood(listener: FloodListener): () => void {
    return this.announcer.onFlood(listener);
  }

  /** Whether the condition behind this key is active (for hysteresis), whatever the alarm's state. */
  isConditionActive(key: string): boolean {
    return this.open.get(key)?.conditionActive ?? false;
  }

  /** Open alarms (any state but normal). */
  get activeCount(): number {
    return this.open.size;
  }

  /** Every open alarm as held in memory (GET /metrics counts them by priority and state). */
  openAlarms(): IterableIterator<Alarm> {
    return this.byId.values();
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
      this.delays.cancel(key);
      if (current && cond.active && URGENCY[cond.priority] > URGENCY[current.priority]) {
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

    const offDelay = Math.max(cond.offDelayMs ?? 0, current?.chattering ? this.chatter.limits.windowMs : 0);
    const delay = cond.active ? (cond.onDelayMs ?? 0) : offDelay;
    if (!this.delays.passed(key, cond.active, delay, ts)) return;
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
    const message = cond.message;
    const next = this.commit(
      reactivated(current, to, { value, limit: limitOf(cond), message, priority: cond.priority, at: ts }),
      { type: 'reactivated', at: ts, by: SYSTEM, value },
    );
    if (to === 'unack_active') this.annunciated(next);
    this.noteChange(next);
    if (cond.kind === 'offline') this.suppressDevice(deviceId, ts);
  }

  private deactivate(current: Alarm, value: number, ts: number): void {
    const to = nextAlarmState(current.state, 'clear')!;
    const next = this.commit(returned(current, to, ts, SYSTEM), { type: 'returned', at: ts, by: SYSTEM, value });
    this.noteChange(next);
    if (current.kind === 'offline') this.unsuppressDevice(current.deviceId, ts);
  }

  // ── operator actions ─────────────────────────────────────────────────────────────────────

  acknowledge(id: number, by: string, comment: string | undefined, now: number): Alarm {
    const current = this.openOrThrow(id);
    const to = this.transition(current, 'acknowledge', 'acknowledge');
    const note = comment && comment.length > 0 ? comment : null;
    return this.commit(acknowledged(current, to, by, note, now), { type: 'acknowledged', at: now, by, comment: note });
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
    this.delays.cancel(current.key);
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
      if (!a || !escalates(a)) {
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
    const step = escalated(a.priority);
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
    return this.commit(unhidden(current, to, patch, by, now), { type, at: now, by, comment });
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
    if (!escalates(next)) this.reminderDue.delete(next.id);
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
    const changes = this.chatter.note(a.key, now);
    if (changes <= this.chatter.limits.maxChanges || a.chattering || a.state === 'normal') return;
    this.commit(
      { ...a, chattering: true },
      {
        type: 'chattering',
        at: now,
        by: SYSTEM,
        comment: `${changes} changes within ${Math.round(this.chatter.limits.windowMs / 1000)} s`,
      },
    );
  }

  private floodChanged(change: FloodChange): void {
    if (change.started) this.store.floodStarted(change.area, change.at, change.peak);
    else this.store.floodEnded(change.area, change.at, change.peak);
    this.options.log?.(
      change.started ? `alarm flood in area ${change.area}` : `alarm flood in area ${change.area} is over`,
    );
    this.announcer.flood(this.flood.status(change.area, change.at));
  }

  private announce(alarm: Alarm, change: Change): void {
    const { type, at } = change;
    this.announcer.alarm(alarm, { type, at, by: change.by ?? null, comment: change.comment ?? null });
  }
}

/** Reminders and escalation run only for an alarm whose condition is active and that nobody acknowledged. */
function escalates(a: Alarm): boolean {
  return a.state === 'unack_active' && a.conditionActive;
}

function limitOf(cond: ConditionInput): number | null {
  return Number.isFinite(cond.limit) ? cond.limit : null;
}
