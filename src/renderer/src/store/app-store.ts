// The one zustand store for UI and domain state, composed from typed slices. Live readings
// are deliberately absent: they live in telemetry/ ring buffers. Read it with single-value
// selectors (or useShallow) so a component re-renders only for what it shows.
import { create } from 'zustand';
import { createAlarmsSlice, type AlarmsSlice } from './alarms-slice';
import { createAuthSlice, type AuthSlice } from './auth-slice';
import { createDevicesSlice, type DevicesSlice } from './devices-slice';
import { createEngineSlice, type EngineSlice } from './engine-slice';
import { createViewSlice, type ViewSlice } from './view-slice';

export type AppState = DevicesSlice & AlarmsSlice & EngineSlice & ViewSlice & AuthSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createDevicesSlice(...a),
  ...createAlarmsSlice(...a),
  ...createEngineSlice(...a),
  ...createViewSlice(...a),
  ...createAuthSlice(...a),
}));
