// What the header says about the link and the engine: connection state and the latest
// health report (every 2 s from the `engine.health` stream).
import type { StateCreator } from 'zustand';
import type { Health } from '../../../shared/domain';
import type { AppState } from './app-store';

export type ConnectionStatus = 'open' | 'closed';

export interface EngineSlice {
  connection: ConnectionStatus;
  health: Health | null;
  setConnection(status: ConnectionStatus): void;
  setHealth(health: Health): void;
}

export const createEngineSlice: StateCreator<AppState, [], [], EngineSlice> = (set) => ({
  connection: 'closed',
  health: null,
  setConnection: (connection) => set({ connection }),
  setHealth: (health) => set({ health }),
});
