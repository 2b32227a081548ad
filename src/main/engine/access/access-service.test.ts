// Users, sessions and API tokens on a real state.db with an injected clock: the argon2id
// parameters kept in the hash, the lockout after five failures (and its end 15 minutes later),
// session expiry and revocation seen by the next call and by onChange, token scopes and the cap
// at the owner's role, the last-administrator rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions } from '@node-rs/argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EngineError } from '../../../shared/errors';
import { callContext, type ClientInfo } from '../../../shared/rpc/call-context';
import { openStateDb, type StateDb } from '../state/state-db';
import { NO_AUDIT, type CallAuditor } from './access-ports';
import { AccessService } from './access-service';
import { LOCKOUT_MS } from './accounts';

const BROWSER: ClientInfo = { address: '10.0.0.7', origin: 'http://plant:5780', trusted: false };
const PASSWORD = 'correct horse battery';

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<EngineError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err as EngineError;
  }
  throw new Error('expected a refusal');
}

describe('the access service', () => {
  let dir: string;
  let db: StateDb;
  let now: number;
  const make = () =>
    new AccessService({
      db,
      clock: () => now,
      version: 'test',
      security: { sessionHours: 12, idleLockMinutes: 15 },
      auditor: NO_AUDIT,
      alarmArea: () => undefined,
      engineName: 'station-7',
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-access-'));
    db = openStateDb(dir);
    now = Date.UTC(2026, 11, 6, 8, 0, 0);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores argon2id with its parameters, never the password', async () => {
    const access = make();
    await access.createUser({ name: 'ada', role: 'admin', areas: null, password: PASSWORD });
    const row = db.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
    expect(parseOptions(row.password_hash)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    // A new service (a restart) signs the same password in.
    await expect(make().signIn('ADA', PASSWORD, BROWSER, 'browser')).resolves.toMatchObject({
      sessionId: expect.any(String),
    });
  });

  it('locks an account after five failures in a row, for 15 minutes, whatever the password then', async () => {
    const access = make();
    await access.createUser({ name: 'bo', role: 'operator', areas: null, password: PASSWORD });
    for (let i = 0; i < 4; i++) {
      expect((await refusal(access.signIn('bo', 'wrong password!', BROWSER, 'browser'))).message).toBe(
        'wrong user name or password',
      );
    }
    // The same answer for a name that does not exist.
    expect((await refusal(access.signIn('nobody', 'x', BROWSER, 'browser'))).message).toBe(
      'wrong user name or password',
    );
    await refusal(access.signIn('bo', 'wrong password!', BROWSER, 'browser'));
    const locked = await refusal(access.signIn('bo', PASSWORD, BROWSER, 'browser'));
    expect(locked.code).toBe('UNAUTHORIZED');
    expect(locked.message).toContain(`locked until ${new Date(now + LOCKOUT_MS).toISOString()}`);
    expect((await refusal(access.signIn('bo', 'wrong again', BROWSER, 'browser'))).message).toBe(locked.message);
    now += LOCKOUT_MS - 1000;
    expect((await refusal(access.signIn('bo', PASSWORD, BROWSER, 'browser'))).message).toBe(locked.message);
    now += 1000;
    await expect(access.signIn('bo', PASSWORD, BROWSER, 'browser')).resolves.toBeTruthy();
    expect(access.accounts.user('bo')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('resets the count on success, and an admin can lift a lockout', async () => {
    const access = make();
    await access.createUser({ name: 'cy', role: 'viewer', areas: null, password: PASSWORD });
    for (let i = 0; i < 4; i++) await refusal(access.signIn('cy', 'nope', BROWSER, 'browser'));
    await access.signIn('cy', PASSWORD, BROWSER, 'browser');
    for (let i = 0; i < 4; i++) await refusal(access.signIn('cy', 'nope', BROWSER, 'browser'));
    await access.signIn('cy', PASSWORD, BROWSER, 'browser'); // 4 + 4 failures never locked it
    for (let i = 0; i < 5; i++) await refusal(access.signIn('cy', 'nope', BROWSER, 'browser'));
    access.accounts.unlockUser('cy');
    await expect(access.signIn('cy', PASSWORD, BROWSER, 'browser')).resolves.toBeTruthy();
  });

  it('ends a session at its absolute expiry, on the next call and with onChange', async () => {
    const access = make();
    await access.createUser({ name: 'di', role: 'engineer', areas: null, password: PASSWORD });
    const signed = await access.signIn('di', PASSWORD, BROWSER, 'browser');
    expect(signed.expiresAt).toBe(now + 12 * 3_600_000);
    const conn = access.connect(BROWSER, { kind: 'session', secret: signed.secret }, 'browser');
    expect(conn.caller).toMatchObject({ id: 'di', role: 'engineer', kind: 'user' });
    expect(access.status(conn).session).toMatchObject({ idleLockMs: 15 * 60_000, locked: false });
    now = signed.expiresAt;
    expect(conn.caller.role).toBeNull();
    expect(
      (await refusal(() => access.connect(BROWSER, { kind: 'session', secret: signed.secret }, 'browser'))).code,
    ).toBe('UNAUTHORIZED');
  });

  it('revokes a session for its next call, and tells the connection', async () => {
    const access = make();
    await access.createUser({ name: 'ed', role: 'operator', areas: ['Line 1'], password: PASSWORD });
    const signed = await access.signIn('ed', PASSWORD, BROWSER, 'browser');
    const conn = access.connect(BROWSER, { kind: 'session', secret: signed.secret }, 'browser');
    let changes = 0;
    conn.session!.onChange(() => changes++);
    expect(access.status(conn).session?.idleLockMs).toBeNull(); // operators never lock by idling
    access.accounts.revokeSession(signed.sessionId);
    expect(changes).toBe(1);
    expect(conn.caller).toMatchObject({ id: 'anonymous', role: null });
    // A password reset ends every session of the user.
    const again = await access.signIn('ed', PASSWORD, BROWSER, 'browser');
    const conn2 = access.connect(BROWSER, { kind: 'session', secret: again.secret }, 'browser');
    await access.accounts.setPassword('ed', 'another long password');
    expect(conn2.caller.role).toBeNull();
  });

  it('caps an API token at its owner’s role and areas, and honours its scopes', async () => {
    const access = make();
    await access.createUser({ name: 'fi', role: 'engineer', areas: ['Line 1', 'Line 2'], password: PASSWORD });
    const { secret } = access.accounts.createToken({
      name: 'scada bridge',
      user: 'fi',
      role: 'engineer',
      areas: null,
      scopes: ['api'],
      expiresAt: null,
      createdBy: 'fi',
    });
    expect(secret).toMatch(/^wf_[A-Za-z0-9_-]{43}$/);
    const conn = access.connect(BROWSER, { kind: 'token', secret }, 'browser');
    expect(conn.caller).toMatchObject({ id: 'fi', role: 'engineer', kind: 'token', areas: ['Line 1', 'Line 2'] });
    expect(access.authenticateToken(secret, 'ingest')).toBeNull();
    // The owner demoted: the token follows at once.
    access.accounts.updateUser('fi', { role: 'viewer' });
    expect(conn.caller.role).toBe('viewer');
    const ingest = access.accounts.createToken({
      name: 'line 3 gateway',
      user: 'fi',
      role: 'viewer',
      areas: null,
      scopes: ['ingest'],
      expiresAt: now + 1000,
      createdBy: 'fi',
    });
    expect(access.authenticateToken(ingest.secret, 'ingest')).toMatchObject({ id: 'fi' });
    expect(
      (await refusal(() => access.connect(BROWSER, { kind: 'token', secret: ingest.secret }, 'browser'))).code,
    ).toBe('UNAUTHORIZED');
    now += 1000;
    expect(access.authenticateToken(ingest.secret, 'ingest')).toBeNull();
    access.accounts.revokeToken(access.accounts.tokenBySecret(secret)!.id);
    expect(conn.caller.role).toBeNull();
  });

  it('keeps the last active administrator', async () => {
    const access = make();
    await access.createUser({ name: 'gu', role: 'admin', areas: null, password: PASSWORD });
    for (const attempt of [
      () => access.accounts.deleteUser('gu'),
      () => access.accounts.updateUser('gu', { role: 'engineer' }),
      () => access.accounts.updateUser('gu', { disabled: true }),
    ]) {
      expect((await refusal(attempt)).code).toBe('INVALID_STATE');
    }
    await access.createUser({ name: 'ha', role: 'admin', areas: null, password: PASSWORD });
    access.accounts.updateUser('gu', { disabled: true });
    expect((await refusal(() => access.accounts.deleteUser('ha'))).message).toContain('last active administrator');
    access.accounts.deleteUser('gu');
    expect(access.accounts.listUsers().map((u) => u.name)).toEqual(['ha']);
  });

  it('is open while there are no users, except for desktop windows, and then asks everyone to sign in', async () => {
    const access = make();
    const browser = access.connect(BROWSER, undefined, 'browser');
    const desktop = access.connect({ address: 'desktop', origin: null, trusted: true }, undefined, 'desktop');
    const tool = access.connect({ address: 'in-process', origin: null, trusted: true }, undefined, 'remote');
    expect(browser.caller.id).toBe('local');
    expect(access.status(browser)).toMatchObject({ mode: 'open', setup: 'available', engine: { name: 'station-7' } });
    expect(access.status(desktop)).toMatchObject({ mode: 'users', setup: 'required', user: null });
    const token = access.setupToken!;
    expect(token).toBeTruthy();
    expect((await refusal(access.setup({ user: 'root', password: PASSWORD }, BROWSER, 'browser'))).code).toBe(
      'FORBIDDEN',
    );
    let told = 0;
    browser.session!.onChange(() => told++);
    await access.setup({ setupToken: token, user: 'root', password: PASSWORD }, BROWSER, 'browser');
    expect(told).toBe(1);
    expect(access.setupToken).toBeNull();
    expect(browser.caller.id).toBe('anonymous');
    expect(tool.caller.id).toBe('local');
    expect(
      (await refusal(access.setup({ setupToken: token, user: 'x', password: PASSWORD }, BROWSER, 'browser'))).code,
    ).toBe('INVALID_STATE');
  });
});

describe('the access service and its auditor', () => {
  let dir: string;
  let db: StateDb;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-access-'));
    db = openStateDb(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs permitted calls through the auditor and hands it refused writes, not refused reads', async () => {
    const seen: string[] = [];
    const auditor: CallAuditor = {
      call: (method, _p, context, run) => {
        seen.push(`call ${method} by ${context.caller.id}`);
        return run();
      },
      refused: (method, _p, context, error) => seen.push(`refused ${method} by ${context.caller.id}: ${error.code}`),
      event: () => {},
    };
    const access = new AccessService({
      db,
      clock: Date.now,
      version: 'test',
      security: { sessionHours: 12, idleLockMinutes: 15 },
      auditor,
      alarmArea: (id) => (id === 7 ? 'Area B' : 'Area A'),
    });
    await access.createUser({ name: 'op', role: 'operator', areas: ['Area A'], password: PASSWORD });
    const { secret } = await access.signIn('op', PASSWORD, BROWSER, 'browser');
    const conn = access.connect(BROWSER, { kind: 'session', secret }, 'browser');
    const ctx = () => callContext(conn);
    const run = () => Promise.resolve('ran');
    await expect(access.request('alarms.acknowledge', { id: 3 }, ctx(), run)).resolves.toBe('ran');
    expect((await refusal(access.request('alarms.acknowledge', { id: 7 }, ctx(), run))).code).toBe('FORBIDDEN');
    expect((await refusal(access.request('rules.save', {}, ctx(), run))).details).toEqual({
      required: 'engineer',
      role: 'operator',
    });
    expect((await refusal(() => access.admit('users.list', {}, ctx()))).code).toBe('FORBIDDEN');
    expect(seen).toEqual([
      'call alarms.acknowledge by op',
      'refused alarms.acknowledge by op: FORBIDDEN',
      'refused rules.save by op: FORBIDDEN',
    ]);
  });

  it('tells a connection when its session runs out, by a timer', async () => {
    const access = new AccessService({
      db,
      clock: Date.now,
      version: 'test',
      security: { sessionHours: 0.3 / 3600, idleLockMinutes: 15 },
      auditor: NO_AUDIT,
      alarmArea: () => undefined,
    });
    await access.createUser({ name: 'ty', role: 'viewer', areas: null, password: PASSWORD });
    const { secret } = await access.signIn('ty', PASSWORD, BROWSER, 'browser');
    const conn = access.connect(BROWSER, { kind: 'session', secret }, 'browser');
    const told = new Promise<string | null>((resolve) => conn.session!.onChange(() => resolve(conn.caller.role)));
    expect(conn.caller.role).toBe('viewer');
    await expect(told).resolves.toBeNull();
    conn.session!.close();
  });
});
