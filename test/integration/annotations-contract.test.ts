// Expert labels over the contract against a real engine: a label is made, changed, deleted and
// restored by the caller of the call, a stale change is refused with CONFLICT, every change is in
// the label's history and on the annotations.changes stream, causes come from the site's list,
// and the labels survive a restart of the engine.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/shared/errors';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const T0 = Date.UTC(2026, 10, 2, 8);

async function refusal(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

describe('annotations over the contract', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let client: ReturnType<typeof contractClient>;
  const data = () => join(dir.path, 'data');

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(data(), { simulator: { enabled: false } });
    client = contractClient(engine);
  });

  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  it('makes, changes, deletes and restores a label as the caller, with history and a change stream', async () => {
    const events: string[] = [];
    const stop = client.subscribe('annotations.changes', { deviceId: 'device-001' }, (e) =>
      events.push(`${e.action}:${e.annotation.revision}`),
    );
    const other: string[] = [];
    const stopOther = client.subscribe('annotations.changes', { deviceId: 'device-002' }, (e) => other.push(e.action));
    const a = await client.request('annotations.create', {
      deviceId: 'device-001',
      signal: 'temperature',
      from: T0,
      to: T0 + 600_000,
      verdict: 'false-alarm',
      cause: 'Sensor fault',
      text: 'probe touched the door, "hot" for a minute',
    });
    expect(a).toMatchObject({ author: 'local', revision: 1, signal: 'temperature', target: { type: 'range' } });
    const b = await client.request('annotations.update', { id: a.id, revision: 1, verdict: 'bad-data' });
    expect(b.revision).toBe(2);
    const stale = await refusal(client.request('annotations.update', { id: a.id, revision: 1, text: 'mine' }));
    expect(stale.code).toBe('CONFLICT');
    expect((stale.details as { current: { verdict: string } }).current.verdict).toBe('bad-data');
    await client.request('annotations.delete', { id: a.id, revision: 2 });
    expect((await client.request('annotations.list', {})).total).toBe(0);
    await client.request('annotations.restore', { id: a.id, revision: 3 });
    const { annotation, history } = await client.request('annotations.get', { id: a.id });
    expect(annotation).toMatchObject({ deleted: false, revision: 4, verdict: 'bad-data', updatedBy: 'local' });
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(history[1]).toMatchObject({ before: { verdict: 'false-alarm' }, after: { verdict: 'bad-data' } });
    await waitFor(() => events.length === 4, { what: 'four change events' });
    expect(events).toEqual(['create:1', 'update:2', 'delete:3', 'restore:4']);
    expect(other).toEqual([]);
    stop();
    stopOther();
    // The engine's other parts see the live label through the index.
    expect(engine.services.annotations.covering('device-001', 'temperature', T0 + 1, 'bad-data')?.id).toBe(a.id);
  });

  it('refuses labels on unknown devices, signals, alarms and causes, saying why', async () => {
    const base = { deviceId: 'device-001', from: T0, to: T0 + 1, verdict: 'unsure' as const };
    expect(
      (await refusal(client.request('annotations.create', { ...base, deviceId: 'device-999' }))).message,
    ).toContain('no device "device-999"');
    expect((await refusal(client.request('annotations.create', { ...base, signal: 'pressure' }))).message).toContain(
      'has no signal "pressure"',
    );
    expect(
      (await refusal(client.request('annotations.create', { ...base, target: { type: 'alarm', alarmId: 4242 } })))
        .message,
    ).toContain('no alarm 4242');
    const badCause = await refusal(client.request('annotations.create', { ...base, cause: 'Gremlins' }));
    expect(badCause.code).toBe('BAD_REQUEST');
    expect(badCause.message).toContain('Sensor fault');
    const backwards = await refusal(client.request('annotations.create', { ...base, from: T0 + 5, to: T0 }));
    expect(backwards.code).toBe('BAD_REQUEST');
    expect((await refusal(client.request('annotations.update', { id: 'nope', revision: 1, text: '' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('keeps the site list of causes and the labels across a restart', async () => {
    const { causes } = await client.request('annotations.causes', {});
    expect(causes).toContain('Calibration');
    await client.request('annotations.setCauses', { causes: [...causes, 'Cleaning in place'] });
    const made = await client.request('annotations.create', {
      deviceId: 'device-002',
      from: T0,
      to: T0 + 1000,
      verdict: 'maintenance',
      cause: 'cleaning in place',
    });
    expect(made).toMatchObject({ signal: '*', cause: 'Cleaning in place' });
    const dup = await refusal(client.request('annotations.setCauses', { causes: ['A', 'a'] }));
    expect(dup.code).toBe('BAD_REQUEST');

    await engine.stop();
    engine = await startEngine(data(), { simulator: { enabled: false } });
    client = contractClient(engine);
    expect((await client.request('annotations.causes', {})).causes).toContain('Cleaning in place');
    expect((await client.request('annotations.get', { id: made.id })).annotation).toEqual(made);
    expect(engine.services.annotations.covering('device-002', 'pressure', T0 + 500, 'maintenance')?.id).toBe(made.id);
    expect(
      (await client.request('annotations.list', { deviceId: 'device-002', signal: 'pressure' })).items.map((x) => x.id),
    ).toEqual([made.id]);
  });
});
