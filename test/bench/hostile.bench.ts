// npm run bench -- hostile [--seconds N] [--rate N] [--hostile-rate N] [--hostile-big N]
//                          [--devices N] [--runs N] [--signals N]
//
// What hostile traffic costs the valid readings beside it, end to end through the engine as it
// runs in production (the same set-up as the ingest benchmark: a publisher in its own process,
// JSON over MQTT QoS 0 to the embedded broker, durable writes to DuckDB, detection, live).
// Per run, on a fresh engine:
//  - clean: --rate valid single-reading messages per second offered for --seconds (40,000, above
//    what the engine takes, so the figure is its capacity); valid readings stored per second
//    until all are stored, and how many were lost;
//  - hostile: --hostile-rate valid messages per second (5,000, again above capacity with the
//    hostile traffic beside it) with as many hostile messages again from the seeded corpus
//    (test/support/hostile-corpus.ts; half the messages are hostile; --hostile-big bounds how far
//    their nesting and long strings reach, 4,000 characters by default), on topics of their own;
//    valid readings per second, lost, hostile messages taken per second and dead letters made;
//  - one message naming a new device with --signals signals (default 5,000): time until its
//    readings are stored and the refused ones dead-lettered, and the longest event-loop stall.
// Prints one JSON document on stdout (every run, then min/median/max); progress on stderr.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { Engine } from '../../src/main/engine/engine';
import { parseConfig } from '../../src/main/engine/config/load-config';
import { scriptArgs } from './support/bench-script';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '40000' },
    'hostile-rate': { type: 'string', default: '5000' },
    'hostile-big': { type: 'string', default: '4000' },
    devices: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    signals: { type: 'string', default: '5000' },
  },
});
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const HOSTILE_RATE = Number(args['hostile-rate']);
const DEVICES = Number(args.devices);
const RUNS = Number(args.runs);
const SIGNALS = Number(args.signals);
const log = (m: string) => process.stderr.write(`[bench hostile] ${m}\n`);

interface Published {
  messages: number;
  readings: number;
  seconds: number;
  hostileSent: number;
  hostileBytes: number;
}

function publish(url: string, rate: number, seconds: number, hostile: number): Promise<Published> {
  // (rate: valid messages per second; hostile: hostile messages after each valid one)
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...scriptArgs('support/mqtt-publisher'),
        ...['--url', url, '--rate', String(rate), '--seconds', String(seconds), '--devices', String(DEVICES)],
        ...['--hostile', String(hostile), '--hostile-big', String(args['hostile-big'])],
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

async function phase(engine: Engine, name: string, rate: number, hostile: number) {
  const valid = engine.services.pipeline.counters('bench');
  const bad = engine.services.pipeline.counters('hostile');
  const before = valid.readings;
  const badBefore = { rejected: bad.rejected, readings: bad.readings };
  const lettersBefore = engine.services.deadLetters.count;
  const t0 = performance.now();
  const sent = await publish(engine.services.broker!.url, rate, SECONDS, hostile);
  // Valid readings are counted by their own source: a hostile payload that happens to be valid
  // is stored too, but is not what is measured.
  const deadline = Date.now() + 120_000;
  while (valid.readings - before < sent.readings && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await engine.services.pipeline.drain();
  const elapsed = (performance.now() - t0) / 1000;
  const stored = valid.readings - before;
  const result = {
    offeredValidPerSecond: rate,
    publishedValid: sent.readings,
    publishedHostile: sent.hostileSent,
    hostileMiB: Math.round((sent.hostileBytes / 1048576) * 10) / 10,
    storedValid: stored,
    lostValid: sent.readings - stored,
    secondsUntilAllStored: Math.round(elapsed * 10) / 10,
    validReadingsPerSecond: Math.round(stored / elapsed),
    hostilePerSecond: Math.round(sent.hostileSent / elapsed),
    // What the hostile messages held: rejected parts, and readings that were valid after all.
    hostileRejections: bad.rejected - badBefore.rejected,
    hostileReadingsAccepted: bad.readings - badBefore.readings,
    deadLetters: engine.services.deadLetters.count - lettersBefore,
  };
  log(`${name}: ${JSON.stringify(result)}`);
  return result;
}

/** One message naming a new device with SIGNALS signals; the event loop is watched meanwhile. */
async function wideMessage(engine: Engine) {
  let stall = 0;
  let last = performance.now();
  const watch = setInterval(() => {
    const t = performance.now();
    stall = Math.max(stall, t - last - 10);
    last = t;
  }, 10);
  const values: Record<string, number> = {};
  for (let k = 0; k < SIGNALS; k++) values[`sensor-${k}`] = k;
  const message = JSON.stringify({ deviceId: 'wide-bench', timestamp: Date.now(), values });
  const storedBefore = engine.services.history.stored;
  const lettersBefore = engine.services.deadLetters.count;
  const client = await mqtt.connectAsync(engine.services.broker!.url);
  const t0 = performance.now();
  await client.publishAsync('bench/wide-bench', message, { qos: 1 });
  const cap = engine.config.ingest.maxSignalsPerDevice;
  while (engine.services.history.stored - storedBefore < Math.min(cap, SIGNALS))
    await new Promise((r) => setTimeout(r, 5));
  if (SIGNALS > cap)
    while (engine.services.deadLetters.count === lettersBefore) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - t0;
  clearInterval(watch);
  await client.endAsync();
  return {
    signals: SIGNALS,
    messageKiB: Math.round(message.length / 1024),
    registered: engine.services.registry.get('wide-bench')?.signals.length ?? 0,
    msUntilStoredAndDeadLettered: Math.round(ms),
    longestEventLoopStallMs: Math.round(stall),
  };
}

async function run(k: number) {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-hostile-'));
  const engine = new Engine(
    parseConfig({
      dataDir: dir,
      broker: { port: 0 },
      simulator: { enabled: false },
      sources: {
        mqtt: [
          { id: 'bench', topics: ['bench/+'], qos: 0 },
          { id: 'hostile', topics: ['hostile/+'], qos: 0 },
        ],
      },
      ingest: { deadLetters: { maxBytes: 1024 * 1024 * 1024, maxRows: 10_000_000 } },
    }),
    { log: () => {}, version: 'bench' },
  );
  await engine.start();
  try {
    // Devices seen for the first time are registered (a one-off cost): each reports once first.
    await publish(engine.services.broker!.url, Math.min(RATE, DEVICES), 2, 0);
    await engine.services.pipeline.drain();
    log(`run ${k + 1}/${RUNS}`);
    const clean = await phase(engine, 'clean', RATE, 0);
    const hostile = await phase(engine, 'hostile', HOSTILE_RATE, 1);
    const wide = await wideMessage(engine);
    log(`wide message: ${JSON.stringify(wide)}`);
    return { clean, hostile, wide };
  } finally {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
}

async function main() {
  const runs = [];
  for (let k = 0; k < RUNS; k++) runs.push(await run(k));
  const os = await import('node:os');
  const result = {
    benchmark: 'hostile',
    machine: { cpus: os.cpus().length, node: process.versions.node, loadAverage1m: os.loadavg()[0] },
    secondsPerPhase: SECONDS,
    offeredValidMessagesPerSecond: { clean: RATE, halfHostile: HOSTILE_RATE },
    hostileBig: Number(args['hostile-big']),
    validReadingsPerSecond: {
      clean: spread(runs.map((r) => r.clean.validReadingsPerSecond)),
      halfHostile: spread(runs.map((r) => r.hostile.validReadingsPerSecond)),
    },
    lostValid: {
      clean: runs.map((r) => r.clean.lostValid),
      halfHostile: runs.map((r) => r.hostile.lostValid),
    },
    hostileMessagesPerSecond: spread(runs.map((r) => r.hostile.hostilePerSecond)),
    wideMessage: {
      msUntilStoredAndDeadLettered: spread(runs.map((r) => r.wide.msUntilStoredAndDeadLettered)),
      longestEventLoopStallMs: spread(runs.map((r) => r.wide.longestEventLoopStallMs)),
    },
    runs,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
