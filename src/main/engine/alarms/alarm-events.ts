// What the alarm service announces: every change to an alarm as a typed event, for the queue's
// stream and for notifications. Listeners run synchronously inside the service: they must not
// throw or block (queue any delivery).
import type { AlarmEventType, FloodStatus } from '../../../shared/contract/alarms';
import type { Alarm } from '../../../shared/domain';

/** Declared in the contract, which carries it on alarms.changes. */
export type { AlarmEventType };

export interface AlarmEvent {
  type: AlarmEventType;
  /** The alarm after the change. Its state 'normal' means it is closed. */
  alarm: Alarm;
  at: number;
  by: string | null;
  comment: string | null;
}

export type AlarmEventListener = (event: AlarmEvent) => void;
export type AlarmListener = (alarm: Alarm) => void;
export type FloodListener = (status: FloodStatus) => void;

/** The alarm service's listeners: changed alarms (the queue), typed events (notifications), floods. */
export class AlarmAnnouncer {
  private readonly changes = new Set<AlarmListener>();
  private readonly events = new Set<AlarmEventListener>();
  private readonly floods = new Set<FloodListener>();

  onChange(listener: AlarmListener): () => void {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  }

  onEvent(listener: AlarmEventListener): () => void {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }

  onFlood(listener: FloodListener): () => void {
    this.floods.add(listener);
    return () => this.floods.delete(listener);
  }

  /** One change to one alarm; the event is built only when someone listens for events. */
  alarm(alarm: Alarm, change: Omit<AlarmEvent, 'alarm'>): void {
    for (const l of this.changes) l(alarm);
    if (this.events.size === 0) return;
    const event: AlarmEvent = { ...change, alarm };
    for (const l of this.events) l(event);
  }

  flood(status: FloodStatus): void {
    for (const l of this.floods) l(status);
  }

  clear(): void {
    this.changes.clear();
    this.events.clear();
    this.floods.clear();
  }
}
