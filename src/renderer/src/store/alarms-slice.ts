// Open alarms by id, kept in step with the engine by `alarms.changes`. An alarm whose state
// becomes normal leaves the map: the queue shows only what still needs the operator.
import type { StateCreator } from 'zustand';
import type { Alarm } from '../../../shared/domain';
import { isInQueue } from './alarm-queue';
import type { AppState } from './app-store';

export type AlarmMap = Readonly<Record<number, Alarm>>;

export interface AlarmsSlice {
  alarms: AlarmMap;
  /** Replaces the whole queue (initial load, reload after a reconnect). */
  setAlarms(alarms: readonly Alarm[]): void;
  /** Applies one change: an update, a new alarm, or its departure from the queue. */
  applyAlarm(alarm: Alarm): void;
}

export const createAlarmsSlice: StateCreator<AppState, [], [], AlarmsSlice> = (set) => ({
  alarms: {},
  setAlarms: (list) => {
    const alarms: Record<number, Alarm> = {};
    for (const a of list) if (isInQueue(a)) alarms[a.id] = a;
    set({ alarms });
  },
  applyAlarm: (alarm) =>
    set((s) => {
      if (isInQueue(alarm)) return { alarms: { ...s.alarms, [alarm.id]: alarm } };
      if (!(alarm.id in s.alarms)) return s;
      const rest = { ...s.alarms };
      delete rest[alarm.id];
      return { alarms: rest };
    }),
});
