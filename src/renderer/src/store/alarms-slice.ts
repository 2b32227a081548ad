// Open alarms by id (the queue and the shelved ones), kept in step with the engine by
// `alarms.changes`, and the flood state per area from `alarms.flood`. An alarm whose state
// becomes normal leaves the map: it is closed.
import type { StateCreator } from 'zustand';
import type { FloodStatus } from '../../../shared/contract';
import type { Alarm } from '../../../shared/domain';
import { isOpen } from './alarm-state';
import type { AppState } from './app-store';

export type AlarmMap = Readonly<Record<number, Alarm>>;

export interface AlarmsSlice {
  alarms: AlarmMap;
  /** Replaces the whole queue (initial load, reload after a reconnect). */
  setAlarms(alarms: readonly Alarm[]): void;
  /** Applies one change: an update, a new alarm, or its departure from the queue. */
  applyAlarm(alarm: Alarm): void;
  /** Flood state by area. */
  floods: Readonly<Record<string, FloodStatus>>;
  setFloods(list: readonly FloodStatus[]): void;
  applyFlood(status: FloodStatus): void;
}

export const createAlarmsSlice: StateCreator<AppState, [], [], AlarmsSlice> = (set) => ({
  alarms: {},
  floods: {},
  setFloods: (list) => set({ floods: Object.fromEntries(list.map((f) => [f.area, f])) }),
  applyFlood: (status) => set((s) => ({ floods: { ...s.floods, [status.area]: status } })),
  setAlarms: (list) => {
    const alarms: Record<number, Alarm> = {};
    for (const a of list) if (isOpen(a)) alarms[a.id] = a;
    set({ alarms });
  },
  applyAlarm: (alarm) =>
    set((s) => {
      if (isOpen(alarm)) return { alarms: { ...s.alarms, [alarm.id]: alarm } };
      if (!(alarm.id in s.alarms)) return s;
      const rest = { ...s.alarms };
      delete rest[alarm.id];
      return { alarms: rest };
    }),
});
