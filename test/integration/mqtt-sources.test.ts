// MQTT sources as plants run them: topic templates that name device and signal, bare values,
// several subscriptions on one broker, and a broker that wants TLS and a password.
import { mkdirSync, readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { makeTestCertificates, startMosquitto, type Mosquitto } from '../support/mosquitto';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

describe('MQTT sources', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;
  let broker: Mosquitto | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await engine?.stop();
    await broker?.stop();
    engine = undefined;
    broker = undefined;
    dir.remove();
  });

  it('names device and signal from a topic template and takes bare values, beside JSON topics', async () => {
    engine = await startEngine(dir.path, {
      simulator: { enabled: false },
      sources: {
        mqtt: [
          {
            id: 'plant',
            topics: [{ template: 'plant/{line}/{device}/{signal}', format: 'value' }, 'watchfloor/devices/+/telemetry'],
            qos: 1,
          },
        ],
      },
    });
    const pub = await mqtt.connectAsync(engine.services.broker!.url);
    await pub.publishAsync('plant/line-2/press-9/temperature', '72.5', { qos: 1 });
    await pub.publishAsync('plant/line-2/press-9/pressure', JSON.stringify({ value: 31, status: 'stale' }), { qos: 1 });
    await pub.publishAsync('plant/line-2/press-9/temperature', 'hot', { qos: 1 });
    await pub.publishAsync(
      'watchfloor/devices/device-001/telemetry',
      JSON.stringify({ deviceId: 'device-001', sensorType: 'temperature', value: 40 }),
      { qos: 1 },
    );
    await pub.endAsync();
    await waitFor(() => engine!.services.history.stored === 3 && engine!.services.deadLetters.count === 1, {
      what: '3 stored, 1 dead letter',
    });
    const latest = new Map(engine.services.live.snapshot().map((r) => [`${r.deviceId}/${r.signal}`, r]));
    expect(latest.get('press-9/temperature')).toMatchObject({ value: 72.5, quality: 'good' });
    expect(latest.get('press-9/pressure')).toMatchObject({ value: 31, quality: 'uncertain' });
    expect(engine.services.registry.get('press-9')).toMatchObject({ unconfigured: true });
    expect(engine.services.deadLetters.list(5)[0]).toMatchObject({
      origin: 'plant/line-2/press-9/temperature',
      raw: 'hot',
    });
    const health = engine.health().sources[0]!;
    expect(health).toMatchObject({ id: 'plant', connected: true, messages: 4, pending: 0 });
  });

  it('connects to a broker over TLS with a password, and refuses a wrong CA', async () => {
    const certs = makeTestCertificates(dir.path);
    broker = await startMosquitto(dir.path, { tls: certs, user: { username: 'watchfloor', password: 's3cret-pass' } });
    expect(broker.url).toMatch(/^mqtts:/);
    engine = await startEngine(`${dir.path}/data`, {
      broker: { embedded: false },
      simulator: { enabled: false },
      sources: {
        mqtt: [
          {
            id: 'secure',
            url: broker.url,
            username: 'watchfloor',
            password: 's3cret-pass',
            tls: { ca: certs.ca },
            topics: ['site/#'],
            qos: 1,
          },
        ],
      },
    });
    expect(engine.health().sources[0]).toMatchObject({ connected: true, url: `${broker.url}` });
    const pub = await mqtt.connectAsync(broker.url, {
      ca: readFileSync(certs.ca),
      username: 'watchfloor',
      password: 's3cret-pass',
    });
    await pub.publishAsync('site/a', JSON.stringify({ deviceId: 'boiler-1', sensorType: 'temperature', value: 88.5 }), {
      qos: 1,
    });
    await pub.endAsync();
    await waitFor(() => engine!.services.history.stored === 1, { what: 'the reading over TLS' });
    await engine.stop();

    // The same broker with a CA it does not trust: the source stays disconnected and says why.
    mkdirSync(`${dir.path}/other`);
    const other = makeTestCertificates(`${dir.path}/other`);
    engine = await startEngine(`${dir.path}/data2`, {
      broker: { embedded: false },
      simulator: { enabled: false },
      sources: {
        mqtt: [
          {
            id: 'secure',
            url: broker.url,
            username: 'watchfloor',
            password: 's3cret-pass',
            tls: { ca: other.ca },
            topics: ['site/#'],
          },
        ],
      },
    });
    const h = engine.health().sources[0]!;
    expect(h.connected).toBe(false);
    expect(h.error ?? '').toMatch(/certificate|self.signed|verify/i);
    expect(engine.health().status).toBe('degraded');
  });
});
