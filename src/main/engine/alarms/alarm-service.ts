// Turns limit conditions into ISA-18.2 alarms: one open alarm per key (device + signal + kind),
// repeats counted on it, every transition journaled, every change announced to listeners.
import type { Alarm, AlarmKind } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { LimitCondition } from '../detect/limit-rules';
import { isActive, nextAlarmState } from './alarm-state';
import type { AlarmStore } from './alarm-store';

export type AlarmListener = (alarm: Alarm) => void;

export function alarmKey(deviceId: string, signal: string, kind: AlarmKind): string {
  return `${deviceId}/${signal}/${kind}`;
}

export class AlarmService {
  /** Open alarms (any state but normal), by key. */
  private readonly open = new Map<string, Alarm>();
  private readonly listeners = new Set<AlarmListener>();

  constructor(private readonly store: AlarmStore) {}

  start(): void {
    for (const a of this.store.open()) this.open.set(a.key, a);
  }

  stop(): void {
    this.listeners.clear();
  }

  onChange(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the condition behind this key is currently active (for limit deadbands). */
  isConditionActive(key: string): boolean {
    const a = this.open.get(key);
    return a !== undefined && isActive(a.state);
  }

  get activeCount(): number {
    return this.open.size;
  }

  /** Applies one evaluated condition for one reading. */
  apply(deviceId: string, signal: string, cond: LimitCondition, value: number, ts: number): void {
    const key = alarmKey(deviceId, signal, cond.kind);
    const current = this.open.get(key);

    if (!current) {
      if (!cond.active) return;
      const alarm = this.store.insert(
        {
          id: 0,
          key,
          deviceId,
          signal,
          kind: cond.kind,
          priority: cond.priority,
          state: 'unack_active',
          value,
          limit: cond.limit,
          raisedAt: ts,
          lastAt: ts,
          count: 1,
          returnedAt: null,
          ackedAt: null,
          ackedBy: null,
          ackComment: null,
          closedAt: null,
        },
        { at: ts, event: 'raised', from: 'normal', to: 'unack_active', value },
      );
      this.open.set(key, alarm);
      this.emit(alarm);
      return;
    }

    if (cond.active) {
      const wasActive = isActive(current.state);
      const escalated = cond.priority === 'critical' && current.priority !== 'critical';
      if (wasActive && !escalated) return; // still active: nothing an operator needs to see
      const to = nextAlarmState(current.state, 'activate')!;
      const next: Alarm = {
        ...current,
        state: to,
        value,
        limit: cond.limit,
        priority: escalated ? cond.priority : current.priority,
        lastAt: ts,
        count: wasActive ? current.count : current.count + 1,
        returnedAt: wasActive ? current.returnedAt : null,
      };
      this.commit(next, {
        alarmId: current.id,
        at: ts,
        event: wasActive ? 'escalated' : 'reactivated',
        from: current.state,
        to,
        value,
      });
      return;
    }

    if (!isActive(current.state)) return; // already returned, waiting for acknowledgement
    const to = nextAlarmState(current.state, 'clear')!;
    const next: Alarm = {
      ...current,
      state: to,
      returnedAt: ts,
      closedAt: to === 'normal' ? ts : null,
    };
    this.commit(next, { alarmId: current.id, at: ts, event: 'returned', from: current.state, to, value });
  }

  acknowledge(id: number, by: string, comment: string | undefined, now: number): Alarm {
    const current = [...this.open.values()].find((a) => a.id === id);
    if (!current) {
      const stored = this.store.get(id);
      if (!stored) throw new EngineError('NOT_FOUND', `no alarm with id ${id}`);
      throw new EngineError('INVALID_STATE', `alarm ${id} is already closed`);
    }
    const to = nextAlarmState(current.state, 'acknowledge');
    if (!to) throw new EngineError('INVALID_STATE', `alarm ${id} is already acknowledged`);
    const next: Alarm = {
      ...current,
      state: to,
      ackedAt: now,
      ackedBy: by,
      ackComment: comment && comment.length > 0 ? comment : null,
      closedAt: to === 'normal' ? now : null,
    };
    this.commit(next, {
      alarmId: id,
      at: now,
      event: 'acknowledged',
      from: current.state,
      to,
      by,
      comment: next.ackComment,
    });
    return next;
  }

  private commit(next: Alarm, entry: Parameters<AlarmStore['update']>[1]): void {
    this.store.update(next, entry);
    if (next.state === 'normal') this.open.delete(next.key);
    else this.open.set(next.key, next);
    this.emit(next);
  }

  private emit(alarm: Alarm): void {
    for (const l of this.listeners) l(alarm);
  }
}
