// The window's top: the sign-in or first-run screen (fetched only when needed), or the control
// room with its lock. Locking keeps the control room mounted and live underneath — alarms keep
// arriving, showing and sounding — while it takes no input (`inert`, and the lock screen keeps
// the page's keys); the idle timer locks engineer and admin sessions after
// status.session.idleLockMs without input.
import { lazy, Suspense, useEffect, useMemo, useSyncExternalStore } from 'react';
import { EngineError } from '../../../shared/errors';
import { App } from '../app/App';
import { EngineContext } from '../app/engine-context';
import { useAppStore } from '../store/app-store';
import { AuthActionsContext, type AuthActions } from './auth-actions';
import { LockScreen } from './LockScreen';
import type { ContractClient } from '../../../shared/rpc/client';
import type { TelemetryStore } from '../telemetry/telemetry-store';
import type { RoomHandle, SessionController } from './session-controller';
import './auth.css';

/** How often a sign-in screen asks whether the window has been signed in from another tab. */
const SIGNIN_RECHECK_MS = 5000;

const SignInScreen = lazy(() => import('./SignInScreen').then((m) => ({ default: m.SignInScreen })));
const SetupScreen = lazy(() => import('./SetupScreen').then((m) => ({ default: m.SetupScreen })));

function wordsOf(err: unknown): string {
  if (err instanceof EngineError && (err.code === 'UNAVAILABLE' || err.code === 'TIMEOUT'))
    return 'The engine does not answer. Check the connection and try again.';
  return err instanceof Error ? err.message : String(err);
}

/** A running control room: its client and buffers, and how to let go of them. */
export interface Room extends RoomHandle {
  client: ContractClient;
  telemetry: TelemetryStore;
}

export function AuthGate({ session }: { session: SessionController<Room> }) {
  const screen = useSyncExternalStore(session.subscribe, session.getScreen);
  const auth = useAppStore((s) => s.auth);
  const setAuth = useAppStore((s) => s.setAuth);
  const room = screen.kind === 'app' ? session.room : null;
  const locked = auth?.session?.locked ?? false;
  const idleMs = auth?.session?.idleLockMs ?? null;

  const actions = useMemo<AuthActions | null>(() => {
    if (!room) return null;
    const { client } = room;
    return {
      lock: async () => {
        try {
          setAuth(await client.request('auth.lock', {}));
        } catch (err) {
          console.warn('[watchfloor] could not lock the screen', err);
        }
      },
      unlock: async (password) => {
        try {
          setAuth(await client.request('auth.unlock', { password }));
          return null;
        } catch (err) {
          return wordsOf(err);
        }
      },
      changePassword: async (current, next) => {
        try {
          await client.request('auth.changePassword', { current, next });
          return null;
        } catch (err) {
          return wordsOf(err);
        }
      },
      signOut: () => session.signOut(),
      openSetup: session.openSetup,
    };
  }, [room, session, setAuth]);

  // Signed in from another tab meanwhile (the cookie is the browser's): asked again when the
  // window is looked at again, its address changes, and every few seconds.
  useEffect(() => {
    if (screen.kind !== 'signin') return;
    const recheck = () => void session.recheck();
    const events = ['focus', 'hashchange'] as const;
    for (const e of events) window.addEventListener(e, recheck);
    document.addEventListener('visibilitychange', recheck);
    const timer = setInterval(recheck, SIGNIN_RECHECK_MS);
    return () => {
      for (const e of events) window.removeEventListener(e, recheck);
      document.removeEventListener('visibilitychange', recheck);
      clearInterval(timer);
    };
  }, [screen.kind, session]);

  useEffect(() => {
    if (!actions || locked || idleMs === null) return;
    // The idle timer is fetched here, after the first paint (an idle lock is minutes away); the
    // lock screen itself is not: a locked window must always be able to unlock.
    let stop: (() => void) | null = null;
    let gone = false;
    void import('./idle-timer').then((m) => {
      if (!gone) stop = m.watchIdle(window, idleMs, () => void actions.lock());
    });
    return () => {
      gone = true;
      stop?.();
    };
  }, [actions, locked, idleMs]);

  if (screen.kind === 'connecting')
    return (
      <main className="app-main view-loading">
        <span>Connecting to the engine…</span>
      </main>
    );
  if (screen.kind === 'signin')
    return (
      <Suspense fallback={null}>
        <SignInScreen engine={session.engine} notice={screen.notice} onSignIn={session.signIn} />
      </Suspense>
    );
  if (screen.kind === 'setup')
    return (
      <Suspense fallback={null}>
        <SetupScreen
          engine={session.engine}
          token={screen.token}
          needsToken={screen.needsToken}
          onSetUp={session.setUp}
          onCancel={screen.canCancel ? session.cancelSetup : undefined}
        />
      </Suspense>
    );
  if (!room || !actions) return null;
  return (
    <EngineContext value={{ client: room.client, telemetry: room.telemetry }}>
      <AuthActionsContext value={actions}>
        <App />
        {locked && auth?.user && (
          <LockScreen user={auth.user} onUnlock={actions.unlock} onSignOut={() => void actions.signOut()} />
        )}
      </AuthActionsContext>
    </EngineContext>
  );
}
