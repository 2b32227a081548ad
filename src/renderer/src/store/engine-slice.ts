// What the header says about the link and the engine: connection state and the latest
// health report (every 2 s from the `engine.health` stream), and whether the page's code is
// older than the engine's (a part of the contract could not be fetched: reload).
import type { StateCreator } from 'zustand';
import type { Health } from '../../../shared/domain';
import type { AppState } from './app-store';

export type ConnectionStatus = 'open' | 'closed';

export interface EngineSlice {
  connection: ConnectionStatus;
  health: Health | null;
  /** Set once, the first time a part of the contract could not be fetched; a reload clears it. */
  pageOutdated: boolean;
  setConnection(status: ConnectionStatus): void;
  setHealth(health: Health): void;
  setPageOutdated(): void;
}

export const createEngineSlice: StateCreator<AppState, [], [], EngineSlice> = (set) => ({
  connection: 'closed',
  health: null,
  pageOutdated: false,
  setConnection: (connection) => set({ connection }),
  setHealth: (health) => set({ health }),
  setPageOutdated: () => set({ pageOutdated: true }),
});
