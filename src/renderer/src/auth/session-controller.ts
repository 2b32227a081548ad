// What the window shows — the sign-in screen, the first-run screen or the control room — and
// the control room's lifetime. Kept outside React (one object, a tiny subscribe) because it
// owns connections: entering the control room makes one (a new WebSocket in a browser, so it
// carries the new session cookie; a fresh sync over the desktop's MessagePort), leaving it
// closes it. The view's place lives in the store and the URL, so signing in again after the
// session ended comes back to the same view.
import type { AuthStatus } from '../../../shared/contract/auth';
import type { SetupParams, SignInResult, SignInTransport } from './sign-in-result';

export type Screen =
  | { kind: 'connecting' }
  | { kind: 'signin'; notice: string | null }
  | { kind: 'setup'; token: string | null; needsToken: boolean; canCancel: boolean }
  | { kind: 'app' };

/** A running control room (AuthGate's Room: its client and buffers), and how to let go of it. */
export interface RoomHandle {
  close(): void;
}

export interface SessionControllerDeps<R extends RoomHandle> {
  transport: SignInTransport;
  /** Starts a control room; `onSignedOut` is called when its connection finds the session gone. */
  openRoom(onSignedOut: (notice: string) => void): R;
  setAuth(status: AuthStatus | null): void;
  /** Whether creating the first administrator needs the setup token (browser: yes; desktop: no). */
  setupNeedsToken: boolean;
}

export class SessionController<R extends RoomHandle = RoomHandle> {
  private screen: Screen = { kind: 'connecting' };
  private current: R | null = null;
  private readonly listeners = new Set<() => void>();
  /** The engine as the last status named it, for the sign-in screens. */
  engine: AuthStatus['engine'] | null = null;

  constructor(private readonly deps: SessionControllerDeps<R>) {}

  get room(): R | null {
    return this.current;
  }

  getScreen = (): Screen => this.screen;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The first decision, from the status the window got at boot (undefined: the engine did not answer). */
  start(status: AuthStatus | undefined, setupToken: string | null): void {
    if (status) this.engine = status.engine;
    if (!status) return this.enter(null);
    if (status.setup === 'required')
      return this.show({ kind: 'setup', token: null, needsToken: false, canCancel: false });
    if (status.setup === 'available' && setupToken)
      return this.show({ kind: 'setup', token: setupToken, needsToken: true, canCancel: true });
    if (status.mode === 'users' && !status.user) return this.show({ kind: 'signin', notice: null });
    this.enter(status);
  }

  /**
   * On the sign-in screen: has this window been signed in meanwhile (another tab of the browser
   * signed in, and the cookie is shared)? Then straight to the control room.
   */
  recheck = async (): Promise<void> => {
    if (this.screen.kind !== 'signin') return;
    const status = await this.deps.transport.status();
    if (this.screen.kind === 'signin' && status?.user) this.enter(status);
  };

  signIn = async (user: string, password: string): Promise<SignInResult> =>
    this.after(await this.deps.transport.signIn(user, password));

  setUp = async (params: SetupParams): Promise<SignInResult> => this.after(await this.deps.transport.setUp(params));

  /** The header's "No users" note: the first-run screen, which asks for the token on the engine's console. */
  openSetup = (): void =>
    this.show({ kind: 'setup', token: null, needsToken: this.deps.setupNeedsToken, canCancel: true });

  /** Back from a first-run screen opened from the control room (or the link). */
  cancelSetup = (): void => {
    if (this.current) this.show({ kind: 'app' });
    else this.enter(null);
  };

  signOut = async (): Promise<void> => {
    await this.deps.transport.signOut();
    this.signedOut(null);
  };

  /** The session is gone (signed out elsewhere, revoked, expired): back to signing in, the view kept. */
  signedOut = (notice: string | null): void => {
    if (this.screen.kind === 'signin') return;
    this.leaveRoom();
    this.deps.setAuth(null);
    this.show({ kind: 'signin', notice });
  };

  private after(result: SignInResult): SignInResult {
    if (result.ok) {
      this.engine = result.status.engine;
      this.enter(result.status);
    }
    return result;
  }

  private enter(status: AuthStatus | null): void {
    this.leaveRoom();
    this.deps.setAuth(status);
    this.current = this.deps.openRoom((notice) => this.signedOut(notice));
    this.show({ kind: 'app' });
  }

  private leaveRoom(): void {
    const room = this.current;
    this.current = null;
    room?.close();
  }

  private show(screen: Screen): void {
    this.screen = screen;
    for (const l of this.listeners) l();
  }
}
