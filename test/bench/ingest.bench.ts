// npm run bench -- ingest [--seconds N] [--rate N] [--devices N] [--phase all|mqtt|kafka]
//                         [--kafka-backlog RECORDS] [--kafka-rate RECORDS_PER_S] [--kafka-per-record N]
//                         [--kafka-seconds N] [--kafka-linger-ms N]
//
// End to end through the engine as it runs in production: a publisher in its own process
// sends JSON over MQTT to the embedded broker; the engine decodes, validates, writes durably
// to DuckDB, runs detection and emits live events. Measures:
//  - one reading per message, QoS 0: the rate sustained for N seconds and whether anything
//    was lost (every published reading must be stored); the publisher offers --rate messages
//    per second (default 60,000, above the 50,000 target, so the figure shows the headroom);
//  - ten readings per message: readings per second;
//  - at half the measured single-reading rate, spread so no series exceeds half the live
//    update cap and after every device has registered: publish-to-live-event latency (p50/p99);
//  - engine resident memory at each load;
//  - Kafka through librdkafka's mock cluster: readings per second (support/kafka-phase.ts).
// Prints one JSON document on stdout; progress on stderr.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../src/main/engine/engine';
import { parseConfig } from '../../src/main/engine/config/load-config';
import { scriptArgs } from './support/bench-script';
import { runKafkaPhase } from './support/kafka-phase';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '60000' },
    devices: { type: 'string', default: '2000' },
    phase: { type: 'string', default: 'all' },
    'kafka-backlog': { type: 'string', default: '30000' },
    'kafka-rate': { type: 'string', default: '5000' },
    'kafka-linger-ms': { type: 'string', default: '100' },
    'kafka-per-record': { type: 'string', default: '10' },
    'kafka-seconds': { type: 'string', default: '20' },
  },
});
const PHASE = args.phase!;
if (!['all', 'mqtt', 'kafka'].includes(PHASE)) throw new Error(`--phase must be all, mqtt or kafka, not "${PHASE}"`);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const DEVICES = Number(args.devices);
const log = (m: string) => process.stderr.write(`[bench ingest] ${m}\n`);

interface Published {
  messages: number;
  readings: number;
  seconds: number;
}

function publish(url: string, rate: number, perMessage: number, seconds: number, devices: number): Promise<Published> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...scriptArgs('support/mqtt-publisher'),
        '--url',
        url,
        '--rate',
        String(rate),
        '--per-message',
        String(perMessage),
        '--seconds',
        String(seconds),
        '--devices',
        String(devices),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Published) : reject(new Error(`publisher exited ${code}`)),
    );
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The Kafka phase runs its own engine and mock cluster, after the MQTT phases. */
function kafkaPhase() {
  return runKafkaPhase({
    backlog: Number(args['kafka-backlog']),
    rate: Number(args['kafka-rate']),
    lingerMs: Number(args['kafka-linger-ms']),
    readingsPerRecord: Number(args['kafka-per-record']),
    seconds: Number(args['kafka-seconds']),
    devices: Math.min(DEVICES, 1000),
    log,
  });
}

async function main() {
  if (PHASE === 'kafka') {
    const machine = { cpus: (await import('node:os')).cpus().length, node: process.versions.node };
    const result = { benchmark: 'ingest', machine, kafka: await kafkaPhase() };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-ingest-'));
  const engine = new Engine(
    parseConfig({
      dataDir: dir,
      broker: { port: 0 },
      simulator: { enabled: false },
      sources: { mqtt: [{ id: 'bench', topics: ['bench/+'], qos: 0 }] },
    }),
    { log, version: 'bench' },
  );
  await engine.start();
  const url = engine.services.broker!.url;
  const rss: Record<string, number> = { idle: process.memoryUsage().rss };
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);

  async function phase(name: string, rate: number, perMessage: number, seconds: number, devices = DEVICES) {
    const before = engine.services.history.stored;
    const dupBefore = engine.services.history.duplicates;
    peakRss = 0;
    const t0 = performance.now();
    const sent = await publish(url, rate, perMessage, seconds, devices);
    const deadline = Date.now() + 60_000;
    while (engine.services.history.stored - before < sent.readings && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const elapsed = (performance.now() - t0) / 1000;
    const stored = engine.services.history.stored - before;
    rss[name] = peakRss;
    const result = {
      targetMessagesPerSecond: rate,
      readingsPerMessage: perMessage,
      publishedMessages: sent.messages,
      publishedReadings: sent.readings,
      publisherSeconds: Math.round(sent.seconds * 10) / 10,
      storedReadings: stored,
      duplicatesDropped: engine.services.history.duplicates - dupBefore,
      lost: sent.readings - stored,
      secondsUntilAllStored: Math.round(elapsed * 10) / 10,
      messagesPerSecond: Math.round(sent.messages / elapsed),
      readingsPerSecond: Math.round(stored / elapsed),
      peakRssMiB: Math.round(peakRss / 1048576),
    };
    log(`${name}: ${JSON.stringify(result)}`);
    return result;
  }

  try {
    const single = await phase('single', RATE, 1, SECONDS);
    const batched = await phase('batched', Math.round(RATE / 1), 10, Math.max(10, Math.round(SECONDS / 2)));

    // latency at half the sustained single-reading rate
    const half = Math.max(1000, Math.round(single.messagesPerSecond / 2));
    // The live hub sends a series at most maxUpdatesPerSecond times a second (the newest value
    // of a faster series waits for the end of its interval, by design). Spread the half rate
    // over enough devices that no series exceeds half that cap, so the figure is the
    // pipeline's publish-to-screen latency, not the cap's deliberate hold-back.
    const perSeriesHz = engine.config.live.maxUpdatesPerSecond / 2;
    const latencyDevices = Math.max(DEVICES, Math.ceil(half / perSeriesHz));
    // Devices seen for the first time are registered (a one-off cost, not steady state): let
    // every one of them report once before measuring.
    await phase('latency-warmup', Math.min(half, latencyDevices), 1, 2, latencyDevices);
    const latencies: number[] = [];
    const unsubscribe = engine.services.live.subscribe(undefined, (readings) => {
      const now = Date.now();
      for (const r of readings) latencies.push(now - r.ts);
    });

    const lat = await phase('latency', half, 1, Math.max(10, Math.round(SECONDS / 3)), latencyDevices);
    unsubscribe();
    latencies.sort((a, b) => a - b);

    const result = {
      benchmark: 'ingest',
      machine: { cpus: (await import('node:os')).cpus().length, node: process.versions.node },
      mqttSingleReadingQos0: single,
      mqttTenReadingsPerMessage: batched,
      latencyAtHalfRate: {
        messagesPerSecond: half,
        devices: latencyDevices,
        readingsPerSeriesPerSecond: Math.round((half / latencyDevices) * 10) / 10,
        liveEvents: latencies.length,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.at(-1) ?? NaN,
        lost: lat.lost,
      },
      rssMiB: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, Math.round(v / 1048576)])),
      kafka: PHASE === 'all' ? await kafkaPhase() : 'skipped (--phase mqtt)',
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
