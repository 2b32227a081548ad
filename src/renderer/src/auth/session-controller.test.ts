import { describe, expect, it } from 'vitest';
import type { AuthStatus } from '../../../shared/contract/auth';
import { SessionController } from './session-controller';
import type { SignInResult, SignInTransport } from './sign-in-result';

const ENGINE = { name: 'plant-1', version: '0.1.0' };
const status = (over: Partial<AuthStatus>): AuthStatus => ({
  mode: 'users',
  setup: 'none',
  user: null,
  session: null,
  engine: ENGINE,
  ...over,
});
const SIGNED_IN = status({
  user: { name: 'kim', displayName: null, role: 'operator', areas: null },
  session: { id: 's1', expiresAt: 0, locked: false, idleLockMs: null },
});

function harness(answers: { signIn?: SignInResult; setUp?: SignInResult; status?: () => AuthStatus | undefined } = {}) {
  const rooms: { closed: boolean; onSignedOut: (notice: string) => void }[] = [];
  const auth: (AuthStatus | null)[] = [];
  const calls: string[] = [];
  const transport: SignInTransport = {
    status: async () => answers.status?.(),
    signIn: async (user) => (calls.push(`signIn ${user}`), answers.signIn ?? { ok: true, status: SIGNED_IN }),
    setUp: async (p) => (
      calls.push(`setUp ${p.setupToken ?? '-'} ${p.user}`),
      answers.setUp ?? { ok: true, status: SIGNED_IN }
    ),
    signOut: async () => void calls.push('signOut'),
  };
  const session = new SessionController({
    transport,
    setupNeedsToken: true,
    setAuth: (s) => auth.push(s),
    openRoom: (onSignedOut) => {
      const room = { closed: false, onSignedOut };
      rooms.push(room);
      return { close: () => (room.closed = true) };
    },
  });
  return { session, rooms, auth, calls };
}

describe('SessionController', () => {
  it('users mode, signed out: the sign-in screen first, the control room only once signed in', async () => {
    const { session, rooms, auth } = harness();
    session.start(status({}), null);
    expect(session.getScreen()).toEqual({ kind: 'signin', notice: null });
    expect(rooms).toHaveLength(0);
    expect(session.engine).toEqual(ENGINE);
    await session.signIn('kim', 'pw');
    expect(session.getScreen().kind).toBe('app');
    expect(rooms).toHaveLength(1);
    expect(auth.at(-1)).toBe(SIGNED_IN);
  });

  it('a refused sign-in stays on the screen with the engine’s words', async () => {
    const { session, rooms } = harness({
      signIn: { ok: false, code: 'UNAUTHORIZED', message: 'wrong name or password' },
    });
    session.start(status({}), null);
    const result = await session.signIn('kim', 'nope');
    expect(result).toMatchObject({ ok: false, message: 'wrong name or password' });
    expect(session.getScreen().kind).toBe('signin');
    expect(rooms).toHaveLength(0);
  });

  it('the setup link opens the first-run screen with its token; without the link, open mode runs as before', async () => {
    const linked = harness();
    linked.session.start(status({ mode: 'open', setup: 'available' }), 'tok-123');
    expect(linked.session.getScreen()).toEqual({ kind: 'setup', token: 'tok-123', needsToken: true, canCancel: true });
    await linked.session.setUp({ setupToken: 'tok-123', user: 'admin', password: 'long enough pw' });
    expect(linked.calls).toEqual(['setUp tok-123 admin']);
    expect(linked.session.getScreen().kind).toBe('app');

    const open = harness();
    const openStatus = status({
      mode: 'open',
      setup: 'available',
      user: { name: 'local', displayName: null, role: 'admin', areas: null },
    });
    open.session.start(openStatus, null);
    expect(open.session.getScreen().kind).toBe('app');
    // The header's note opens the first-run screen over the running room; "Not now" returns to it.
    open.session.openSetup();
    expect(open.session.getScreen()).toEqual({ kind: 'setup', token: null, needsToken: true, canCancel: true });
    open.session.cancelSetup();
    expect(open.session.getScreen().kind).toBe('app');
    expect(open.rooms).toHaveLength(1);
    expect(open.rooms[0]!.closed).toBe(false);
  });

  it('the desktop’s first run cannot be skipped and needs no token', () => {
    const { session } = harness();
    session.start(status({ setup: 'required' }), null);
    expect(session.getScreen()).toEqual({ kind: 'setup', token: null, needsToken: false, canCancel: false });
  });

  it('a session ended elsewhere closes the room and asks to sign in again; signing in opens a new one', async () => {
    const { session, rooms, auth } = harness();
    session.start(SIGNED_IN, null);
    expect(session.getScreen().kind).toBe('app');
    rooms[0]!.onSignedOut('Your session has ended.');
    expect(rooms[0]!.closed).toBe(true);
    expect(session.getScreen()).toEqual({ kind: 'signin', notice: 'Your session has ended.' });
    expect(auth.at(-1)).toBeNull();
    await session.signIn('kim', 'pw');
    expect(rooms).toHaveLength(2);
    expect(rooms[1]!.closed).toBe(false);
  });

  it('signing out goes through the transport, then back to the sign-in screen', async () => {
    const { session, rooms, calls } = harness();
    session.start(SIGNED_IN, null);
    await session.signOut();
    expect(calls).toEqual(['signOut']);
    expect(rooms[0]!.closed).toBe(true);
    expect(session.getScreen()).toEqual({ kind: 'signin', notice: null });
  });

  it('a sign-in screen learns of a sign-in made in another tab (the shared cookie), and only then moves on', async () => {
    let now: AuthStatus = status({});
    const { session, rooms } = harness({ status: () => now });
    session.start(now, null);
    await session.recheck();
    expect(session.getScreen().kind).toBe('signin');
    now = SIGNED_IN;
    await session.recheck();
    expect(session.getScreen().kind).toBe('app');
    expect(rooms).toHaveLength(1);
    await session.recheck();
    expect(rooms).toHaveLength(1);
  });

  it('an engine that does not say where it stands gets the control room, which reconnects by itself', () => {
    const { session, rooms } = harness();
    session.start(undefined, null);
    expect(session.getScreen().kind).toBe('app');
    expect(rooms).toHaveLength(1);
  });
});
