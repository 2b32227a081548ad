// The ingest benchmark's Kafka phase: a producer in its own process sends JSON records (one
// device, several signals each) to librdkafka's mock cluster (kcat); an engine with only a
// Kafka source consumes them as a consumer group. End to end means decoded, validated, durable
// in DuckDB (offsets committed only then), limits evaluated on configured devices, and the live
// event emitted. Measures readings per second until every produced reading is stored, loss,
// produce-to-live latency and the engine's peak resident memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptArgs } from './bench-script';
import type { DeviceInput } from '../../../src/shared/domain';
import { Engine } from '../../../src/main/engine/engine';
import { parseConfig } from '../../../src/main/engine/config/load-config';
import { startKafkaMock } from '../../support/kafka-mock';

export interface KafkaPhaseOptions {
  /** Records per second offered. */
  rate: number;
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
      limits: { hi: 95, lo: 2 },
      intervalMs: 1000,
    })),
  }));
}

export async function runKafkaPhase(o: KafkaPhaseOptions) {
  const mock = await startKafkaMock();
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-kafka-'));
  let engine: Engine | undefined;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
  try {
    await mock.createTopics([TOPIC]);
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
    await engine.start();
    const idleRss = process.memoryUsage().rss;
    const latencies: number[] = [];
    let liveReadings = 0;
    const unsubscribe = engine.live.subscribe(undefined, (readings) => {
      const now = Date.now();
      liveReadings += readings.length;
      for (const r of readings) latencies.push(now - r.ts);
    });
    const alarmsBefore = engine.alarms.activeCount;
    peakRss = 0;
    const t0 = performance.now();
    const e = engine;
    let lastStored = 0;
    const progress = setInterval(() => {
      const stored = e.history.stored;
      const h = e.health().sources[0];
      o.log(`kafka: ${stored} stored (+${stored - lastStored} in 2 s), ${h?.pending ?? 0} records pending`);
      lastStored = stored;
    }, 2000);
    const sent = await produce(mock.bootstrap, o).finally(() => clearInterval(progress));
    const deadline = Date.now() + 120_000;
    while (engine.history.stored < sent.readings && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const elapsed = (performance.now() - t0) / 1000;
    const stored = engine.history.stored;
    unsubscribe();
    latencies.sort((a, b) => a - b);
    const result = {
      targetRecordsPerSecond: o.rate,
      readingsPerRecord: o.readingsPerRecord,
      partitions: 4,
      producedRecords: sent.records,
      producedReadings: sent.readings,
      producerSeconds: Math.round(sent.seconds * 10) / 10,
      storedReadings: stored,
      duplicatesDropped: engine.history.duplicates,
      deadLetters: engine.deadLetters.count,
      lost: sent.readings - stored,
      secondsUntilAllStored: Math.round(elapsed * 10) / 10,
      readingsPerSecond: Math.round(stored / elapsed),
      // Live events are coalesced to ~10 per second per series; these are the readings that reached them.
      liveReadings,
      produceToLiveP50Ms: percentile(latencies, 50),
      produceToLiveP99Ms: percentile(latencies, 99),
      alarmsRaised: engine.alarms.activeCount - alarmsBefore,
      idleRssMiB: Math.round(idleRss / 1048576),
      peakRssMiB: Math.round(peakRss / 1048576),
    };
    o.log(`kafka: ${JSON.stringify(result)}`);
    return result;
  } finally {
    clearInterval(sampler);
    await engine?.stop();
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
