// A load generator in its own process: publishes JSON readings over MQTT at a target rate
// and prints what it published as JSON. Each reading carries its publish time as timestamp,
// so the engine side can measure publish-to-live latency on the same clock.
//
// --signals M spreads single-reading messages over devices × M series (device first, then
// signal), --topic names where each goes ({device} is replaced), and --values wave gives each
// series a plausible, varying signal (the default sawtooth repeats the same value on a series
// whenever the fleet size divides 1,000).
import mqtt from 'mqtt';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    rate: { type: 'string', default: '50000' }, // messages per second
    'per-message': { type: 'string', default: '1' }, // readings per message
    seconds: { type: 'string', default: '10' },
    devices: { type: 'string', default: '1000' },
    signals: { type: 'string', default: '1' },
    'device-prefix': { type: 'string', default: 'bench-' },
    topic: { type: 'string', default: 'bench/{device}' },
    values: { type: 'string', default: 'sawtooth' },
    qos: { type: 'string', default: '0' },
  },
});
const rate = Number(values.rate);
const perMessage = Number(values['per-message']);
const seconds = Number(values.seconds);
const devices = Number(values.devices);
const signals = Number(values.signals);
const prefix = values['device-prefix']!;
const wave = values.values === 'wave';
const qos = Number(values.qos) as 0 | 1;

async function main() {
  const client = await mqtt.connectAsync(values.url!, { clientId: `bench-pub-${process.pid}`, clean: true });
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
  while (performance.now() < end) {
    for (let i = 0; i < perTick; i++) {
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
    }
    next += tickMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else await new Promise((r) => setImmediate(r));
  }
  await client.endAsync();
  const elapsed = (performance.now() - start) / 1000;
  process.stdout.write(JSON.stringify({ messages: sent, readings: sent * perMessage, seconds: elapsed }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
