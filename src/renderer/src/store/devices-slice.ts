// The device registry as the engine reports it: what the wall lays out. Reloaded on every
// connect and when an unknown device appears; unchanged devices keep their object identity
// so their tiles and charts are not rebuilt by a reload.
import type { StateCreator } from 'zustand';
import type { Device } from '../../../shared/domain';
import type { AppState } from './app-store';

export interface DevicesSlice {
  devices: readonly Device[];
  /** Set once the first list has arrived, so the wall can tell "loading" from "no devices". */
  devicesLoaded: boolean;
  setDevices(devices: readonly Device[]): void;
  /** When a source last reported each device dead (Sparkplug deaths). */
  deaths: Readonly<Record<string, number>>;
  setDeaths(deaths: readonly { deviceId: string; at: number }[]): void;
  applyDeath(death: { deviceId: string; at: number }): void;
}

export const createDevicesSlice: StateCreator<AppState, [], [], DevicesSlice> = (set, get) => ({
  devices: [],
  devicesLoaded: false,
  deaths: {},
  setDeaths: (deaths) => set({ deaths: Object.fromEntries(deaths.map((d) => [d.deviceId, d.at])) }),
  applyDeath: ({ deviceId, at }) => set({ deaths: { ...get().deaths, [deviceId]: at } }),
  setDevices: (incoming) => {
    const previous = new Map(get().devices.map((d) => [d.id, d]));
    const devices = incoming.map((d) => {
      const old = previous.get(d.id);
      return old && JSON.stringify(old) === JSON.stringify(d) ? old : d;
    });
    set({ devices, devicesLoaded: true });
  },
});
