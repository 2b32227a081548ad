// A desktop window's sign-in, as the renderer does it (auth/sign-in-transport.ts over the
// contract, auth/session-controller.ts, auth/auth-sync.ts), against a real engine over a memory
// channel made the way the shell makes a window's MessagePort connection (kind `desktop`). The
// first run cannot be skipped and needs no setup token; the window follows its session (locked,
// revoked by an administrator elsewhere → back to signing in, with why) and signs in again.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import type { AuthStatus } from '../../src/shared/contract/auth';
import type { ClientInfo } from '../../src/shared/rpc/call-context';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract } from '../../src/shared/rpc/server';
import { SESSION_ENDED, startAuthSync } from '../../src/renderer/src/auth/auth-sync';
import { SessionController } from '../../src/renderer/src/auth/session-controller';
import { contractSignIn } from '../../src/renderer/src/auth/contract-sign-in';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const DESKTOP: ClientInfo = { address: 'desktop', origin: null, trusted: true };
const PASSWORD = 'a long enough password';

describe('a desktop window signs in over its own connection', () => {
  const dir = makeTempDir();
  let engine: Engine;
  const clients: ContractClient[] = [];

  const window = () => {
    const connection = engine.access.connect(DESKTOP, undefined, 'desktop');
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    serveContract(serverEnd, engine.handlers(), { context: connection });
    const client = createClient(clientEnd);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    engine = new Engine(
      parseConfig(
        mergeConfig(
          { dataDir: join(dir.path, 'data'), broker: { embedded: false }, server: { port: 0 } },
          { simulator: { enabled: false } },
        ),
      ),
      { version: 'test' },
    );
    await engine.start();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await engine?.stop();
    dir.remove();
  });

  it('first run, lock, revocation elsewhere, and signing in again', async () => {
    const client = window();
    const transport = contractSignIn(client);
    const statuses: (AuthStatus | null)[] = [];
    const rooms: { closed: boolean }[] = [];
    const session = new SessionController({
      transport,
      setupNeedsToken: false,
      setAuth: (s) => statuses.push(s),
      openRoom: (onSignedOut) => {
        const room = { closed: false };
        rooms.push(room);
        const stop = startAuthSync(client, (s) => statuses.push(s), onSignedOut);
        return {
          close: () => {
            room.closed = true;
            stop();
          },
        };
      },
    });

    // No users: the first-run screen, which a desktop window cannot skip and needs no token for.
    const first = await transport.status();
    expect(first).toMatchObject({ mode: 'users', setup: 'required', user: null });
    session.start(first, null);
    expect(session.getScreen()).toEqual({ kind: 'setup', token: null, needsToken: false, canCancel: false });

    const made = await session.setUp({ user: 'ada', displayName: 'Ada', password: PASSWORD });
    expect(made).toMatchObject({ ok: true, status: { user: { name: 'ada', role: 'admin' } } });
    expect(session.getScreen().kind).toBe('app');

    // Locking from the window reaches the store through auth.changes.
    await client.request('auth.lock', {});
    await waitFor(() => statuses.at(-1)?.session?.locked === true, { what: 'the locked status' });
    const unlocked = await client.request('auth.unlock', { password: PASSWORD });
    expect(unlocked.session?.locked).toBe(false);

    // An administrator on another window revokes this session: back to signing in, with why.
    const other = window();
    await other.request('auth.login', { user: 'ada', password: PASSWORD });
    const mine = (await other.request('sessions.list', {})).find((s) => !s.current)!;
    await other.request('sessions.revoke', { id: mine.id });
    await waitFor(() => session.getScreen().kind === 'signin', { what: 'the sign-in screen' });
    expect(session.getScreen()).toEqual({ kind: 'signin', notice: SESSION_ENDED });
    expect(rooms[0]!.closed).toBe(true);

    // A wrong password is refused in words; the right one opens a new room on the same window.
    const wrong = await session.signIn('ada', 'not the password');
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? '' : wrong.message).toMatch(/password/);
    expect(session.getScreen().kind).toBe('signin');
    const right = await session.signIn('ada', PASSWORD);
    expect(right.ok).toBe(true);
    expect(session.getScreen().kind).toBe('app');
    expect(rooms).toHaveLength(2);
  });
});
