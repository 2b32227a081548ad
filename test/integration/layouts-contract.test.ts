// Display layouts over the contract, on a real engine (issue 16, point 4): an engineer saves,
// lists, renames, activates and deletes a workstation's layouts; a viewer reads them and is
// refused saving; a bad layout is refused with its field named and nothing stored changes; every
// save is in the audit trail with who did it and the layouts before and after; and the layouts
// survive a restart of the engine (state.db).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { EngineError } from '../../src/shared/errors';
import type { ClientInfo } from '../../src/shared/rpc/call-context';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract } from '../../src/shared/rpc/server';
import { makeTempDir } from '../support/temp-dir';

const BROWSER: ClientInfo = { address: '10.1.2.3', origin: null, trusted: false };
const PASSWORD = 'a long enough password';
const WS = 'ops-desk-1';
const WALLS = {
  name: 'Shift',
  displays: [
    { display: 1, view: 'wall' as const, target: 'line-1' },
    { display: 2, view: 'alarms' as const, kiosk: true },
    { display: 3, view: 'device' as const, target: 'device-003' },
  ],
};

async function refusal(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('the call was not refused');
}

describe('layouts.*, on a real engine', () => {
  const dir = makeTempDir();
  const config = () =>
    parseConfig(
      mergeConfig(
        { dataDir: join(dir.path, 'data'), broker: { embedded: false }, server: { port: 0 } },
        { simulator: { enabled: false } },
      ),
    );
  let engine: Engine;
  const clients: ContractClient[] = [];

  const signedIn = async (user: string) => {
    const { secret } = await engine.access.signIn(user, PASSWORD, BROWSER, 'browser');
    const connection = engine.access.connect(BROWSER, { kind: 'session', secret }, 'browser');
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    serveContract(serverEnd, engine.handlers(), { context: connection });
    const client = createClient(clientEnd);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    engine = new Engine(config(), { clock: () => Date.now(), version: 'test' });
    await engine.start();
    for (const role of ['viewer', 'engineer', 'admin'] as const)
      await engine.access.createUser({ name: `the-${role}`, role, areas: null, password: PASSWORD });
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await engine?.stop();
    dir.remove();
  });

  it('lets an engineer save, rename, activate and delete, and records each save in the audit trail', async () => {
    const eng = await signedIn('the-engineer');
    expect(await eng.request('layouts.list', { workstation: WS })).toEqual({
      workstation: WS,
      active: null,
      layouts: [],
    });

    const saved = await eng.request('layouts.save', { workstation: WS, layout: WALLS, activate: true });
    expect(saved.active).toBe('Shift');
    expect(saved.layouts[0]).toMatchObject({
      name: 'Shift',
      updatedBy: 'the-engineer',
      displays: [
        { display: 1, view: 'wall', target: 'line-1', kiosk: false },
        { display: 2, view: 'alarms', target: '', kiosk: true },
        { display: 3, view: 'device', target: 'device-003', kiosk: false },
      ],
    });
    expect((await eng.request('layouts.get', { workstation: WS, name: 'shift' })).name).toBe('Shift');
    // Another workstation's layouts are its own.
    expect((await eng.request('layouts.list', { workstation: 'ops-desk-2' })).layouts).toEqual([]);

    const renamed = await eng.request('layouts.save', {
      workstation: WS,
      previousName: 'Shift',
      layout: { ...WALLS, name: 'Day shift' },
    });
    expect(renamed.active).toBe('Day shift');
    expect(renamed.layouts.map((l) => l.name)).toEqual(['Day shift']);

    const admin = await signedIn('the-admin');
    const audit = await admin.request('audit.list', { action: 'layouts.' });
    const saves = audit.items.filter((e) => e.action === 'layouts.save');
    expect(saves).toHaveLength(2);
    expect(saves.every((e) => e.actor === 'the-engineer' && e.role === 'engineer' && e.outcome === 'ok')).toBe(true);
    expect(JSON.stringify(saves[0]!.details)).toContain('Day shift');

    await eng.request('layouts.save', { workstation: WS, layout: { ...WALLS, name: 'Night' } });
    expect((await eng.request('layouts.activate', { workstation: WS, name: 'Night' })).active).toBe('Night');
    const left = await eng.request('layouts.delete', { workstation: WS, name: 'Night' });
    expect(left).toMatchObject({ active: null, layouts: [{ name: 'Day shift' }] });
    const deletes = await admin.request('audit.list', { action: 'layouts.delete' });
    expect(deletes.items).toHaveLength(1);
  });

  it('lets a viewer read layouts and refuses it saving, deleting or activating', async () => {
    const viewer = await signedIn('the-viewer');
    expect((await viewer.request('layouts.list', { workstation: WS })).layouts.map((l) => l.name)).toEqual([
      'Day shift',
    ]);
    for (const call of [
      viewer.request('layouts.save', { workstation: WS, layout: { ...WALLS, name: 'Mine' } }),
      viewer.request('layouts.delete', { workstation: WS, name: 'Day shift' }),
      viewer.request('layouts.activate', { workstation: WS, name: 'Day shift' }),
    ])
      expect((await refusal(call)).code).toBe('FORBIDDEN');
    expect((await viewer.request('layouts.list', { workstation: WS })).layouts).toHaveLength(1);
  });

  it('refuses a bad layout naming the field, and keeps what was saved', async () => {
    const eng = await signedIn('the-engineer');
    const before = await eng.request('layouts.list', { workstation: WS });
    const noDevice = await refusal(
      eng.request('layouts.save', {
        workstation: WS,
        layout: { name: 'Day shift', displays: [{ display: 1, view: 'device' }] },
      }),
    );
    expect(noDevice.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(noDevice.details)).toContain('layout.displays.0.target');
    await eng.request('layouts.save', { workstation: WS, layout: { ...WALLS, name: 'Other' } });
    const clash = await refusal(
      eng.request('layouts.save', { workstation: WS, previousName: 'Other', layout: { ...WALLS, name: 'DAY SHIFT' } }),
    );
    expect(clash.code).toBe('BAD_REQUEST');
    expect((await refusal(eng.request('layouts.get', { workstation: WS, name: 'Nope' }))).code).toBe('NOT_FOUND');
    const after = await eng.request('layouts.list', { workstation: WS });
    expect(after.layouts.find((l) => l.name === 'Day shift')).toEqual(before.layouts[0]);
  });

  it('keeps layouts across a restart of the engine', async () => {
    for (const c of clients.splice(0)) c.close();
    await engine.stop();
    engine = new Engine(config(), { clock: () => Date.now(), version: 'test' });
    await engine.start();
    const viewer = await signedIn('the-viewer');
    const list = await viewer.request('layouts.list', { workstation: WS });
    expect(list.layouts.map((l) => l.name)).toEqual(['Day shift', 'Other']);
    expect(list.layouts[0]!.displays[1]).toEqual({ display: 2, view: 'alarms', target: '', kiosk: true });
  });
});
