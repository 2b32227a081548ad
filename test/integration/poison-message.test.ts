// A poison message in the engine's persistent session on an external broker must not put the
// engine in a crash loop. The messages that used to kill it (JSON nested 10,000 deep, an
// unprintable timestamp) are queued by mosquitto for the engine's QoS 1 session while it is
// down, with valid readings behind them; the engine starts, dead-letters each poison message,
// stores every valid reading and keeps running. Runs the built engine (`npm test` builds).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquittoEngine, type MosquittoEngine } from '../support/mosquitto-engine';
import { countStored, storedThisRun } from '../support/stored-readings';
import { waitFor } from '../support/wait';

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
  let plant: MosquittoEngine;

  beforeAll(async () => {
    plant = await startMosquittoEngine('poison/+');
  });
  afterAll(async () => {
    await plant?.close();
  });

  it('is dead-lettered on start, and every valid reading queued behind it is stored', async () => {
    const { broker, data } = plant;
    // A first run opens the engine's persistent session; then the engine is down.
    const first = await plant.start();
    expect(await first.stop(), first.output()).toBe(0);

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
    const engine = await plant.start();
    await waitFor(async () => (await storedThisRun(engine.url)) === sent, {
      timeoutMs: 30_000,
      what: `all ${sent} valid readings`,
    });
    const health = (await (await fetch(`${engine.url}/api/health`)).json()) as { status: string; deadLetters: number };
    expect(health).toMatchObject({ status: 'ok', deadLetters: POISON.length });

    // Still up: a reading published now is stored too.
    const late = await mqtt.connectAsync(broker.url);
    await late.publishAsync('poison/x', valid(sent++), { qos: 1 });
    await late.endAsync();
    await waitFor(async () => (await storedThisRun(engine.url)) === sent, { what: 'a reading after the poison' });
    expect(await engine.stop(), engine.output()).toBe(0);

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
