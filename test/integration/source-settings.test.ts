// Settings → Sources through the contract, against a real broker (mosquitto, with a password):
// an edit is applied while the engine runs (the source restarts, nothing it had taken is lost),
// a bad edit is refused with the field's path and leaves the running source alone, secrets
// never come back, and what was saved survives a restart layered over the configuration file.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import type { ConfigPatch } from '../../src/main/engine/config/load-config';
import { EngineError } from '../../src/shared/errors';
import { contractClient } from '../support/contract-client';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const USER = { username: 'watchfloor', password: 'plant-secret-7' };

async function refusal(p: Promise<unknown>): Promise<EngineError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the request should have been refused').toBeInstanceOf(EngineError);
  return err as EngineError;
}

describe('Settings → Sources', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;
  let broker: Mosquitto;
  let config: ConfigPatch;

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await startMosquitto(dir.path, { user: USER });
    config = {
      simulator: { enabled: false },
      broker: { embedded: false },
      sources: { mqtt: [{ id: 'plant', url: broker.url, topics: ['site/+/telemetry'], qos: 1, ...USER }] },
    };
    engine = await startEngine(dir.path, config);
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await broker.stop();
    dir.remove();
  });

  it('adds a template subscription live, keeps the stored password, loses nothing across the restart', async () => {
    const client = contractClient(engine!);
    const before = await client.request('sources.settings', {});
    expect(before.mqtt).toHaveLength(1);
    expect(before.mqtt[0]).toMatchObject({ id: 'plant', origin: 'file', password: { set: true } });
    expect(JSON.stringify(before)).not.toContain(USER.password);

    // A publisher keeps sending QoS 1 readings on the old topic while the source is replaced.
    const pub = await mqtt.connectAsync(broker.url, USER);
    const now = Date.now() - 60_000;
    let sent = 0;
    const publishing = (async () => {
      for (; sent < 400; sent++) {
        const body = JSON.stringify({ deviceId: 'press-1', sensorType: 'load', value: sent, timestamp: now + sent });
        await pub.publishAsync('site/a/telemetry', body, { qos: 1 });
      }
    })();
    await waitFor(() => sent > 50, { what: 'the publisher under way' });
    const after = await client.request('sources.save', {
      kind: 'mqtt',
      source: {
        id: 'plant',
        url: broker.url,
        username: USER.username, // the password is left out: the stored one is kept
        qos: 1,
        topics: ['site/+/telemetry', { template: 'plant/{line}/{device}/{signal}', format: 'value' }],
      },
    });
    await publishing;
    expect(after.mqtt[0]).toMatchObject({ origin: 'edited', password: { set: true } });
    expect(JSON.stringify(after)).not.toContain(USER.password);

    await pub.publishAsync('plant/line-2/valve-9/position', '42.5', { qos: 1 });
    await pub.endAsync();
    await waitFor(() => engine!.services.live.snapshot().some((r) => r.deviceId === 'valve-9'), {
      what: 'a reading through the new template',
    });
    expect(engine!.services.live.snapshot().find((r) => r.deviceId === 'valve-9')).toMatchObject({
      signal: 'position',
      value: 42.5,
    });
    await waitFor(async () => (await engine!.services.history.countBySeries()).get('press-1/load') === 400, {
      what: 'all 400 readings published during the restart',
    });
    expect(engine!.health().sources.find((s) => s.id === 'plant')).toMatchObject({ connected: true });
  }, 30_000);

  it('refuses a bad edit with the field and keeps the old source running', async () => {
    const client = contractClient(engine!);
    const badUrl = await refusal(
      client.request('sources.save', {
        kind: 'mqtt',
        source: { id: 'plant', url: 'http://broker.plant:1883', topics: ['site/+/telemetry'] },
      }),
    );
    expect(badUrl.code).toBe('BAD_REQUEST');
    expect((badUrl.details as { issues: { path: string; message: string }[] }).issues[0]).toMatchObject({
      path: 'source.url',
      message: expect.stringContaining('mqtt://'),
    });

    const badTemplate = await refusal(
      client.request('sources.save', {
        kind: 'mqtt',
        source: { id: 'plant', url: broker.url, topics: [{ template: 'plant/{line}x/{device}' }] },
      }),
    );
    expect((badTemplate.details as { issues: { path: string }[] }).issues[0]!.path).toBe('source.topics.0.template');

    const badTls = await refusal(
      client.request('sources.save', {
        kind: 'mqtt',
        source: { id: 'plant', url: broker.url, topics: ['x/#'], tls: { ca: '/nonexistent/ca.pem' } },
      }),
    );
    expect((badTls.details as { issues: { path: string; message: string }[] }).issues[0]).toMatchObject({
      path: 'source.tls.ca',
      message: expect.stringContaining('cannot read /nonexistent/ca.pem'),
    });

    const loop = await refusal(
      client.request('sources.save', {
        kind: 'kafka',
        source: { id: 'k', brokers: ['127.0.0.1:9'], topics: ['t', 'rejects'], dlqTopic: 'rejects' },
      }),
    );
    expect((loop.details as { issues: { path: string }[] }).issues[0]!.path).toBe('source.dlqTopic');

    const duplicate = await refusal(
      client.request('sources.save', {
        kind: 'kafka',
        source: { id: 'plant', brokers: ['127.0.0.1:9'], topics: ['t'] },
      }),
    );
    expect((duplicate.details as { issues: { path: string }[] }).issues[0]!.path).toBe('source.id');
    const reserved = await refusal(
      client.request('sources.save', { kind: 'mqtt', source: { id: 'file', topics: ['x/#'] } }),
    );
    expect((reserved.details as { issues: { path: string; message: string }[] }).issues[0]).toMatchObject({
      path: 'source.id',
      message: expect.stringContaining('reserved'),
    });

    // Nothing changed: the file's source still runs, with its password.
    const settings = await client.request('sources.settings', {});
    expect(settings.mqtt).toEqual([
      expect.objectContaining({ id: 'plant', origin: 'file', topics: ['site/+/telemetry'] }),
    ]);
    expect(settings.kafka).toEqual([]);
    const pub = await mqtt.connectAsync(broker.url, USER);
    await pub.publishAsync('site/b/telemetry', JSON.stringify({ deviceId: 'pump-3', sensorType: 'flow', value: 7 }), {
      qos: 1,
    });
    await pub.endAsync();
    await waitFor(() => engine!.services.live.snapshot().some((r) => r.deviceId === 'pump-3'), {
      what: 'the old source still taking data',
    });
  }, 30_000);

  it('keeps Settings over the file across a restart; devices and auto-registration apply live; revert restores the file', async () => {
    let client = contractClient(engine!);
    await client.request('sources.save', {
      kind: 'mqtt',
      source: { id: 'plant', url: broker.url, username: USER.username, topics: ['site/+/data'], qos: 1 },
    });
    await client.request('sources.save', {
      kind: 'device',
      device: {
        id: 'press-1',
        name: 'Press 1',
        kind: 'press',
        location: 'Hall B',
        signals: [{ key: 'load', unit: 'kN', limits: { hi: 90 }, intervalMs: 1000, deadband: 2 }],
      },
    });
    await client.request('sources.save', { kind: 'autoRegister', value: false });

    const pub = await mqtt.connectAsync(broker.url, USER);
    const send = (deviceId: string, value: number) =>
      pub.publishAsync('site/a/data', JSON.stringify({ deviceId, sensorType: 'load', value }), { qos: 1 });
    await send('press-1', 95); // over the limit saved a moment ago
    await send('stranger-4', 1); // unknown, and auto-registration is now off
    await waitFor(() => engine!.services.alarms.activeCount === 1 && engine!.services.deadLetters.count === 1, {
      what: 'an alarm on press-1 and the stranger dead-lettered',
    });
    expect(engine!.services.deadLetters.list(1)[0]!.reason).toMatch(
      /unknown device "stranger-4" \(auto-registration is off\)/,
    );
    await pub.endAsync();

    // A restart keeps what Settings saved, layered over the same configuration file.
    await engine!.stop();
    engine = await startEngine(dir.path, config);
    client = contractClient(engine);
    const kept = await client.request('sources.settings', {});
    expect(kept.mqtt[0]).toMatchObject({
      id: 'plant',
      origin: 'edited',
      topics: ['site/+/data'],
      password: { set: true },
    });
    expect(kept.devices.find((d) => d.id === 'press-1')).toMatchObject({ origin: 'settings', location: 'Hall B' });
    expect(kept.autoRegister).toEqual({ value: false, origin: 'edited' });
    expect(engine.health().sources[0]).toMatchObject({ id: 'plant', connected: true });

    const reverted = await client.request('sources.revert', { kind: 'mqtt', id: 'plant' });
    expect(reverted.mqtt[0]).toMatchObject({ origin: 'file', topics: ['site/+/telemetry'] });
    const off = await client.request('sources.setEnabled', { kind: 'mqtt', id: 'plant', enabled: false });
    expect(off.mqtt[0]).toMatchObject({ enabled: false, origin: 'edited' });
    expect(engine.health().sources.map((s) => s.id)).not.toContain('plant');
  }, 40_000);
});

describe('Settings → Sources that can no longer start', () => {
  it('leaves a source saved in Settings stopped, and the engine starts', async () => {
    const dir = makeTempDir();
    const ca = join(dir.path, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    const config: ConfigPatch = {
      simulator: { enabled: false },
      sources: { mqtt: [{ id: 'local', topics: ['a/#'] }] },
    };
    let engine = await startEngine(dir.path, config);
    try {
      await contractClient(engine).request('sources.save', {
        kind: 'mqtt',
        source: { id: 'secured', url: 'mqtt://127.0.0.1:9', topics: ['b/#'], tls: { ca } },
      });
      await engine.stop();
      rmSync(ca);
      engine = await startEngine(dir.path, config);
      expect(engine.health().sources.map((s) => s.id)).not.toContain('secured');
      expect(engine.health().sources.find((s) => s.id === 'local')).toMatchObject({ connected: true });
      const settings = await contractClient(engine).request('sources.settings', {});
      expect(settings.mqtt.map((s) => [s.id, s.origin])).toEqual([
        ['local', 'file'],
        ['secured', 'settings'],
      ]);
    } finally {
      await engine.stop();
      dir.remove();
    }
  }, 30_000);
});

describe('Settings → Sources on the embedded broker', () => {
  it('replaces an in-process source without missing what is published meanwhile', async () => {
    const dir = makeTempDir();
    const engine = await startEngine(dir.path, {
      simulator: { enabled: false },
      sources: { mqtt: [{ id: 'local', topics: ['site/+/telemetry'] }] },
    });
    try {
      const client = contractClient(engine);
      const pub = await mqtt.connectAsync(engine.services.broker!.url);
      const t0 = Date.now() - 60_000;
      let sent = 0;
      const TOTAL = 1500;
      const publishing = (async () => {
        for (; sent < TOTAL; sent++) {
          const body = JSON.stringify({ deviceId: 'mixer-2', sensorType: 'rpm', value: sent, timestamp: t0 + sent });
          await pub.publishAsync('site/a/telemetry', body, { qos: 1 });
          if (sent % 10 === 0) await new Promise((r) => setTimeout(r, 1));
        }
      })();
      await waitFor(() => sent > 100, { what: 'the publisher under way' });
      for (const topics of [['site/+/telemetry', 'other/#'], ['site/#'], ['site/+/telemetry']]) {
        await client.request('sources.save', { kind: 'mqtt', source: { id: 'local', topics } });
      }
      expect(sent, 'the restarts happened while the publisher was still sending').toBeLessThan(TOTAL);
      await publishing;
      await pub.endAsync();
      await waitFor(async () => (await engine.services.history.countBySeries()).get('mixer-2/rpm') === TOTAL, {
        what: 'every reading published across three restarts',
      });
    } finally {
      await engine.stop();
      dir.remove();
    }
  }, 30_000);
});
