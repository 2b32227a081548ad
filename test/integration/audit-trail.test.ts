// The audit trail over a real engine: writes are recorded with the caller the connection carries
// (never a name from the parameters), settings changes with what changed and without their
// secrets, reads not at all, refusals (the engine's own access control) as refused; and nothing
// of it reaches the alarm queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/shared/errors';
import { callContext, type CallerIdentity, type CallContext } from '../../src/shared/rpc/call-context';
import { createClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract } from '../../src/shared/rpc/server';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const ALICE: CallerIdentity = { id: 'alice', role: 'engineer', areas: null, kind: 'user', sessionId: 's-alice' };
const VIEWER: CallerIdentity = { id: 'victor', role: 'viewer', areas: null, kind: 'user', sessionId: 's-victor' };
const SECRET = 'plant-secret-7';

/** The engine's handlers — its access control included — as a connection of this caller sees them. */
function clientAs(engine: Engine, caller: CallerIdentity) {
  const context: CallContext = callContext({ caller, client: { address: '10.1.2.3', origin: null, trusted: false } });
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  serveContract(serverEnd, engine.handlers(), { context });
  return createClient(clientEnd);
}

describe('the audit trail over a real engine', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;

  const entries = () => engine.services.auditLog.list({ limit: 1000 }).items;

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(dir.path, { simulator: { enabled: false }, broker: { embedded: false } });
    await engine.services.pipeline.submit(
      'test',
      'limits',
      new TextEncoder().encode(
        JSON.stringify([{ deviceId: 'device-001', sensorType: 'temperature', value: 99, timestamp: Date.now() }]),
      ),
    );
    await waitFor(() => engine.services.alarmStore.list({ limit: 10 }).length === 1, { what: 'one alarm' });
  });
  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  it('records an acknowledgement with the caller, the client and the alarm; reads leave no entry', async () => {
    const client = clientAs(engine, ALICE);
    const alarmsBefore = await client.request('alarms.list', {});
    const id = alarmsBefore[0]!.id;
    const count = entries().length;
    await client.request('alarms.get', { id });
    await client.request('sources.settings', {});
    expect(entries()).toHaveLength(count);

    await client.request('alarms.acknowledge', { id, comment: 'checked the oven' });
    const [entry] = entries();
    expect(entry).toMatchObject({
      actor: 'alice',
      role: 'engineer',
      client: '10.1.2.3',
      action: 'alarms.acknowledge',
      target: String(id),
      outcome: 'ok',
      details: { params: { id, comment: 'checked the oven' } },
    });
    // An audit entry is not an alarm: the queue holds the same one alarm as before.
    expect((await client.request('alarms.list', {})).map((a) => a.id)).toEqual(alarmsBefore.map((a) => a.id));
    expect(engine.services.auditLog.verify()).toMatchObject({ ok: true });
  });

  it('records sources.save with what changed and without the password', async () => {
    const client = clientAs(engine, ALICE);
    await client.request('sources.save', {
      kind: 'mqtt',
      source: {
        id: 'line-7',
        url: 'mqtt://127.0.0.1:1',
        username: 'wf',
        password: SECRET,
        topics: ['a/#'],
        qos: 1,
        enabled: false,
      },
    });
    const [entry] = entries();
    expect(entry).toMatchObject({ actor: 'alice', action: 'sources.save', target: 'line-7', outcome: 'ok' });
    const text = JSON.stringify(entry);
    expect(text).not.toContain(SECRET);
    const details = entry!.details as { params: { source: { password: string } }; changes: Record<string, unknown> };
    expect(details.params.source.password).toBe('***');
    // The source appeared: [before, after], the after with its password masked too.
    expect(details.changes['mqtt.line-7']).toEqual([
      null,
      expect.objectContaining({ id: 'line-7', enabled: false, url: 'mqtt://127.0.0.1:1', password: '***' }),
    ]);

    // A change the engine refuses to make is recorded as failed, with the error's code.
    const err = await client.request('sources.remove', { kind: 'mqtt', id: 'no-such-source' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(entries()[0]).toMatchObject({
      action: 'sources.remove',
      target: 'no-such-source',
      outcome: 'failed',
      details: { error: { code: (err as EngineError).code } },
    });
  });

  it('records a refused write as refused, with who tried', async () => {
    const client = clientAs(engine, VIEWER);
    const id = engine.services.alarmStore.list({ limit: 1 })[0]!.id;
    const err = await client
      .request('alarms.shelve', { id, reason: 'x', until: Date.now() + 60_000 })
      .catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('FORBIDDEN');
    expect(entries()[0]).toMatchObject({
      actor: 'victor',
      role: 'viewer',
      action: 'alarms.shelve',
      outcome: 'refused',
      details: { error: { code: 'FORBIDDEN' } },
    });
    expect(engine.services.alarmStore.list({ limit: 1 })[0]!.state).toBe('ack_active');
  });

  it('lists, exports (recording the export) and verifies through the contract', async () => {
    const client = clientAs(engine, { ...ALICE, id: 'ada', role: 'admin' });
    const page = await client.request('audit.list', { action: 'sources.', limit: 10 });
    expect(page.items.every((e) => e.action.startsWith('sources.'))).toBe(true);
    expect(page.total).toBe(2);
    const out = await client.request('audit.export', {});
    expect(out.content.split('\r\n')[0]).toContain('seq,time,actor');
    expect(out.count).toBe(entries().length - 1);
    expect(entries()[0]).toMatchObject({ actor: 'ada', action: 'audit.export', outcome: 'ok' });
    expect(await client.request('audit.verify', {})).toEqual({ ok: true, entries: entries().length, broken: null });
  });

  it('records sign-ins, failed and not, and takes who acted from the session once there are users', async () => {
    await engine.access.createUser({
      name: 'olga',
      displayName: null,
      role: 'operator',
      areas: null,
      password: 'a long enough password',
    });
    const connection = engine.access.connect(
      { address: '10.4.4.4', origin: null, trusted: false },
      undefined,
      'browser',
    );
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    serveContract(serverEnd, engine.handlers(), { context: connection });
    const olga = createClient(clientEnd);

    const wrong = await olga
      .request('auth.login', { user: 'olga', password: 'not her password' })
      .catch((e: unknown) => e);
    expect((wrong as EngineError).code).toBe('UNAUTHORIZED');
    expect(entries()[0]).toMatchObject({
      actor: 'olga',
      role: null,
      client: '10.4.4.4',
      action: 'auth.login',
      outcome: 'failed',
      details: { error: { code: 'UNAUTHORIZED' } },
    });
    expect(JSON.stringify(entries()[0])).not.toContain('not her password');

    await olga.request('auth.login', { user: 'olga', password: 'a long enough password' });
    expect(entries()[0]).toMatchObject({ actor: 'olga', role: 'operator', action: 'auth.login', outcome: 'ok' });
    const count = entries().length;

    const id = engine.services.alarmStore.list({ limit: 1 })[0]!.id;
    await olga.request('alarms.shelve', { id, reason: 'pump swap', until: Date.now() + 60_000 });
    expect(entries()[0]).toMatchObject({
      actor: 'olga',
      role: 'operator',
      client: '10.4.4.4',
      action: 'alarms.shelve',
    });
    // An operator may not read the trail; the refused read is not recorded (reads never are).
    const refused = await olga.request('audit.list', {}).catch((e: unknown) => e);
    expect((refused as EngineError).code).toBe('FORBIDDEN');
    expect(entries()).toHaveLength(count + 1);
    expect(engine.services.auditLog.verify().ok).toBe(true);
  });
});
