// Who this page acts as (auth.status at connect, then the auth.changes stream): open mode or
// users, the signed-in user with role and areas, whether the session is locked. Views read it
// through auth/can.ts to grey out what the user may not do; the engine refuses it anyway.
import type { StateCreator } from 'zustand';
import type { AuthStatus } from '../../../shared/contract/auth';
import type { AppState } from './app-store';

export interface AuthSlice {
  /** Null until the engine has said (an engine that never says is treated as open). */
  auth: AuthStatus | null;
  setAuth(status: AuthStatus | null): void;
}

export const createAuthSlice: StateCreator<AppState, [], [], AuthSlice> = (set) => ({
  auth: null,
  setAuth: (auth) => set({ auth }),
});
