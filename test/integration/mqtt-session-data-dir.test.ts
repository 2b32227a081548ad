// The MQTT session survives however the data directory is spelled: the station id is kept in
// the directory, so `--data DIR`, `--data DIR/` and a symlink to DIR resume the same QoS 1
// session on mosquitto, and what was published while the engine was down arrives. An
// installation from before the station-id file keeps the client id it had. Runs the built
// engine (`npm test` builds).
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyStationId } from '../../src/main/engine/state/station-id';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { countStored } from '../support/stored-readings';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

interface HealthBody {
  dataDir: string;
  readings: { stored: number };
  sources: { id: string; connected: boolean }[];
}

async function health(engine: ServeProcess): Promise<HealthBody> {
  return (await (await fetch(`${engine.url}/api/health`)).json()) as HealthBody;
}

describe('the MQTT session and the spelling of the data directory', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let engine: ServeProcess | undefined;
  let config: string;
  let publisher: mqtt.MqttClient;
  let base = Date.now() - 3_600_000;

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await startMosquitto(dir.path);
    config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({
        broker: { embedded: false },
        simulator: { enabled: false },
        sources: { mqtt: [{ id: 'plant', url: broker.url, topics: ['session/+'], qos: 1 }] },
      }),
    );
    publisher = await mqtt.connectAsync(broker.url, { clientId: 'session-publisher' });
  });
  afterAll(async () => {
    await engine?.kill();
    await publisher?.endAsync();
    await broker?.stop();
    dir?.remove();
  });

  /** Starts serve on `data`, waits for its session, and checks every queued message arrived. */
  async function runUntilStored(data: string, expected: number): Promise<HealthBody> {
    engine = await startServeProcess(['--config', config, '--data', data]);
    const h = await waitFor(
      async () => {
        const body = await health(engine!);
        return body.readings.stored >= expected ? body : undefined;
      },
      { timeoutMs: 20_000, what: `${expected} queued readings after starting with --data ${data}` },
    );
    expect(await engine.stop()).toBe(0);
    engine = undefined;
    return h;
  }

  /** 1,000 QoS 1 readings, published (and acknowledged by the broker) while no engine runs. */
  async function publishWhileDown(device: string): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const reading = { deviceId: device, sensorType: 'v', value: i, timestamp: base + i };
      await publisher.publishAsync(`session/${device}`, JSON.stringify(reading), { qos: 1 });
    }
    base += 1000;
  }

  it('resumes the session with DIR/, through a symlink and after a restart: all 1,000 arrive each time', async () => {
    const data = join(dir.path, 'data');
    // First start: the engine subscribes, creating its persistent session on the broker.
    engine = await startServeProcess(['--config', config, '--data', data]);
    await waitFor(async () => (await health(engine!)).sources.find((s) => s.id === 'plant')?.connected, {
      what: 'the source connected',
    });
    expect(await engine.stop()).toBe(0);
    engine = undefined;
    const station = readFileSync(join(data, 'station-id'), 'utf8').trim();
    expect(station).toMatch(/^[0-9a-f]{12}$/);

    await publishWhileDown('slash');
    const h = await runUntilStored(`${data}/`, 1000);
    expect(h.dataDir).toBe(data);

    await publishWhileDown('link');
    const link = join(dir.path, 'link-to-data');
    symlinkSync(data, link);
    const viaLink = await runUntilStored(link, 1000);
    expect(viaLink.dataDir).toBe(data); // the real path, whatever was typed

    await publishWhileDown('plain');
    await runUntilStored(data, 1000);

    expect(readFileSync(join(data, 'station-id'), 'utf8').trim()).toBe(station);
    const counts = await countStored(data);
    for (const device of ['slash', 'link', 'plain']) expect(counts.get(`${device}/v`), device).toBe(1000);
  }, 120_000);

  it('keeps the client id of an installation from before the station-id file, so its session survives the upgrade', async () => {
    const data = join(dir.path, 'old-install');
    // An existing installation: stores, but no station-id file yet.
    engine = await startServeProcess(['--config', config, '--data', data]);
    expect(await engine.stop()).toBe(0);
    engine = undefined;
    rmSync(join(data, 'station-id'));

    // What the old engine left on the broker: its persistent session under the old client id.
    const legacy = legacyStationId(data);
    const old = await mqtt.connectAsync(broker.url, { clientId: `watchfloor-${legacy}-plant`, clean: false });
    await old.subscribeAsync('session/+', { qos: 1 });
    await old.endAsync();

    await publishWhileDown('upgraded');
    await runUntilStored(data, 1000);
    expect(readFileSync(join(data, 'station-id'), 'utf8').trim()).toBe(legacy);
    expect((await countStored(data)).get('upgraded/v')).toBe(1000);
  }, 90_000);
});
