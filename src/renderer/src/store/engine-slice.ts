// What the header says about the link and the engine: connection state and the latest
// health report (every 2 s from the `engine.health` stream), and whether the page's code is
// older than the engine's (a part of the contract could not be fetched: reload). While the link
// is lost, `staleSince` is when the engine was last heard from: live values show as stale.
import type { StateCreator } from 'zustand';
import type { Health } from '../../../shared/domain';
import type { AppState } from './app-store';

export type ConnectionStatus = 'open' | 'closed';

export interface EngineSlice {
  connection: ConnectionStatus;
  /** The last time the engine was heard from, while the link is lost after having been open; else null. */
  staleSince: number | null;
  health: Health | null;
  /** Set once, the first time a part of the contract could not be fetched; a reload clears it. */
  pageOutdated: boolean;
  /** `lastHeard`: when the engine last sent anything (the link was open before); omitted on the first connect. */
  setConnection(status: ConnectionStatus, lastHeard?: number): void;
  setHealth(health: Health): void;
  setPageOutdated(): void;
}

export const createEngineSlice: StateCreator<AppState, [], [], EngineSlice> = (set) => ({
  connection: 'closed',
  staleSince: null,
  health: null,
  pageOutdated: false,
  setConnection: (connection, lastHeard) =>
    set((s) => ({
      connection,
      staleSince: connection === 'open' ? null : (s.staleSince ?? lastHeard ?? null),
    })),
  setHealth: (health) => set({ health }),
  setPageOutdated: () => set({ pageOutdated: true }),
});
