// A poison message in the engine's persistent session on an external broker must not put the
// engine in a crash loop. The messages that used to kill it (JSON nested 10,000 deep, an
// unprintable timestamp) are queued by mosquitto for the engine's QoS 1 session while it is
// down, with valid readings behind them; the engine starts, dead-letters each poison message,
// stores every valid reading and keeps running. Runs the built engine (`npm test` builds).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { countStored, storedThisRun } from '../support/stored-readings';
import { makeTempDir } from '../support/temp-dir';
import { sleep, waitFor } from '../support/wait';

const deep = (open: string, close: string, n: number, inner: string) => open.repeat(n) + inner + close.repeat(n);
const POISON = [
  deep('[', ']', 10_000, ''),
  `{"deviceId":"p","sensorType":"t","value":${deep('[', ']', 10_000, '1')}}`,
  `{"deviceId":"p","readings":[${deep('[', ']', 10_000, '1')}]}`,
  `{"deviceId":"p","values":{"t":${deep('[', ']', 10_000, '1')}}}`,
  '{"deviceId":"p","sensorType":"t","value":1,"timestamp":1e300}',
  `[${Array.from({ length: 20_000 }, () => '{}').join(',')}]`,
];

describe('a poison message queued for the engine', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let engine: ServeProcess | undefined;

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await startMosquitto(dir.path);
  });
  afterAll(async () => {
    await engine?.kill();
    await broker?.stop();
    dir?.remove();
  });

  it('is dead-lettered on start, and every valid reading queued behind it is stored', async () => {
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({
        broker: { embedded: false },
        simulator: { enabled: false },
        sources: { mqtt: [{ id: 'plant', url: broker.url, topics: ['poison/+'], qos: 1 }] },
      }),
    );
    const data = join(dir.path, 'data');
    const args = ['--config', config, '--data', data];

    // A first run opens the engine's persistent session; then the engine is down.
    engine = await startServeProcess(args);
    const first = engine;
    // serve prints its URL a moment before it handles SIGTERM: let it settle first.
    await waitFor(async () => (await fetch(`${first.url}/api/health`)).ok, { what: 'the first run up' });
    await sleep(500);
    expect(await first.stop(), first.output()).toBe(0);
    engine = undefined;

    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'poison-publisher' });
    const base = Date.now() - 60_000;
    const valid = (i: number) => JSON.stringify({ deviceId: 'line-1', sensorType: 'v', value: i, timestamp: base + i });
    let sent = 0;
    for (const poison of POISON) {
      await publisher.publishAsync('poison/x', poison, { qos: 1 });
      for (let k = 0; k < 50; k++) await publisher.publishAsync('poison/x', valid(sent++), { qos: 1 });
    }
    await publisher.endAsync();

    // The restarted engine takes the queue: poison first, valid readings behind it.
    engine = await startServeProcess(args);
    await waitFor(async () => (await storedThisRun(engine!.url)) === sent, {
      timeoutMs: 30_000,
      what: `all ${sent} valid readings`,
    });
    const health = (await (await fetch(`${engine.url}/api/health`)).json()) as { status: string; deadLetters: number };
    expect(health).toMatchObject({ status: 'ok', deadLetters: POISON.length });

    // Still up: a reading published now is stored too.
    await sleep(500);
    const late = await mqtt.connectAsync(broker.url);
    await late.publishAsync('poison/x', valid(sent++), { qos: 1 });
    await late.endAsync();
    await waitFor(async () => (await storedThisRun(engine!.url)) === sent, { what: 'a reading after the poison' });
    const second = engine;
    expect(await second.stop(), second.output()).toBe(0);
    engine = undefined;

    expect((await countStored(data)).get('line-1/v')).toBe(sent);
    const db = new Database(join(data, 'state.db'), { readonly: true });
    const reasons = (db.prepare('SELECT reason FROM dead_letters ORDER BY id').all() as { reason: string }[]).map(
      (r) => r.reason,
    );
    db.close();
    expect(reasons).toHaveLength(POISON.length);
    expect(reasons.slice(0, 4).every((r) => /deeper than 32 levels/.test(r))).toBe(true);
    expect(reasons[4]).toMatch(/"timestamp" 1e\+300 is not a date/);
    expect(reasons[5]).toMatch(/^20000 rejected; first: missing "deviceId"/);
  }, 90_000);
});
