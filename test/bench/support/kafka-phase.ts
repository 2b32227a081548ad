// The ingest benchmark's Kafka phase, through librdkafka's mock cluster (kcat), with an engine
// whose only source is Kafka (a consumer group, 4 partitions). Records are JSON, one device and
// several signals each. End to end means decoded, validated, durable in DuckDB (offsets
// committed only then), rules evaluated on configured devices, and the live event emitted.
//  - drain: a backlog produced before the engine starts is consumed as fast as the engine can;
//    readings per second from the first stored reading to the last. The producer does not
//    compete for the CPU, and the mock keeps only a few megabytes per partition, so the backlog
//    is modest (it must not be trimmed before it is read).
//  - sustained: a producer in its own process sends at a fixed rate while the engine consumes;
//    readings per second, loss (records the mock trimmed before they were read) and
//    produce-to-live latency. The mock answers a fetch with one producer batch per partition
//    (librdkafka rdkafka_mock_handlers.c, "FIXME: Multiple messageSets ?") and, when it has no
//    data, waits the consumer's whole maxWaitTime even if data arrives meanwhile; a real broker
//    does neither. The producer batches for lingerMs, as a bridge with linger.ms would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptArgs } from './bench-script';
import type { DeviceInput } from '../../../src/shared/domain';
import { Engine } from '../../../src/main/engine/engine';
import { parseConfig } from '../../../src/main/engine/config/load-config';
import { Kafka, logLevel } from 'kafkajs';
import { startKafkaMock } from '../../support/kafka-mock';

export interface KafkaPhaseOptions {
  /** Records produced before the engine starts (drain). */
  backlog: number;
  /** Records per second offered (sustained); 0 skips it. */
  rate: number;
  /** How long the sustained producer gathers records into one send (linger.ms). */
  lingerMs: number;
  readingsPerRecord: number;
  seconds: number;
  devices: number;
  log: (message: string) => void;
}

interface Produced {
  records: number;
  readings: number;
  seconds: number;
}

const TOPIC = 'bench';

function produce(brokers: string, o: KafkaPhaseOptions): Promise<Produced> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...scriptArgs('support/kafka-producer'),
        ...['--brokers', brokers, '--topic', TOPIC, '--rate', String(o.rate)],
        ...[
          '--per-record',
          String(o.readingsPerRecord),
          '--seconds',
          String(o.seconds),
          '--devices',
          String(o.devices),
          '--linger-ms',
          String(o.lingerMs),
        ],
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Produced) : reject(new Error(`Kafka producer exited ${code}`)),
    );
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Configured devices with limits, so detection really evaluates every reading. */
function benchFleet(devices: number, signals: number): DeviceInput[] {
  return Array.from({ length: devices }, (_, d) => ({
    id: `kbench-${d}`,
    name: `Kafka bench ${d}`,
    kind: 'bench',
    signals: Array.from({ length: signals }, (_, k) => ({
      key: `s${k}`,
      unit: 'u',
      limits: { hi: 120, lo: -10 },
      intervalMs: 1000,
    })),
  }));
}

/** Produces the backlog from this process, before the engine runs: nothing competes with it. */
async function produceBacklog(brokers: string, o: KafkaPhaseOptions): Promise<number> {
  const producer = new Kafka({ clientId: 'bench-backlog', brokers: [brokers], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const ts0 = Date.now() - 600_000;
  let seq = 0;
  try {
    while (seq < o.backlog) {
      const messages: { key: string; value: string }[] = [];
      for (let i = 0; i < 1000 && seq < o.backlog; i++, seq++) {
        const d = seq % o.devices;
        const readings: string[] = [];
        for (let k = 0; k < o.readingsPerRecord; k++)
          readings.push(`{"sensorType":"s${k}","value":${((seq + k) % 1000) / 10}}`);
        // Per device, strictly increasing milliseconds: the historian dedupes on (series, ts).
        const ts = ts0 + Math.floor(seq / o.devices);
        messages.push({
          key: `kbench-${d}`,
          value: `{"deviceId":"kbench-${d}","timestamp":${ts},"readings":[${readings.join(',')}]}`,
        });
      }
      await producer.send({ topic: TOPIC, acks: 1, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return seq * o.readingsPerRecord;
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

export async function runKafkaPhase(o: KafkaPhaseOptions) {
  const mock = await startKafkaMock();
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-kafka-'));
  let engine: Engine | undefined;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
  try {
    await mock.createTopics([TOPIC]);
    const backlogReadings = await produceBacklog(mock.bootstrap, o);
    o.log(`kafka: ${backlogReadings} readings waiting in the mock cluster`);
    engine = new Engine(
      parseConfig({
        dataDir: dir,
        broker: { embedded: false },
        simulator: { enabled: false },
        sources: {
          mqtt: [],
          kafka: [
            { id: 'bench-kafka', brokers: [mock.bootstrap], topics: [TOPIC], groupId: 'bench', fromBeginning: true },
          ],
        },
        devices: benchFleet(o.devices, o.readingsPerRecord),
      }),
      { log: o.log, version: 'bench' },
    );
    const e = engine;
    await e.start();
    const idleRss = process.memoryUsage().rss;
    let lastStored = 0;
    const progress = setInterval(() => {
      const stored = e.services.history.stored;
      o.log(`kafka: ${stored} stored (+${stored - lastStored} in 2 s), ${e.health().sources[0]?.pending ?? 0} pending`);
      lastStored = stored;
    }, 2000);
    try {
      // Drain: timed from the first stored reading (the group has joined) to the last.
      peakRss = 0;
      await until(() => e.services.history.stored > 0, 60_000);
      const t0 = performance.now();
      const first = e.services.history.stored;
      await until(() => e.services.history.stored >= backlogReadings, 120_000);
      const drainSeconds = (performance.now() - t0) / 1000;
      const drained = e.services.history.stored;
      const drain = {
        backlogRecords: o.backlog,
        backlogReadings,
        readingsPerRecord: o.readingsPerRecord,
        storedReadings: drained,
        lost: backlogReadings - drained,
        seconds: Math.round(drainSeconds * 100) / 100,
        readingsPerSecond: Math.round((drained - first) / drainSeconds),
        recordsPerSecond: Math.round((drained - first) / o.readingsPerRecord / drainSeconds),
        peakRssMiB: Math.round(peakRss / 1048576),
      };
      o.log(`kafka drain: ${JSON.stringify(drain)}`);
      if (o.rate <= 0)
        return { drain, sustained: 'skipped (--kafka-rate 0)', idleRssMiB: Math.round(idleRss / 1048576) };

      // Sustained: a producer at a fixed rate in its own process.
      const latencies: number[] = [];
      let liveReadings = 0;
      const unsubscribe = e.services.live.subscribe(undefined, (readings) => {
        const now = Date.now();
        liveReadings += readings.length;
        for (const r of readings) if (r.ts > now - 60_000) latencies.push(now - r.ts);
      });
      const alarmsBefore = e.services.alarms.activeCount;
      peakRss = 0;
      const before = e.services.history.stored;
      const t1 = performance.now();
      const sent = await produce(mock.bootstrap, o);
      // Until everything is stored, or nothing more arrives for 3 s (records the mock trimmed
      // before they were read never will): the rate counts up to the last reading stored.
      let lastSeen = e.services.history.stored;
      let lastAt = performance.now();
      await until(() => {
        if (e.services.history.stored !== lastSeen) {
          lastSeen = e.services.history.stored;
          lastAt = performance.now();
        }
        return e.services.history.stored - before >= sent.readings || performance.now() - lastAt > 3000;
      }, 120_000);
      const elapsed = (lastAt - t1) / 1000;
      const stored = e.services.history.stored - before;
      unsubscribe();
      latencies.sort((a, b) => a - b);
      const sustained = {
        targetRecordsPerSecond: o.rate,
        lingerMs: o.lingerMs,
        readingsPerRecord: o.readingsPerRecord,
        producedReadings: sent.readings,
        producerSeconds: Math.round(sent.seconds * 10) / 10,
        storedReadings: stored,
        // Not lost by the engine (offsets move only once durable): trimmed by the mock cluster,
        // which keeps a few megabytes per partition, while the consumer was behind.
        notConsumed: sent.readings - stored,
        secondsUntilLastStored: Math.round(elapsed * 10) / 10,
        readingsPerSecond: Math.round(stored / elapsed),
        // Live events are coalesced to ~10 per second per series: readings that reached them.
        liveReadings,
        produceToLiveP50Ms: percentile(latencies, 50),
        produceToLiveP99Ms: percentile(latencies, 99),
        alarmsRaised: e.services.alarms.activeCount - alarmsBefore,
        peakRssMiB: Math.round(peakRss / 1048576),
      };
      o.log(`kafka sustained: ${JSON.stringify(sustained)}`);
      return {
        partitions: 4,
        drain,
        sustained,
        deadLetters: e.services.deadLetters.count,
        duplicatesDropped: e.services.history.duplicates,
        idleRssMiB: Math.round(idleRss / 1048576),
      };
    } finally {
      clearInterval(progress);
    }
  } finally {
    clearInterval(sampler);
    await engine?.stop();
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
