// Dead letters an operator can act on: listed per source with reasons, re-queued through the
// same decoder once the cause is fixed, and never lost on the way.
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

describe('dead letters', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await engine?.stop();
    dir.remove();
  });

  it('re-queues a payload once its cause is fixed, and keeps one that is still bad', async () => {
    const sources = {
      mqtt: [{ id: 'plant', topics: [{ template: 'plant/{device}/{signal}', format: 'value' as const }] }],
    };
    engine = await startEngine(dir.path, { simulator: { enabled: false }, ingest: { autoRegister: false }, sources });
    let pub = await mqtt.connectAsync(engine.services.broker!.url);
    await pub.publishAsync('plant/pump-3/flow', '12.5', { qos: 1 });
    await pub.publishAsync('plant/pump-3/flow', 'lots', { qos: 1 });
    await pub.endAsync();
    await waitFor(() => engine!.services.deadLetters.count === 2, { what: 'two dead letters' });

    let client = contractClient(engine);
    const listed = await client.request('deadLetters.list', { source: 'plant' });
    expect(listed.bySource).toEqual({ plant: 2 });
    const unknown = listed.items.find((d) => d.reason.startsWith('unknown device'))!;
    expect(JSON.parse(unknown.raw)).toMatchObject({ deviceId: 'pump-3', sensorType: 'flow', value: 12.5 });
    const garbage = listed.items.find((d) => d.raw === 'lots')!;
    expect(unknown.reason).toBe('unknown device "pump-3" (auto-registration is off)');

    // Not fixed yet: both stay, with an attempt counted.
    const first = await client.request('deadLetters.requeue', { ids: [unknown.id, garbage.id] });
    expect(first.map((r) => r.ok)).toEqual([false, false]);
    expect((await client.request('deadLetters.list', {})).items.every((d) => d.attempts === 1)).toBe(true);
    expect(engine.services.deadLetters.count).toBe(2);

    // The fix: auto-registration on (a restart with the new configuration).
    await engine.stop();
    engine = await startEngine(dir.path, { simulator: { enabled: false }, ingest: { autoRegister: true }, sources });
    client = contractClient(engine);
    const second = await client.request('deadLetters.requeue', { ids: [unknown.id, garbage.id, 999_999] });
    expect(second).toEqual([
      { id: unknown.id, ok: true, reason: null },
      { id: garbage.id, ok: false, reason: 'payload is not a number or a JSON value' },
      { id: 999_999, ok: false, reason: 'no such dead letter' },
    ]);
    expect(engine.services.live.snapshot().find((r) => r.deviceId === 'pump-3')).toMatchObject({
      signal: 'flow',
      value: 12.5,
    });
    expect((await engine.services.history.countBySeries()).get('pump-3/flow')).toBe(1);
    const left = await client.request('deadLetters.list', {});
    expect(left.items.map((d) => [d.id, d.attempts])).toEqual([[garbage.id, 2]]);
    expect(await client.request('deadLetters.discard', { ids: [garbage.id] })).toEqual({ discarded: 1 });
    expect(engine.services.deadLetters.count).toBe(0);
    pub = await mqtt.connectAsync(engine.services.broker!.url);
    await pub.endAsync();
  });
});
