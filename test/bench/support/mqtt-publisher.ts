// A load generator in its own process: publishes JSON readings over MQTT at a target rate
// and prints what it published as JSON. Each reading carries its publish time as timestamp,
// so the engine side can measure publish-to-live latency on the same clock. With --hostile N,
// N hostile payloads from the seeded corpus (test/support/hostile-corpus.ts) follow each
// valid message, on topics of their own (hostile/N): --hostile 1 makes half the traffic hostile.
//
// --signals M spreads single-reading messages over devices × M series (device first, then
// signal), --topic names where each goes ({device} is replaced), and --values wave gives each
// series a plausible, varying signal (the default sawtooth repeats the same value on a series
// whenever the fleet size divides 1,000). --messages N stops after exactly N valid messages
// (or when --seconds ends, whichever comes first).
import mqtt from 'mqtt';
import { parseArgs } from 'node:util';
import { hostileJson, Rand } from '../../support/hostile-corpus';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    rate: { type: 'string', default: '50000' }, // messages per second
    'per-message': { type: 'string', default: '1' }, // readings per message
    seconds: { type: 'string', default: '10' },
    messages: { type: 'string', default: 'Infinity' },
    devices: { type: 'string', default: '1000' },
    signals: { type: 'string', default: '1' },
    'device-prefix': { type: 'string', default: 'bench-' },
    topic: { type: 'string', default: 'bench/{device}' },
    values: { type: 'string', default: 'sawtooth' },
    qos: { type: 'string', default: '0' },
    hostile: { type: 'string', default: '0' }, // hostile messages per valid one
    seed: { type: 'string', default: '7' },
    // how far nesting and long strings reach in hostile payloads (characters)
    'hostile-big': { type: 'string', default: '4000' },
  },
});
const hostile = Number(values.hostile);
/** A pool made before the clock starts, cycled: generating payloads is not what is measured. */
function hostilePool(size: number): Buffer[] {
  const r = new Rand(Number(values.seed));
  return Array.from({ length: size }, (_, i) =>
    Buffer.from(hostileJson(r, i, Date.now(), { big: Number(values['hostile-big']) }).bytes),
  );
}
const rate = Number(values.rate);
const perMessage = Number(values['per-message']);
const seconds = Number(values.seconds);
const maxMessages = Number(values.messages);
const devices = Number(values.devices);
const signals = Number(values.signals);
const prefix = values['device-prefix']!;
const wave = values.values === 'wave';
const qos = Number(values.qos) as 0 | 1;

async function main() {
  const client = await mqtt.connectAsync(values.url!, { clientId: `bench-pub-${process.pid}`, clean: true });
  const pool = hostile > 0 ? hostilePool(2000) : [];
  let hostileSent = 0;
  let hostileBytes = 0;
  const tickMs = 5;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  let sent = 0;
  let seq = 0;
  const seriesCount = devices * (perMessage === 1 ? signals : 1);
  // per-series strictly increasing milliseconds: the historian dedupes on (series, ts)
  const last = new Float64Array(seriesCount);
  const sentPerSeries = new Float64Array(seriesCount);
  const start = performance.now();
  const end = start + seconds * 1000;
  let next = start;
  while (performance.now() < end && sent < maxMessages) {
    for (let i = 0; i < perTick && sent < maxMessages; i++) {
      const series = seq % seriesCount;
      const d = series % devices;
      const device = `${prefix}${d}`;
      const ts = Math.max(Date.now(), last[series]! + 1);
      last[series] = ts;
      seq++;
      let payload: string;
      if (perMessage === 1) {
        const signal = signals === 1 ? 'value' : `s${Math.floor(series / devices)}`;
        const n = sentPerSeries[series]!++;
        const value = wave
          ? Math.round((50 + 20 * Math.sin(n / 60 + series) + ((n * 7919 + series * 104729) % 100) / 100) * 100) / 100
          : (seq % 1000) / 10;
        payload = `{"deviceId":"${device}","timestamp":${ts},"sensorType":"${signal}","value":${value}}`;
      } else {
        const readings: string[] = [];
        for (let k = 0; k < perMessage; k++) readings.push(`{"sensorType":"s${k}","value":${((seq + k) % 1000) / 10}}`);
        payload = `{"deviceId":"${device}","timestamp":${ts},"readings":[${readings.join(',')}]}`;
      }
      client.publish(values.topic!.replace('{device}', device), payload, { qos });
      sent++;
      for (let k = 0; k < hostile; k++) {
        const bad = pool[hostileSent % pool.length]!;
        client.publish(`hostile/${hostileSent % 1000}`, bad, { qos });
        hostileSent++;
        hostileBytes += bad.byteLength;
      }
    }
    next += tickMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else await new Promise((r) => setImmediate(r));
  }
  await client.endAsync();
  const elapsed = (performance.now() - start) / 1000;
  process.stdout.write(
    JSON.stringify({ messages: sent, readings: sent * perMessage, seconds: elapsed, hostileSent, hostileBytes }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
