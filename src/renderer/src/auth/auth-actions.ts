// What the header's user menu and the lock screen can ask of the session (provided by
// AuthGate, which owns the connection): lock, unlock, change one's password, sign out, and
// open the first-run screen from the open-mode note.
import { createContext, useContext } from 'react';

export interface AuthActions {
  lock(): Promise<void>;
  /** Null when unlocked; otherwise what went wrong, in words. */
  unlock(password: string): Promise<string | null>;
  changePassword(current: string, next: string): Promise<string | null>;
  signOut(): Promise<void>;
  openSetup(): void;
}

export const AuthActionsContext = createContext<AuthActions | null>(null);

export function useAuthActions(): AuthActions | null {
  return useContext(AuthActionsContext);
}
