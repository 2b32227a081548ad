// A Kafka load generator in its own process: produces JSON records (one device, N signals per
// record) to a topic at a target rate of records per second and prints what it produced as
// JSON. Each record's timestamp is its produce time, so the engine side can measure
// produce-to-live latency on the same clock. Sends are pipelined (a few in flight) with
// several records per request, as a plant's bridge would batch them.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string' },
    topic: { type: 'string', default: 'bench' },
    rate: { type: 'string', default: '10000' }, // records per second
    'per-record': { type: 'string', default: '10' }, // readings per record
    seconds: { type: 'string', default: '10' },
    devices: { type: 'string', default: '1000' },
    // How long records wait to be sent together, like a producer's linger.ms.
    'linger-ms': { type: 'string', default: '100' },
  },
});
const rate = Number(values.rate);
const perRecord = Number(values['per-record']);
const seconds = Number(values.seconds);
const devices = Number(values.devices);
const MAX_IN_FLIGHT = 8;

async function main() {
  const kafka = new Kafka({
    clientId: `bench-producer-${process.pid}`,
    brokers: [values.brokers!],
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const tickMs = Number(values['linger-ms']);
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  let sent = 0;
  let seq = 0;
  // Per-device strictly increasing milliseconds: the historian dedupes on (series, ts).
  const last = new Float64Array(devices);
  const inFlight = new Set<Promise<unknown>>();
  let failure: unknown;
  const start = performance.now();
  const end = start + seconds * 1000;
  let next = start;
  while (performance.now() < end && !failure) {
    const messages: { key: string; value: string }[] = [];
    for (let i = 0; i < perTick; i++) {
      const d = seq % devices;
      const device = `kbench-${d}`;
      const ts = Math.max(Date.now(), last[d]! + 1);
      last[d] = ts;
      seq++;
      const readings: string[] = [];
      for (let k = 0; k < perRecord; k++) {
        // Inside the bench fleet's limits, but for a rare excursion: detection evaluates every
        // reading and now and then raises an alarm, as on a plant running normally.
        const value = k === 0 && seq % 20_000 === 0 ? 150 : ((seq + k) % 1000) / 10;
        readings.push(`{"sensorType":"s${k}","value":${value}}`);
      }
      // Keyed by device: one device's records stay in order in one partition.
      messages.push({
        key: device,
        value: `{"deviceId":"${device}","timestamp":${ts},"readings":[${readings.join(',')}]}`,
      });
    }
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const send = producer.send({ topic: values.topic!, acks: 1, messages }).then(
      () => {
        sent += messages.length;
      },
      (err: unknown) => {
        failure ??= err;
      },
    );
    inFlight.add(send);
    void send.finally(() => inFlight.delete(send));
    next += tickMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else await new Promise((r) => setImmediate(r));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  await producer.disconnect();
  if (failure) throw failure;
  process.stdout.write(JSON.stringify({ records: sent, readings: sent * perRecord, seconds: elapsed }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
