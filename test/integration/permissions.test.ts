// The permission table, enforced: every request and stream of the contract, called by a real
// engine's connections signed in as each role (and signed out, and as a locked engineer), over a
// memory channel — the path a desktop window or a WebSocket takes. Calls go with parameters no
// method accepts, so an allowed call is answered BAD_REQUEST (nothing runs) and a refused one
// FORBIDDEN (UNAUTHORIZED when signed out) whatever it sent. Then the area rule over RPC, with the
// user's name in the alarm's journal, and the lockout and session expiry over auth.login.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { requests, streams, type RequestName, type StreamName } from '../../src/shared/contract';
import { ROLES, roleAtLeast, type AuthStatus, type Role } from '../../src/shared/contract/auth';
import { EngineError } from '../../src/shared/errors';
import { permissionOf, type Permission } from '../../src/shared/permissions';
import type { Credential } from '../../src/shared/rpc/access-control';
import type { ClientInfo } from '../../src/shared/rpc/call-context';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract, type ContractHandlers } from '../../src/shared/rpc/server';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const BROWSER: ClientInfo = { address: '10.1.2.3', origin: null, trusted: false };
const PASSWORD = 'a long enough password';
/** Deliberately no method's parameters: none of them is a number. */
const NOT_PARAMS = 42;

type Who = Role | 'anonymous' | 'locked engineer';
const WHO: Who[] = ['anonymous', ...ROLES, 'locked engineer'];
const WHILE_LOCKED = ['auth.status', 'auth.unlock', 'auth.logout', 'auth.lock'];

/** What the table says this caller may do with this method. */
function expected(who: Who, method: string, perm: Permission): 'allowed' | 'FORBIDDEN' | 'UNAUTHORIZED' {
  if (perm.role === 'public') return 'allowed';
  if (who === 'anonymous') return 'UNAUTHORIZED';
  if (who === 'locked engineer') {
    return WHILE_LOCKED.includes(method) || (perm.role === 'viewer' && perm.audit === 'none') ? 'allowed' : 'FORBIDDEN';
  }
  return roleAtLeast(who, perm.role) ? 'allowed' : 'FORBIDDEN';
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof EngineError ? err.code : String(err);
  }
}

describe('the permission table, on a real engine', () => {
  const dir = makeTempDir();
  let skew = 0;
  let engine: Engine;
  let handlers: ContractHandlers;
  const clients = new Map<Who, ContractClient>();

  const connect = (credential?: Credential, client: ClientInfo = BROWSER) => {
    const connection = engine.access.connect(client, credential, 'browser');
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    serveContract(serverEnd, handlers, { context: connection });
    return createClient(clientEnd);
  };
  const signedIn = async (user: string) => {
    const { secret } = await engine.access.signIn(user, PASSWORD, BROWSER, 'browser');
    return connect({ kind: 'session', secret });
  };
  const alarmOf = (deviceId: string) =>
    engine.services.alarmStore.list({ limit: 100 }).find((a) => a.deviceId === deviceId)!.id;

  beforeAll(async () => {
    const device = (id: string, area: string) => ({
      id,
      name: id,
      kind: 'temperature',
      area,
      signals: [{ key: 'temperature', unit: 'celsius', normal: [20, 80], limits: { hi: 85 }, intervalMs: 5000 }],
    });
    engine = new Engine(
      parseConfig(
        mergeConfig(
          { dataDir: join(dir.path, 'data'), broker: { embedded: false }, server: { port: 0 } },
          {
            simulator: { enabled: false },
            detection: { kindDefaults: false }, // one reading past a limit raises an alarm here
            devices: [device('oven-a1', 'Area A'), device('oven-a2', 'Area A'), device('oven-b1', 'Area B')],
          },
        ),
      ),
      { clock: () => Date.now() + skew, version: 'test' },
    );
    await engine.start();
    handlers = engine.handlers();
    for (const role of ROLES) {
      await engine.access.createUser({ name: `the-${role}`, role, areas: null, password: PASSWORD });
      clients.set(role, await signedIn(`the-${role}`));
    }
    await engine.access.createUser({ name: 'op-a', role: 'operator', areas: ['Area A'], password: PASSWORD });
    await engine.access.createUser({ name: 'night-eng', role: 'engineer', areas: null, password: PASSWORD });
    const locked = await signedIn('night-eng');
    await locked.request('auth.lock', {});
    clients.set('locked engineer', locked);
    clients.set('anonymous', connect());
    await engine.services.pipeline.submit(
      'test',
      'limits',
      new TextEncoder().encode(
        JSON.stringify(
          ['oven-a1', 'oven-a2', 'oven-b1'].map((deviceId) => ({
            deviceId,
            sensorType: 'temperature',
            value: 99,
            timestamp: Date.now(),
          })),
        ),
      ),
    );
    await waitFor(() => engine.services.alarmStore.list({ limit: 100 }).length === 3, { what: 'three alarms' });
  });

  afterAll(async () => {
    for (const c of clients.values()) c.close();
    await engine?.stop();
    dir.remove();
  });

  it('has one entry for every request and stream, and none for anything else', () => {
    const missing = [
      ...Object.keys(requests).filter((m) => !permissionOf('request', m)),
      ...Object.keys(streams).filter((s) => !permissionOf('stream', s)),
    ];
    expect(missing).toEqual([]);
    expect(permissionOf('request', 'alarms.acknowledgeEverything')).toBeUndefined();
    expect(permissionOf('request', 'toString')).toBeUndefined();
  });

  it('allows and refuses every request for every role as the table says', async () => {
    const wrong: string[] = [];
    let refused = 0;
    for (const method of Object.keys(requests) as RequestName[]) {
      const perm = permissionOf('request', method)!;
      for (const who of WHO) {
        const want = expected(who, method, perm);
        const got = await codeOf(clients.get(who)!.request(method, NOT_PARAMS as never));
        if (want !== 'allowed') refused++;
        if (want === 'allowed' ? got !== 'BAD_REQUEST' : got !== want)
          wrong.push(`${who} ${method}: ${got}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(100); // the matrix refuses a good share: it is not vacuous
  });

  it('lets every signed-in role subscribe to every stream, and nobody signed out but to auth.changes', async () => {
    const wrong: string[] = [];
    for (const stream of Object.keys(streams) as StreamName[]) {
      const perm = permissionOf('stream', stream)!;
      for (const who of WHO) {
        const want = expected(who, stream, perm);
        const got = await new Promise<string>((resolve) => {
          clients.get(who)!.subscribe(
            stream,
            NOT_PARAMS as never,
            () => resolve('event'),
            (err) => resolve(err?.code ?? 'end'),
          );
        });
        if (want === 'allowed' ? got !== 'BAD_REQUEST' : got !== want)
          wrong.push(`${who} ${stream}: ${got}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an operator the alarms of other areas, and records the user from the session', async () => {
    const op = await signedIn('op-a');
    const b = alarmOf('oven-b1');
    const a1 = alarmOf('oven-a1');
    const a2 = alarmOf('oven-a2');
    const other = await op.request('alarms.acknowledge', { id: b, comment: 'not mine' }).catch((e: EngineError) => e);
    expect(other).toMatchObject({ code: 'FORBIDDEN', details: { area: 'Area B' } });
    expect((other as EngineError).message).toContain('Area B');
    expect(await codeOf(op.request('alarms.shelve', { id: b, reason: 'swap', until: Date.now() + 3_600_000 }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(op.request('alarms.acknowledgeMany', { ids: [a2, b] }))).toBe('FORBIDDEN');
    expect(engine.services.alarmStore.get(b)).toMatchObject({ state: 'unack_active', ackedBy: null });
    expect(engine.services.alarmStore.get(a2)).toMatchObject({ state: 'unack_active' });

    await expect(op.request('alarms.acknowledge', { id: a1, comment: 'door shut' })).resolves.toMatchObject({
      ackedBy: 'op-a',
    });
    await op.request('alarms.shelve', { id: a2, reason: 'sensor swap', until: Date.now() + 3_600_000 });
    const { journal } = await op.request('alarms.get', { id: a2 });
    expect(journal.at(-1)).toMatchObject({ event: 'shelved', by: 'op-a' });
    // Reading is never scoped: area B's alarm is there to see.
    await expect(op.request('alarms.get', { id: b })).resolves.toMatchObject({ alarm: { area: 'Area B' } });
    // An operator of every area may.
    await expect(clients.get('operator')!.request('alarms.acknowledge', { id: b })).resolves.toMatchObject({
      ackedBy: 'the-operator',
    });
    op.close();
  });

  it('locks an account after five wrong passwords over auth.login, and lets it in 15 minutes later', async () => {
    await engine.access.createUser({ name: 'typo', role: 'viewer', areas: null, password: PASSWORD });
    const c = connect();
    for (let i = 0; i < 5; i++) {
      const err = await c.request('auth.login', { user: 'typo', password: 'not it' }).catch((e: EngineError) => e);
      expect(err).toMatchObject({ code: 'UNAUTHORIZED', message: 'wrong user name or password' });
    }
    const locked = await c.request('auth.login', { user: 'typo', password: PASSWORD }).catch((e: EngineError) => e);
    expect(locked).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('locked until') });
    expect(await codeOf(c.request('devices.list', {}))).toBe('UNAUTHORIZED');
    skew += 15 * 60_000;
    const status = await c.request('auth.login', { user: 'typo', password: PASSWORD });
    expect(status).toMatchObject({ mode: 'users', user: { name: 'typo', role: 'viewer' } });
    await expect(c.request('devices.list', {})).resolves.toBeInstanceOf(Array);
    c.close();
  });

  it('ends a session an admin revokes: auth.changes says so and the next call is refused', async () => {
    const c = connect();
    await c.request('auth.login', { user: 'the-engineer', password: PASSWORD });
    const seen: AuthStatus[] = [];
    c.subscribe('auth.changes', {}, (s) => seen.push(s));
    await waitFor(() => seen.length === 1, { what: 'the first status' });
    const id = seen[0]!.session!.id;
    const admin = clients.get('admin')!;
    expect((await admin.request('sessions.list', {})).map((s) => s.id)).toContain(id);
    await admin.request('sessions.revoke', { id });
    await waitFor(() => seen.at(-1)?.user === null, { what: 'the revocation on auth.changes' });
    expect(await codeOf(c.request('rules.save', NOT_PARAMS as never))).toBe('UNAUTHORIZED');
    expect((await admin.request('sessions.list', {})).map((s) => s.id)).not.toContain(id);
    c.close();
  });

  it('ends a session at its absolute expiry: the next call is refused', async () => {
    const c = connect();
    await c.request('auth.login', { user: 'the-viewer', password: PASSWORD });
    const seen: AuthStatus[] = [];
    c.subscribe('auth.changes', {}, (s) => seen.push(s));
    await waitFor(() => seen.length === 1, { what: 'the first status' });
    expect(seen[0]!.user?.name).toBe('the-viewer');
    await expect(c.request('devices.list', {})).resolves.toBeInstanceOf(Array);
    skew += 12 * 3_600_000;
    expect(await codeOf(c.request('devices.list', {}))).toBe('UNAUTHORIZED');
    await c.request('auth.logout', {}).catch(() => {}); // signed out already: refused or not, it changes nothing
    const status = await c.request('auth.status', {});
    expect(status).toMatchObject({ user: null, session: null, setup: 'none' });
    c.close();
  });
});
